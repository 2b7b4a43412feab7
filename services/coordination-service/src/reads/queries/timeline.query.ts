import type { GapFacts, TimelineRow } from '../visibility';
import type { ReadModelDb } from '../read-model.database';

export interface TimelineFilter {
  childRef: string;
  /** Inclusive. */
  from?: string;
  /** Exclusive. */
  to?: string;
  sector?: string;
  /** Only these sectors (those whose content the reader sees). */
  sectors?: readonly string[];
  /** The (occurred_at, event_id) of the last entry of the previous page. */
  before?: readonly [string, string];
  limit: number;
}

/** `gap`: for an entry of a gap event, the gap's facts as the read model holds them (to judge its visibility by). */
export type TimelineRowWithCursor = TimelineRow & { cursorAt: string; gap?: GapFacts };

/** One page of a child's timeline, newest first, keyset-paged on (occurred_at, event_id). One more than `limit`. */
export async function findTimeline(
  db: ReadModelDb,
  filter: TimelineFilter,
): Promise<TimelineRowWithCursor[]> {
  const parameters: unknown[] = [filter.childRef];
  const where = ['t.child_ref = $1'];
  const add = (condition: (n: string) => string, value: unknown) => {
    parameters.push(value);
    where.push(condition(`$${parameters.length}`));
  };
  if (filter.from !== undefined) add((n) => `t.occurred_at >= ${n}::timestamptz`, filter.from);
  if (filter.to !== undefined) add((n) => `t.occurred_at < ${n}::timestamptz`, filter.to);
  if (filter.sector !== undefined) add((n) => `t.sector = ${n}`, filter.sector);
  if (filter.sectors !== undefined) add((n) => `t.sector = ANY(${n}::text[])`, filter.sectors);
  if (filter.before !== undefined) {
    parameters.push(filter.before[0], filter.before[1]);
    where.push(
      `(t.occurred_at, t.event_id) < ($${parameters.length - 1}::timestamptz, $${parameters.length})`,
    );
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
    gap_rule_id: string | null;
    gap_evidence: string[] | null;
    gap_detail: Record<string, unknown> | null;
  }>(
    `SELECT t.event_id, t.type, t.sector, t.occurred_at, t.recorded_at, t.summary, t.municipality, t.details,
       to_char(t.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at,
       g.rule_id AS gap_rule_id, g.evidence AS gap_evidence, g.detail AS gap_detail
     FROM read_model.timeline_entries t
     LEFT JOIN read_model.gaps g ON t.type LIKE 'no.samvirke.coordination.gap-%'
       AND g.child_ref = t.child_ref AND g.gap_id::text = t.details->>'gapId'
     WHERE ${where.join(' AND ')}
     ORDER BY t.occurred_at DESC, t.event_id DESC LIMIT $${parameters.length}`,
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
    ...(row.gap_rule_id === null
      ? {}
      : {
          gap: {
            ruleId: row.gap_rule_id,
            evidence: row.gap_evidence ?? [],
            detail: row.gap_detail,
          },
        }),
  }));
}
