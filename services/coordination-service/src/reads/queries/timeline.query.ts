import type { TimelineRow } from '../visibility';
import type { ReadModelDb } from '../read-model.database';

export interface TimelineFilter {
  childRef: string;
  /** Inclusive. */
  from?: string;
  /** Exclusive. */
  to?: string;
  sector?: string;
  /** The (occurred_at, event_id) of the last entry of the previous page. */
  before?: readonly [string, string];
  limit: number;
}

export type TimelineRowWithCursor = TimelineRow & { cursorAt: string };

/** One page of a child's timeline, newest first, keyset-paged on (occurred_at, event_id). One more than `limit`. */
export async function findTimeline(db: ReadModelDb, filter: TimelineFilter): Promise<TimelineRowWithCursor[]> {
  const parameters: unknown[] = [filter.childRef];
  const where = ['child_ref = $1'];
  const add = (condition: (n: string) => string, value: unknown) => {
    parameters.push(value);
    where.push(condition(`$${parameters.length}`));
  };
  if (filter.from !== undefined) add((n) => `occurred_at >= ${n}::timestamptz`, filter.from);
  if (filter.to !== undefined) add((n) => `occurred_at < ${n}::timestamptz`, filter.to);
  if (filter.sector !== undefined) add((n) => `sector = ${n}`, filter.sector);
  if (filter.before !== undefined) {
    parameters.push(filter.before[0], filter.before[1]);
    where.push(`(occurred_at, event_id) < ($${parameters.length - 1}::timestamptz, $${parameters.length})`);
  }
  parameters.push(filter.limit + 1);
  const { rows } = await db.query<{
    event_id: string;
    type: string;
    sector: string;
    occurred_at: Date;
    recorded_at: Date;
    summary: string;
    municipality: string;
    details: Record<string, unknown>;
    cursor_at: string;
  }>(
    `SELECT event_id, type, sector, occurred_at, recorded_at, summary, municipality, details,
       to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
     FROM read_model.timeline_entries WHERE ${where.join(' AND ')}
     ORDER BY occurred_at DESC, event_id DESC LIMIT $${parameters.length}`,
    parameters,
  );
  return rows.map((row) => ({
    eventId: row.event_id,
    type: row.type,
    sector: row.sector,
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    summary: row.summary,
    municipality: row.municipality,
    details: row.details ?? {},
    cursorAt: row.cursor_at,
  }));
}
