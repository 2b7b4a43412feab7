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

/** The roles of sector systems: they record facts about children. */
export const SECTOR_ROLES = [
  'sector:health',
  'sector:school',
  'sector:child-welfare',
] as const satisfies readonly Role[];

/** Who is calling, from a verified token. */
export interface Principal {
  /** The user or system id (`sub`). */
  sub: string;
  /** Known roles only; a token's unknown roles are dropped. */
  roles: Role[];
  /** Kommunenummer, four digits; absent for callers not tied to one municipality. */
  municipality?: string;
  /**
   * The municipalities a sector system serves when it serves several (a hospital's region).
   * Never together with `municipality`; a sector token with neither serves the whole country.
   */
  municipalities?: string[];
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
  const { sub, roles, municipality, municipalities, name } = claims;
  if (typeof sub !== 'string' || sub.length === 0) return { error: 'the token has no subject' };
  if (!Array.isArray(roles)) return { error: 'the token has no roles array' };
  if (
    municipality !== undefined &&
    (typeof municipality !== 'string' || !KOMMUNENUMMER.test(municipality))
  ) {
    return { error: 'the token municipality is not a 4-digit kommunenummer' };
  }
  if (municipalities !== undefined) {
    if (municipality !== undefined)
      return { error: 'the token has both municipality and municipalities' };
    if (
      !Array.isArray(municipalities) ||
      municipalities.length === 0 ||
      !municipalities.every((code) => typeof code === 'string' && KOMMUNENUMMER.test(code))
    ) {
      return { error: 'the token municipalities is not a non-empty list of 4-digit kommunenummer' };
    }
  }
  return {
    sub,
    roles: roles.filter(isRole),
    ...(municipality !== undefined ? { municipality } : {}),
    ...(municipalities !== undefined
      ? { municipalities: [...new Set(municipalities as string[])].sort() }
      : {}),
    name: typeof name === 'string' && name.length > 0 ? name : sub,
  };
}

/** The municipalities whose children a caller may record facts about: every one, or those listed. */
export type Reach = 'national' | readonly string[];

/**
 * What the caller's token lets it name: its `municipality`, or its `municipalities`; a sector
 * system with neither is national (a hospital), anyone else with neither reaches no one.
 */
export function reachOf(principal: Principal): Reach {
  if (principal.municipality !== undefined) return [principal.municipality];
  if (principal.municipalities !== undefined) return principal.municipalities;
  return principal.roles.some((role) => (SECTOR_ROLES as readonly Role[]).includes(role))
    ? 'national'
    : [];
}

export function reaches(reach: Reach, municipality: string): boolean {
  return reach === 'national' || reach.includes(municipality);
}
