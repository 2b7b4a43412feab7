import type { ReadModelDb } from '../read-model.database';

export interface ChildListRow {
  child_ref: string;
  name: string | null;
  name_ciphertext: string | null;
  coordinator_id: string | null;
  enrolled_at: Date | null;
  sectors: string[];
  last_event_at: Date | null;
  open_gaps: number;
}

export interface ChildFilter {
  municipality: string;
  /** Only the caseload of this coordinator. */
  coordinatorId?: string;
  /** The childRef of the last child of the previous page. */
  after?: string;
  limit: number;
}

/**
 * One page of enrolled children of a municipality (or a coordinator's caseload) with their
 * unresolved gaps counted, by childRef. Erased children are not listed. One more than `limit`.
 */
export async function findChildren(db: ReadModelDb, filter: ChildFilter): Promise<ChildListRow[]> {
  const parameters: unknown[] = [filter.municipality];
  const where = ['c.municipality = $1', 'c.enrolled', 'c.erased_at IS NULL'];
  if (filter.coordinatorId !== undefined) {
    parameters.push(filter.coordinatorId);
    where.push(`c.coordinator_id = $${parameters.length}`);
  }
  if (filter.after !== undefined) {
    parameters.push(filter.after);
    where.push(`c.child_ref > $${parameters.length}`);
  }
  parameters.push(filter.limit + 1);
  const { rows } = await db.query<ChildListRow>(
    `SELECT c.child_ref, c.name, c.name_ciphertext, c.coordinator_id, c.enrolled_at, c.sectors, c.last_event_at,
       (SELECT count(*)::int FROM read_model.gaps g WHERE g.child_ref = c.child_ref AND g.status <> 'resolved') AS open_gaps
     FROM read_model.children c WHERE ${where.join(' AND ')}
     ORDER BY c.child_ref LIMIT $${parameters.length}`,
    parameters,
  );
  return rows;
}

/** The sectors involved with the child, as far as the read model has seen. */
export async function sectorsOf(db: ReadModelDb, childRef: string): Promise<string[]> {
  const { rows } = await db.query<{ sectors: string[] }>(`SELECT sectors FROM read_model.children WHERE child_ref = $1`, [childRef]);
  return rows[0]?.sectors ?? [];
}
