import type { ReadModelDb } from '../read-model.database';

export interface ChildListRow {
  child_ref: string;
  name: string | null;
  name_ciphertext: string | null;
  coordinator_id: string | null;
  enrolled_at: Date | null;
  sectors: string[];
  waiting_since: string | null;
}

export interface ChildFilter {
  municipality: string;
  /** Only the caseload of this coordinator. */
  coordinatorId?: string;
  /** Only children who asked for a barnekoordinator and have none yet. */
  waitingForCoordinator?: boolean;
  /** The childRef of the last child of the previous page. */
  after?: string;
  limit: number;
}

/**
 * One page of enrolled children of a municipality (or a coordinator's caseload), by childRef.
 * Erased children are not listed. One more than `limit`. Their gaps are counted by the caller,
 * as each reader may see them (`../visibility`).
 */
export async function findChildren(db: ReadModelDb, filter: ChildFilter): Promise<ChildListRow[]> {
  const parameters: unknown[] = [filter.municipality];
  const where = ['c.municipality = $1', 'c.enrolled', 'c.erased_at IS NULL'];
  if (filter.coordinatorId !== undefined) {
    parameters.push(filter.coordinatorId);
    where.push(`c.coordinator_id = $${parameters.length}`);
  }
  if (filter.waitingForCoordinator)
    where.push(
      `c.coordinator_id IS NULL AND jsonb_array_length(c.facts->'coordinatorRequests') > 0`,
    );
  if (filter.after !== undefined) {
    parameters.push(filter.after);
    where.push(`c.child_ref > $${parameters.length}`);
  }
  parameters.push(filter.limit + 1);
  const { rows } = await db.query<ChildListRow>(
    `SELECT c.child_ref, c.name, c.name_ciphertext, c.coordinator_id, c.enrolled_at, c.sectors,
       CASE WHEN c.coordinator_id IS NULL
         THEN (SELECT min(r->>'at') FROM jsonb_array_elements(c.facts->'coordinatorRequests') r) END AS waiting_since
     FROM read_model.children c
     WHERE ${where.join(' AND ')}
     ORDER BY c.child_ref LIMIT $${parameters.length}`,
    parameters,
  );
  return rows;
}

/** The sectors involved with the child, as far as the read model has seen. */
export async function sectorsOf(db: ReadModelDb, childRef: string): Promise<string[]> {
  const { rows } = await db.query<{ sectors: string[] }>(
    `SELECT sectors FROM read_model.children WHERE child_ref = $1`,
    [childRef],
  );
  return rows[0]?.sectors ?? [];
}

/**
 * The time of each child's latest entry per sector, gap events left out (a gap's time belongs to
 * its rule's sector): the list shows the latest a reader may see the content of.
 */
export async function latestEntriesOf(
  db: ReadModelDb,
  childRefs: readonly string[],
): Promise<Array<{ child_ref: string; sector: string; at: Date }>> {
  const { rows } = await db.query<{ child_ref: string; sector: string; at: Date }>(
    `SELECT child_ref, sector, max(occurred_at) AS at FROM read_model.timeline_entries
     WHERE child_ref = ANY($1::text[]) AND type NOT LIKE 'no.samvirke.coordination.gap-%'
     GROUP BY child_ref, sector`,
    [childRefs],
  );
  return rows;
}
