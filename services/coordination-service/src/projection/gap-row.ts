import type { GapResolution, GapStatus } from '../read-model';

/** A row of `read_model.gaps` (times as ISO 8601 UTC strings). */
export interface GapRow {
  gap_id: string;
  gap_key: string | null;
  child_ref: string;
  municipality: string | null;
  rule_id: string;
  rule_version: number;
  status: GapStatus;
  owner: string;
  owner_id: string | null;
  legal_basis: string;
  evidence: string[];
  detail: Record<string, unknown> | null;
  triggered_at: string | null;
  opened_at: string;
  due_at: string;
  escalates_at: string | null;
  escalated: boolean;
  resolved_at: string | null;
  resolution: GapResolution | null;
  resolving_event_id: string | null;
  resolved_by: string | null;
  late_by_ms: number | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  /** The note of a manual resolution, else that of the first acknowledgement (`noteOf`). */
  note: string | null;
  acknowledged_note: string | null;
  resolution_note: string | null;
}

/** What every gap has from the moment it opens: what `gap-opened` says of it. */
export type OpenedGap = Pick<
  GapRow,
  | 'gap_id'
  | 'child_ref'
  | 'municipality'
  | 'rule_id'
  | 'rule_version'
  | 'owner'
  | 'legal_basis'
  | 'evidence'
  | 'opened_at'
  | 'due_at'
>;

/** A gap row as it opens: open, unacknowledged, unresolved, with nothing yet of what the rules add. */
export function newGapRow(gap: OpenedGap): GapRow {
  return {
    gap_id: gap.gap_id,
    gap_key: null,
    child_ref: gap.child_ref,
    municipality: gap.municipality,
    rule_id: gap.rule_id,
    rule_version: gap.rule_version,
    status: 'open',
    owner: gap.owner,
    owner_id: null,
    legal_basis: gap.legal_basis,
    evidence: gap.evidence,
    detail: null,
    triggered_at: null,
    opened_at: gap.opened_at,
    due_at: gap.due_at,
    escalates_at: null,
    escalated: false,
    resolved_at: null,
    resolution: null,
    resolving_event_id: null,
    resolved_by: null,
    late_by_ms: null,
    acknowledged_at: null,
    acknowledged_by: null,
    note: null,
    acknowledged_note: null,
    resolution_note: null,
  };
}
