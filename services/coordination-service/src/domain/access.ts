/**
 * Who may act on or read a child (ARCHITECTURE "Identity and privacy"): only people of the
 * child's own municipality; the coordinating unit (and, for figures and gaps, the auditor)
 * for every child there, a coordinator only for the children assigned to them.
 */

/** The caller as a verified token names them. */
export interface Caller {
  sub: string;
  roles: readonly string[];
  municipality?: string;
}

/** What access depends on: the child's municipality and current coordinator. */
export interface ChildScope {
  municipality: string;
  coordinatorId?: string;
}

export type AccessVerdict = 'allowed' | 'other-municipality' | 'not-their-child';

/** Roles that see every child of their municipality. */
export const MUNICIPALITY_WIDE_ROLES = ['coordinating-unit', 'auditor'] as const;

/**
 * The verdict for `caller` on `child`, when the action is open to `roles`. The caller is assumed
 * to hold at least one of them (the route's role guard saw to it). The two refusals tell the
 * caller nothing: the API answers both as it answers a child not enrolled (404).
 */
export function accessTo(
  caller: Caller,
  child: ChildScope,
  roles: readonly string[],
): AccessVerdict {
  if (caller.municipality === undefined || caller.municipality !== child.municipality)
    return 'other-municipality';
  const held = caller.roles.filter((role) => roles.includes(role));
  if (held.some((role) => (MUNICIPALITY_WIDE_ROLES as readonly string[]).includes(role)))
    return 'allowed';
  if (held.includes('coordinator') && child.coordinatorId === caller.sub) return 'allowed';
  return 'not-their-child';
}

/** The caller sees their whole municipality (not only a caseload) under these roles. */
export function seesMunicipality(caller: Caller, roles: readonly string[]): boolean {
  return caller.roles.some(
    (role) => roles.includes(role) && (MUNICIPALITY_WIDE_ROLES as readonly string[]).includes(role),
  );
}
