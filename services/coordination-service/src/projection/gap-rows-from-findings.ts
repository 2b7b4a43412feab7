import { makeEnvelope, type EventEnvelope, type GapOwner } from '@samvirke/contracts';
import { diffGaps, type GapFinding, type KnownGap } from '@samvirke/gap-engine';
import { gapEventIdOf, gapIdOf } from '../read-model';
import { GAP_OPENED, GAP_RESOLVED } from './gap-events';
import { newGapRow, type GapRow } from './gap-row';

const COORDINATION_SOURCE = '/samvirke/coordination-service';
/** The note of an engine resolution that closes a gap the rules no longer find. */
export const NO_LONGER_APPLIES_NOTE =
  'no longer applies: a fact delivered late met the duty in time';

export interface GapReconciliation {
  /** New and changed rows only. */
  rows: GapRow[];
  /** The engine's events (`gap-opened`, `gap-resolved`), with deterministic ids, in order. */
  events: EventEnvelope[];
  opened: number;
  resolved: number;
}

const iso = (date: Date) => date.toISOString();

/**
 * Brings a child's gap rows in line with the rules' findings (`diffGaps`), and says which gap
 * events that takes. Pure. A gap opens at its deadline in event time (`opened_at = due_at`), so
 * the rows do not depend on when the projection happened to look.
 */
export function reconcileGaps(input: {
  childRef: string;
  municipality: string | null;
  findings: readonly GapFinding[];
  known: readonly GapRow[];
  now: Date;
}): GapReconciliation {
  const { childRef, municipality, findings, known, now } = input;
  const rowsById = new Map(known.map((row) => [row.gap_id, row]));
  const findingById = new Map(findings.map((finding) => [gapIdOf(childRef, finding.key), finding]));
  const idByKey = new Map([...findingById].map(([id, finding]) => [finding.key, id]));
  // A row known from its events alone has no key: it is the finding with its id, or no finding at all.
  const keyOf = (row: GapRow) =>
    row.gap_key ?? findingById.get(row.gap_id)?.key ?? `#${row.gap_id}`;
  const knownGaps: KnownGap[] = known.map((row) => ({
    key: keyOf(row),
    status: row.status,
    escalated: row.escalated,
  }));
  const changes = diffGaps(knownGaps, findings, now);

  const changed = new Map<string, GapRow>();
  const events: EventEnvelope[] = [];
  const current = (id: string) => changed.get(id) ?? rowsById.get(id);
  let opened = 0;
  let resolved = 0;

  for (const finding of [...changes.open, ...changes.openResolved]) {
    const id = idByKey.get(finding.key) as string;
    const row = rowOfFinding(childRef, municipality, id, finding);
    changed.set(id, row);
    events.push(gapOpenedEvent(row, now));
    opened += 1;
    if (row.status === 'resolved') {
      events.push(gapResolvedEvent(row, now));
      resolved += 1;
    }
  }
  for (const resolution of changes.resolve) {
    const id =
      idByKey.get(resolution.key) ?? known.find((row) => keyOf(row) === resolution.key)?.gap_id;
    const row = id === undefined ? undefined : current(id);
    if (!row) continue;
    const finding = findingById.get(row.gap_id);
    const next: GapRow =
      resolution.reason === 'fact-arrived'
        ? {
            ...row,
            status: 'resolved',
            resolution: 'auto',
            resolved_at: iso(resolution.resolvedAt),
            resolving_event_id: resolution.resolvingEventId ?? null,
            late_by_ms: resolution.lateByMs,
            escalated: row.escalated || (finding?.escalated ?? false),
          }
        : {
            ...row,
            status: 'resolved',
            resolution: 'no-longer-applies',
            resolved_at: iso(resolution.resolvedAt),
            resolving_event_id: null,
            late_by_ms: 0,
          };
    changed.set(row.gap_id, next);
    events.push(gapResolvedEvent(next, now));
    resolved += 1;
  }
  for (const finding of changes.escalate) {
    const id = idByKey.get(finding.key) as string;
    const row = current(id);
    if (row) changed.set(id, { ...row, escalated: true });
  }
  // What the rules say about a gap may sharpen as facts arrive (the key of a row known from its
  // events alone, evidence, the coordinator who owns it): the rows follow the latest findings.
  for (const [id, finding] of findingById) {
    const row = current(id);
    if (!row) continue;
    const described = describe(row, finding);
    if (described !== row) changed.set(id, described);
  }
  return { rows: [...changed.values()], events, opened, resolved };
}

function rowOfFinding(
  childRef: string,
  municipality: string | null,
  id: string,
  finding: GapFinding,
): GapRow {
  const row: GapRow = {
    ...newGapRow({
      gap_id: id,
      child_ref: childRef,
      municipality,
      rule_id: finding.ruleId,
      rule_version: finding.ruleVersion,
      owner: finding.owner,
      legal_basis: finding.legalBasis,
      evidence: [...finding.evidence],
      opened_at: iso(finding.dueAt),
      due_at: iso(finding.dueAt),
    }),
    gap_key: finding.key,
    owner_id: finding.ownerId ?? null,
    detail: finding.detail ? { ...finding.detail } : null,
    triggered_at: iso(finding.triggeredAt),
    escalates_at: iso(finding.escalatesAt),
    escalated: finding.escalated,
  };
  if (finding.status === 'open') return row;
  return {
    ...row,
    status: 'resolved',
    resolution: 'auto',
    resolved_at: iso(finding.resolvedAt),
    resolving_event_id: finding.resolvingEventId,
    late_by_ms: finding.lateByMs,
  };
}

/** The row with the finding's descriptive fields; the same object when nothing differs. */
function describe(row: GapRow, finding: GapFinding): GapRow {
  const fields = {
    gap_key: finding.key,
    owner_id: finding.ownerId ?? null,
    evidence: [...finding.evidence],
    detail: finding.detail ? { ...finding.detail } : null,
    triggered_at: iso(finding.triggeredAt),
    escalates_at: iso(finding.escalatesAt),
    // A deadline missed in history that was flagged stays flagged, whichever way the row came.
    escalated: row.escalated || (finding.status === 'resolved-late' && finding.escalated),
  };
  const same = (Object.keys(fields) as Array<keyof typeof fields>).every((name) =>
    sameJson(row[name], fields[name]),
  );
  return same ? row : { ...row, ...fields };
}

/**
 * Equal as JSON, whatever the order of object keys: a row read back from PostgreSQL has its
 * `detail` in jsonb's key order (shorter keys first), not the rule's, and is no change.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => sameJson(item, b[i]))
    );
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left).filter((key) => left[key] !== undefined);
  return (
    keys.length === Object.keys(right).filter((key) => right[key] !== undefined).length &&
    keys.every((key) => Object.hasOwn(right, key) && sameJson(left[key], right[key]))
  );
}

function gapOpenedEvent(row: GapRow, now: Date): EventEnvelope {
  const id = gapEventIdOf(row.gap_id, 'opened');
  return makeEnvelope({
    id,
    type: GAP_OPENED,
    source: COORDINATION_SOURCE,
    subject: row.child_ref,
    time: row.opened_at,
    municipality: row.municipality ?? '0000',
    recordedAt: iso(now),
    causationId: row.evidence[0] ?? id,
    correlationId: row.evidence[0] ?? id,
    data: {
      gapId: row.gap_id,
      ruleId: row.rule_id,
      ruleVersion: row.rule_version,
      owner: row.owner as GapOwner,
      legalBasis: row.legal_basis,
      evidence: row.evidence,
      openedAt: row.opened_at,
      dueAt: row.due_at,
    },
  });
}

function gapResolvedEvent(row: GapRow, now: Date): EventEnvelope {
  const id = gapEventIdOf(row.gap_id, 'resolved');
  const cause = row.resolving_event_id ?? row.evidence[0] ?? id;
  return makeEnvelope({
    id,
    type: GAP_RESOLVED,
    source: COORDINATION_SOURCE,
    subject: row.child_ref,
    time: row.resolved_at as string,
    municipality: row.municipality ?? '0000',
    recordedAt: iso(now),
    causationId: cause,
    correlationId: row.evidence[0] ?? id,
    data: {
      gapId: row.gap_id,
      resolvedAt: row.resolved_at as string,
      how: 'auto',
      ...(row.resolving_event_id !== null ? { resolvingEventId: row.resolving_event_id } : {}),
      lateByMs: row.late_by_ms ?? 0,
      ...(row.resolution === 'no-longer-applies' ? { note: NO_LONGER_APPLIES_NOTE } : {}),
    },
  });
}
