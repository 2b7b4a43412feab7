export const ROLES = [
  'sector:health',
  'sector:school',
  'sector:child-welfare',
  'coordinator',
  'coordinating-unit',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Who is calling, from a verified token. */
export interface Principal {
  /** The user or system id (`sub`). */
  sub: string;
  /** Known roles only; a token's unknown roles are dropped. */
  roles: Role[];
  /** Kommunenummer, four digits; absent for callers not tied to one municipality. */
  municipality?: string;
  /** Display name; the `sub` when the token has none. */
  name: string;
  /** The token's `iss`, when it has one. */
  issuer?: string;
}

export const KOMMUNENUMMER = /^\d{4}$/;

/**
 * Reads the claims of a verified token into a principal, or says what is wrong with them.
 * Pure, so the rules for claims are tested without tokens.
 */
export function principalFromClaims(
  claims: Record<string, unknown>,
): Principal | { error: string } {
  const { sub, roles, municipality, name } = claims;
  if (typeof sub !== 'string' || sub.length === 0) return { error: 'the token has no subject' };
  if (!Array.isArray(roles)) return { error: 'the token has no roles array' };
  if (
    municipality !== undefined &&
    (typeof municipality !== 'string' || !KOMMUNENUMMER.test(municipality))
  ) {
    return { error: 'the token municipality is not a 4-digit kommunenummer' };
  }
  return {
    sub,
    roles: roles.filter(isRole),
    ...(municipality !== undefined ? { municipality } : {}),
    name: typeof name === 'string' && name.length > 0 ? name : sub,
  };
}
