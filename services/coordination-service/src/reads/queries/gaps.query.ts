import type { ReadModelDb } from '../read-model.database';
import { gapAsSeen, type Visibility } from '../visibility';

/** A gap as the API shows it (CONTRACT `GET /v1/gaps`), with the read model's extra facts. */
export interface GapView {
  gapId: string;
  childRef: string;
  ruleId: string;
  ruleVersion: number;
  status: string;
  openedAt: string;
  dueAt: string;
  resolvedAt?: string;
  owner: string;
  ownerId?: string;
  legalBasis: string;
  evidence: string[];
  detail?: Record<string, unknown>;
  escalated: boolean;
  escalatesAt?: string;
  resolution?: string;
  lateByMs?: number;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  resolvedBy?: string;
  note?: string;
}

export interface GapRow {
  gap_id: string;
  child_ref: string;
  rule_id: string;
  rule_version: number;
  status: string;
  opened_at: Date;
  due_at: Date;
  resolved_at: Date | null;
  owner: string;
  owner_id: string | null;
  legal_basis: string;
  evidence: string[];
  detail: Record<string, unknown> | null;
  escalated: boolean;
  escalates_at: Date | null;
  resolution: string | null;
  late_by_ms: string | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  resolved_by: string | null;
  note: string | null;
  cursor_at: string;
}

export const GAP_COLUMNS = `g.gap_id::text AS gap_id, g.child_ref, g.rule_id, g.rule_version, g.status, g.opened_at,
  g.due_at, g.resolved_at, g.owner, g.owner_id, g.legal_basis, g.evidence, g.detail, g.escalated, g.escalates_at,
  g.resolution, g.late_by_ms, g.acknowledged_at, g.acknowledged_by, g.resolved_by, g.note,
  to_char(g.opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at`;

const iso = (date: Date | null): string | undefined => date?.toISOString();

/** `withNotes`: the people who work the gaps see the notes; auditors see the figures, not the words. */
export function gapView(row: GapRow, withNotes: boolean): GapView {
  const optional = {
    resolvedAt: iso(row.resolved_at),
    ownerId: row.owner_id ?? undefined,
    detail: row.detail ?? undefined,
    escalatesAt: iso(row.escalates_at),
    resolution: row.resolution ?? undefined,
    lateByMs: row.late_by_ms === null ? undefined : Number(row.late_by_ms),
    acknowledgedAt: iso(row.acknowledged_at),
    acknowledgedBy: row.acknowledged_by ?? undefined,
    resolvedBy: row.resolved_by ?? undefined,
    note: withNotes ? (row.note ?? undefined) : undefined,
  };
  return {
    gapId: row.gap_id,
    childRef: row.child_ref,
    ruleId: row.rule_id,
    ruleVersion: row.rule_version,
    status: row.status,
    openedAt: row.opened_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    owner: row.owner,
    legalBasis: row.legal_basis,
    evidence: row.evidence,
    escalated: row.escalated,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  };
}

/**
 * A gap of a sector whose content the reader may not see: only that a deadline there has
 * passed, and where it stands. No rule, evidence, legal basis, detail, notes or other times.
 */
export interface RestrictedGapView {
  gapId: string;
  childRef: string;
  restricted: true;
  sector: string;
  status: string;
  owner: string;
  openedAt: string;
  dueAt: string;
  escalated: boolean;
}

/** A gap as this reader may see it (`../visibility`), or undefined where it is not shown at all. */
export function gapSeen(
  row: GapRow,
  withNotes: boolean,
  visibility: Visibility,
): GapView | RestrictedGapView | undefined {
  const sight = gapAsSeen(
    { ruleId: row.rule_id, evidence: row.evidence, detail: row.detail },
    visibility,
  );
  if (sight.as === 'hidden') return undefined;
  if (sight.as === 'shown')
    return gapView(
      { ...row, evidence: [...sight.gap.evidence], detail: sight.gap.detail ?? null },
      withNotes,
    );
  return {
    gapId: row.gap_id,
    childRef: row.child_ref,
    restricted: true,
    sector: sight.sector,
    status: row.status,
    owner: row.owner,
    openedAt: row.opened_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    escalated: row.escalated,
  };
}

export interface GapFilter {
  municipality: string;
  /** Only the caseload of this coordinator. */
  coordinatorId?: string;
  /** A status, or `unresolved` (open or acknowledged). */
  status?: string;
  /** The sector whose rule found the gap (`health`, `school`, `child-welfare`, `coordination`). */
  sector?: string;
  ruleId?: string;
  childRef?: string;
  /** The (opened_at, gap_id) of the last gap of the previous page. */
  after?: readonly [string, string];
  limit: number;
}

/** Rule ids start with their sector's name, child welfare's without the hyphen (`childwelfare.report-review`). */
export function ruleIdPrefixOf(sector: string): string {
  return sector.replace('-', '');
}

/** One page of gaps, oldest deadline first. Fetches one more than `limit` to tell whether more follow. */
export async function findGaps(db: ReadModelDb, filter: GapFilter): Promise<GapRow[]> {
  const parameters: unknown[] = [filter.municipality];
  const where = ['g.municipality = $1'];
  const add = (condition: (n: string) => string, value: unknown) => {
    parameters.push(value);
    where.push(condition(`$${parameters.length}`));
  };
  if (filter.coordinatorId !== undefined) {
    add(
      (n) =>
        `EXISTS (SELECT 1 FROM read_model.children c WHERE c.child_ref = g.child_ref AND c.coordinator_id = ${n})`,
      filter.coordinatorId,
    );
  }
  if (filter.status === 'unresolved') where.push(`g.status <> 'resolved'`);
  else if (filter.status !== undefined) add((n) => `g.status = ${n}`, filter.status);
  if (filter.sector !== undefined)
    add((n) => `g.rule_id LIKE ${n}`, `${ruleIdPrefixOf(filter.sector)}.%`);
  if (filter.ruleId !== undefined) add((n) => `g.rule_id = ${n}`, filter.ruleId);
  if (filter.childRef !== undefined) add((n) => `g.child_ref = ${n}`, filter.childRef);
  if (filter.after !== undefined) {
    parameters.push(filter.after[0], filter.after[1]);
    where.push(
      `(g.opened_at, g.gap_id) > ($${parameters.length - 1}::timestamptz, $${parameters.length}::uuid)`,
    );
  }
  parameters.push(filter.limit + 1);
  const { rows } = await db.query<GapRow>(
    `SELECT ${GAP_COLUMNS} FROM read_model.gaps g WHERE ${where.join(' AND ')}
     ORDER BY g.opened_at, g.gap_id LIMIT $${parameters.length}`,
    parameters,
  );
  return rows;
}

/** The children's gaps not yet resolved, oldest deadline first. */
export async function unresolvedGapsOf(
  db: ReadModelDb,
  childRefs: readonly string[],
): Promise<GapRow[]> {
  const { rows } = await db.query<GapRow>(
    `SELECT ${GAP_COLUMNS} FROM read_model.gaps g WHERE g.child_ref = ANY($1::text[]) AND g.status <> 'resolved'
     ORDER BY g.due_at, g.gap_id`,
    [childRefs],
  );
  return rows;
}
