import type { Role } from '@samvirke/platform';

/** Someone the embedded run's log-in page lets you be. */
export interface DemoUser {
  id: string;
  name: string;
  roles: Role[];
  municipality: string;
  /** For a coordinator: how many children they coordinate. */
  children?: number;
}

export const DEMO_UNIT_ID = 'demo-ke';
export const DEMO_AUDITOR_ID = 'demo-revisor';

/**
 * The demo users of a municipality: each coordinator who has children there (in id order, with
 * their caseload), the coordinating unit and an auditor. Pure: the caller reads the coordinators.
 */
export function demoUsers(
  municipality: string,
  coordinators: ReadonlyArray<{ id: string; children: number }>,
): DemoUser[] {
  const sorted = [...coordinators].sort((a, b) =>
    a.id.localeCompare(b.id, 'en', { numeric: true }),
  );
  return [
    ...sorted.map(({ id, children }, index) => ({
      id,
      name: `Koordinator ${index + 1}`,
      roles: ['coordinator'] as Role[],
      municipality,
      children,
    })),
    { id: DEMO_UNIT_ID, name: 'Koordinerende enhet', roles: ['coordinating-unit'], municipality },
    { id: DEMO_AUDITOR_ID, name: 'Revisor', roles: ['auditor'], municipality },
  ];
}
