import type { SqlRunner } from '@samvirke/messaging';
import type { ChildFacts } from '@samvirke/gap-engine';
import type { ChildRow, ChildSummaryRow } from './child-row';
import { newChildRow } from './child-row';
import type { GapRow } from './gap-row';
import type { TimelineRow } from './timeline';
import type { TransferRow } from './transfer-rows';

/**
 * The projection's SQL, one statement per function. Rows go in as one JSON parameter
 * (`jsonb_to_recordset`): one round trip per table and batch, whatever the batch size.
 */

const SUMMARY_COLUMNS = `child_ref, municipality, enrolled, enrolled_at, name_ciphertext, name, coordinator_id,
  coordinator_assigned_at, consents, plan, sectors, last_event_at, event_count, erased_at, next_check_at`;
const CHILD_COLUMNS = `${SUMMARY_COLUMNS}, facts`;

/**
 * Locks the children's rows, creating missing ones, in child_ref order (so two batches that
 * touch the same children wait for each other instead of deadlocking), and reads them. The facts
 * (the bulk of a row) are read only for `withFacts`: a child that got only gap events keeps them.
 */
export async function lockChildren(
  sql: SqlRunner,
  childRefs: string[],
  withFacts: ReadonlySet<string>,
): Promise<Map<string, ChildRow | ChildSummaryRow>> {
  const sorted = [...childRefs].sort();
  await sql.query(
    `INSERT INTO read_model.children (child_ref, facts)
     SELECT ref, $2::jsonb FROM unnest($1::text[]) AS refs(ref)
     ON CONFLICT (child_ref) DO NOTHING`,
    [sorted, JSON.stringify(newChildRow('').facts)],
  );
  const rows = await sql.query(
    `SELECT ${SUMMARY_COLUMNS}, CASE WHEN child_ref = ANY($2::text[]) THEN facts END AS facts
     FROM read_model.children WHERE child_ref = ANY($1::text[]) ORDER BY child_ref FOR UPDATE`,
    [sorted, sorted.filter((ref) => withFacts.has(ref))],
  );
  return new Map(
    rows.map((row) => [
      row.child_ref as string,
      row.facts === null ? toSummaryRow(row) : toChildRow(row),
    ]),
  );
}

/**
 * Claims up to `limit` children whose timer is due, skipping those another instance (or a
 * projection batch) holds, and locks them for this transaction.
 */
export async function claimDueChildren(
  sql: SqlRunner,
  now: Date,
  limit: number,
): Promise<ChildRow[]> {
  const rows = await sql.query(
    `SELECT ${CHILD_COLUMNS} FROM read_model.children
     WHERE next_check_at <= $1
     ORDER BY next_check_at, child_ref
     LIMIT $2
     FOR UPDATE SKIP LOCKED`,
    [now.toISOString(), limit],
  );
  return rows.map(toChildRow);
}

/** Writes the children's rows (they exist: `lockChildren` made them); a row without facts keeps the stored ones. */
export async function writeChildren(
  sql: SqlRunner,
  rows: Array<ChildRow | ChildSummaryRow>,
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await sql.query(
    `UPDATE read_model.children AS c SET
       municipality = r.municipality, enrolled = r.enrolled, enrolled_at = r.enrolled_at,
       name_ciphertext = r.name_ciphertext, name = r.name, coordinator_id = r.coordinator_id,
       coordinator_assigned_at = r.coordinator_assigned_at, facts = coalesce(r.facts, c.facts), consents = r.consents,
       plan = r.plan, sectors = r.sectors, last_event_at = r.last_event_at, event_count = r.event_count,
       erased_at = r.erased_at, next_check_at = r.next_check_at, updated_at = $2
     FROM jsonb_to_recordset($1::jsonb) AS r(
       child_ref text, municipality text, enrolled boolean, enrolled_at timestamptz, name_ciphertext text,
       name text, coordinator_id text, coordinator_assigned_at timestamptz, facts jsonb, consents jsonb,
       plan jsonb, sectors text[], last_event_at timestamptz, event_count integer, erased_at timestamptz,
       next_check_at timestamptz)
     WHERE c.child_ref = r.child_ref`,
    [JSON.stringify(rows), now.toISOString()],
  );
}

/** Sets the children's timers only (the scheduler's write). */
export async function writeNextChecks(
  sql: SqlRunner,
  timers: Array<{ child_ref: string; next_check_at: string | null }>,
  now: Date,
): Promise<void> {
  if (timers.length === 0) return;
  await sql.query(
    `UPDATE read_model.children AS c SET next_check_at = r.next_check_at, updated_at = $2
     FROM jsonb_to_recordset($1::jsonb) AS r(child_ref text, next_check_at timestamptz)
     WHERE c.child_ref = r.child_ref`,
    [JSON.stringify(timers), now.toISOString()],
  );
}

/**
 * Inserts timeline entries; an event id already there (a redelivery, a repeat) is left alone.
 * Resolves to the ids inserted. An id another transaction is inserting right now waits for it,
 * so two batches never both take an event.
 */
export async function insertTimeline(
  sql: SqlRunner,
  rows: TimelineRow[],
  now: Date,
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await sql.query<{ event_id: string }>(
    `INSERT INTO read_model.timeline_entries
       (event_id, child_ref, municipality, sector, type, occurred_at, recorded_at, summary, details, projected_at)
     SELECT r.event_id, r.child_ref, r.municipality, r.sector, r.type, r.occurred_at, r.recorded_at, r.summary, r.details, $2
     FROM jsonb_to_recordset($1::jsonb) AS r(event_id text, child_ref text, municipality text, sector text, type text,
       occurred_at timestamptz, recorded_at timestamptz, summary text, details jsonb)
     ON CONFLICT (event_id) DO NOTHING
     RETURNING event_id`,
    [JSON.stringify(rows), now.toISOString()],
  );
  return new Set(inserted.map((row) => row.event_id));
}

/** Empties the details of an erased child's timeline (the summaries stay: they hold no content). */
export async function eraseTimelineDetails(sql: SqlRunner, childRefs: string[]): Promise<void> {
  if (childRefs.length === 0) return;
  await sql.query(
    `UPDATE read_model.timeline_entries SET details = '{}'::jsonb WHERE child_ref = ANY($1::text[]) AND details <> '{}'::jsonb`,
    [childRefs],
  );
}

/**
 * Strips an erased child's gaps of what could say something about the child: the rule's key
 * (it names the sector's record, e.g. an admission id) and the coordinators' notes. The rest
 * (rule, status, times) stays for the anonymous figures; a key-less row is matched by its id.
 */
export async function eraseGapPersonalData(sql: SqlRunner, childRefs: string[]): Promise<void> {
  if (childRefs.length === 0) return;
  await sql.query(
    `UPDATE read_model.gaps SET gap_key = NULL, note = NULL, acknowledged_note = NULL, resolution_note = NULL
     WHERE child_ref = ANY($1::text[])
       AND (gap_key IS NOT NULL OR note IS NOT NULL OR acknowledged_note IS NOT NULL OR resolution_note IS NOT NULL)`,
    [childRefs],
  );
}

const GAP_COLUMNS = `gap_id::text AS gap_id, gap_key, child_ref, municipality, rule_id, rule_version, status, owner,
  owner_id, legal_basis, evidence, detail, triggered_at, opened_at, due_at, escalates_at, escalated, resolved_at,
  resolution, resolving_event_id, resolved_by, late_by_ms, acknowledged_at, acknowledged_by, note, acknowledged_note, resolution_note`;

/** The gaps of the children (whose rows the caller has locked), and those with the ids `gapIds`. */
export async function gapsOfChildren(
  sql: SqlRunner,
  childRefs: string[],
  gapIds: string[] = [],
): Promise<GapRow[]> {
  if (childRefs.length === 0 && gapIds.length === 0) return [];
  const rows = await sql.query(
    `SELECT ${GAP_COLUMNS} FROM read_model.gaps WHERE child_ref = ANY($1::text[]) OR gap_id = ANY($2::uuid[])`,
    [childRefs, gapIds],
  );
  return rows.map(toGapRow);
}

/** The gaps with these ids. */
export async function gapsById(sql: SqlRunner, gapIds: string[]): Promise<GapRow[]> {
  if (gapIds.length === 0) return [];
  const rows = await sql.query(
    `SELECT ${GAP_COLUMNS} FROM read_model.gaps WHERE gap_id = ANY($1::uuid[])`,
    [gapIds],
  );
  return rows.map(toGapRow);
}

/** Writes whole gap rows; `detected_at` stays as first written. */
export async function upsertGaps(sql: SqlRunner, rows: GapRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  await sql.query(
    `INSERT INTO read_model.gaps (gap_id, gap_key, child_ref, municipality, rule_id, rule_version, status, owner,
       owner_id, legal_basis, evidence, detail, triggered_at, opened_at, due_at, escalates_at, escalated, resolved_at,
       resolution, resolving_event_id, resolved_by, late_by_ms, acknowledged_at, acknowledged_by, note, acknowledged_note,
       resolution_note, detected_at, updated_at)
     SELECT r.gap_id, r.gap_key, r.child_ref, r.municipality, r.rule_id, r.rule_version, r.status, r.owner,
       r.owner_id, r.legal_basis, r.evidence, r.detail, r.triggered_at, r.opened_at, r.due_at, r.escalates_at, r.escalated,
       r.resolved_at, r.resolution, r.resolving_event_id, r.resolved_by, r.late_by_ms, r.acknowledged_at, r.acknowledged_by,
       r.note, r.acknowledged_note, r.resolution_note, $2, $2
     FROM jsonb_to_recordset($1::jsonb) AS r(gap_id uuid, gap_key text, child_ref text, municipality text, rule_id text,
       rule_version integer, status text, owner text, owner_id text, legal_basis text, evidence text[], detail jsonb,
       triggered_at timestamptz, opened_at timestamptz, due_at timestamptz, escalates_at timestamptz, escalated boolean,
       resolved_at timestamptz, resolution text, resolving_event_id text, resolved_by text, late_by_ms bigint,
       acknowledged_at timestamptz, acknowledged_by text, note text, acknowledged_note text, resolution_note text)
     ON CONFLICT (gap_id) DO UPDATE SET
       gap_key = EXCLUDED.gap_key, child_ref = EXCLUDED.child_ref, municipality = EXCLUDED.municipality,
       rule_id = EXCLUDED.rule_id, rule_version = EXCLUDED.rule_version, status = EXCLUDED.status,
       owner = EXCLUDED.owner, owner_id = EXCLUDED.owner_id, legal_basis = EXCLUDED.legal_basis,
       evidence = EXCLUDED.evidence, detail = EXCLUDED.detail, triggered_at = EXCLUDED.triggered_at,
       opened_at = EXCLUDED.opened_at, due_at = EXCLUDED.due_at, escalates_at = EXCLUDED.escalates_at,
       escalated = EXCLUDED.escalated, resolved_at = EXCLUDED.resolved_at, resolution = EXCLUDED.resolution,
       resolving_event_id = EXCLUDED.resolving_event_id, resolved_by = EXCLUDED.resolved_by,
       late_by_ms = EXCLUDED.late_by_ms, acknowledged_at = EXCLUDED.acknowledged_at,
       acknowledged_by = EXCLUDED.acknowledged_by, note = EXCLUDED.note, acknowledged_note = EXCLUDED.acknowledged_note,
       resolution_note = EXCLUDED.resolution_note, updated_at = EXCLUDED.updated_at`,
    [JSON.stringify(rows), now.toISOString()],
  );
}

/** Queues the engine's events for the event store; one already queued (same id) is not queued again. */
export async function enqueueGapEvents(
  sql: SqlRunner,
  events: Array<{ event_id: string; stream_id: string; envelope: unknown }>,
): Promise<void> {
  if (events.length === 0) return;
  await sql.query(
    `INSERT INTO coordination_gap_outbox (event_id, stream_id, envelope)
     SELECT r.event_id, r.stream_id, r.envelope
     FROM jsonb_to_recordset($1::jsonb) AS r(n integer, event_id uuid, stream_id text, envelope jsonb)
     ORDER BY r.n
     ON CONFLICT (event_id) DO NOTHING`,
    [JSON.stringify(events.map((event, n) => ({ n, ...event })))],
  );
}

// Rows come back with Dates (timestamptz) and strings (bigint); the projection works in ISO strings.
const isoOrNull = (value: unknown): string | null =>
  value === null || value === undefined
    ? null
    : value instanceof Date
      ? value.toISOString()
      : new Date(String(value)).toISOString();

function toChildRow(row: Record<string, unknown>): ChildRow {
  return { ...toSummaryRow(row), facts: row.facts as ChildFacts };
}

function toSummaryRow(row: Record<string, unknown>): ChildSummaryRow {
  return {
    child_ref: row.child_ref as string,
    municipality: (row.municipality as string | null) ?? null,
    enrolled: row.enrolled as boolean,
    enrolled_at: isoOrNull(row.enrolled_at),
    name_ciphertext: (row.name_ciphertext as string | null) ?? null,
    name: (row.name as string | null) ?? null,
    coordinator_id: (row.coordinator_id as string | null) ?? null,
    coordinator_assigned_at: isoOrNull(row.coordinator_assigned_at),
    consents: (row.consents ?? {}) as ChildRow['consents'],
    plan: (row.plan ?? null) as ChildRow['plan'],
    sectors: (row.sectors ?? []) as ChildRow['sectors'],
    last_event_at: isoOrNull(row.last_event_at),
    event_count: Number(row.event_count ?? 0),
    erased_at: isoOrNull(row.erased_at),
    next_check_at: isoOrNull(row.next_check_at),
  };
}

function toGapRow(row: Record<string, unknown>): GapRow {
  return {
    gap_id: row.gap_id as string,
    gap_key: (row.gap_key as string | null) ?? null,
    child_ref: row.child_ref as string,
    municipality: (row.municipality as string | null) ?? null,
    rule_id: row.rule_id as string,
    rule_version: Number(row.rule_version),
    status: row.status as GapRow['status'],
    owner: row.owner as string,
    owner_id: (row.owner_id as string | null) ?? null,
    legal_basis: row.legal_basis as string,
    evidence: (row.evidence ?? []) as string[],
    detail: (row.detail ?? null) as GapRow['detail'],
    triggered_at: isoOrNull(row.triggered_at),
    opened_at: isoOrNull(row.opened_at) as string,
    due_at: isoOrNull(row.due_at) as string,
    escalates_at: isoOrNull(row.escalates_at),
    escalated: row.escalated as boolean,
    resolved_at: isoOrNull(row.resolved_at),
    resolution: (row.resolution as GapRow['resolution']) ?? null,
    resolving_event_id: (row.resolving_event_id as string | null) ?? null,
    resolved_by: (row.resolved_by as string | null) ?? null,
    late_by_ms:
      row.late_by_ms === null || row.late_by_ms === undefined ? null : Number(row.late_by_ms),
    acknowledged_at: isoOrNull(row.acknowledged_at),
    acknowledged_by: (row.acknowledged_by as string | null) ?? null,
    note: (row.note as string | null) ?? null,
    acknowledged_note: (row.acknowledged_note as string | null) ?? null,
    resolution_note: (row.resolution_note as string | null) ?? null,
  };
}

/** Writes the batch's transfers; a column an event does not carry keeps what is stored, and an answer outranks `pending`. */
export async function upsertTransfers(
  sql: SqlRunner,
  rows: TransferRow[],
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await sql.query(
    `INSERT INTO read_model.transfers (transfer_id, child_ref, from_municipality, to_municipality, status, requested_at,
       requested_by, answered_at, answered_by, reason, updated_at)
     SELECT r.transfer_id, r.child_ref, r.from_municipality, r.to_municipality, r.status, r.requested_at, r.requested_by,
       r.answered_at, r.answered_by, r.reason, $2
     FROM jsonb_to_recordset($1::jsonb) AS r(transfer_id text, child_ref text, from_municipality text, to_municipality text,
       status text, requested_at timestamptz, requested_by text, answered_at timestamptz, answered_by text, reason text)
     ON CONFLICT (transfer_id) DO UPDATE SET
       from_municipality = COALESCE(EXCLUDED.from_municipality, transfers.from_municipality),
       to_municipality = COALESCE(EXCLUDED.to_municipality, transfers.to_municipality),
       status = CASE WHEN EXCLUDED.status = 'pending' THEN transfers.status ELSE EXCLUDED.status END,
       requested_at = COALESCE(EXCLUDED.requested_at, transfers.requested_at),
       requested_by = COALESCE(EXCLUDED.requested_by, transfers.requested_by),
       answered_at = COALESCE(EXCLUDED.answered_at, transfers.answered_at),
       answered_by = COALESCE(EXCLUDED.answered_by, transfers.answered_by),
       reason = COALESCE(EXCLUDED.reason, transfers.reason),
       updated_at = EXCLUDED.updated_at`,
    [JSON.stringify(rows), now.toISOString()],
  );
}

/**
 * Moves the unresolved gaps of children whose municipality changed (an accepted transfer, or the
 * enrolment of a child the facts had placed elsewhere) to it: the new unit must act on them.
 * Resolved gaps stay in the figures of the municipality where they were met.
 */
export async function moveOpenGaps(sql: SqlRunner, childRefs: string[], now: Date): Promise<void> {
  if (childRefs.length === 0) return;
  await sql.query(
    `UPDATE read_model.gaps g SET municipality = c.municipality, updated_at = $2
     FROM read_model.children c
     WHERE c.child_ref = ANY($1::text[]) AND g.child_ref = c.child_ref AND g.status <> 'resolved'
       AND g.municipality IS DISTINCT FROM c.municipality`,
    [childRefs, now.toISOString()],
  );
}
