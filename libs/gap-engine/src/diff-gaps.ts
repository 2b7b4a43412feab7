import type { GapFinding, OpenGapFinding, ResolvedLateGapFinding } from './rule';

/** A gap the projection already holds for the child. */
export interface KnownGap {
  key: string;
  status: 'open' | 'acknowledged' | 'resolved';
  escalated: boolean;
}

export interface AutoResolution {
  key: string;
  /**
   * `fact-arrived`: the missing fact came (late), at `resolvedAt`, by `resolvingEventId`.
   * `no-longer-applies`: the rule no longer finds the gap (a fact delivered late showed the duty
   * was met in time or never arose, or the child was erased); resolved as of `now`.
   */
  reason: 'fact-arrived' | 'no-longer-applies';
  resolvedAt: Date;
  resolvingEventId?: string;
  lateByMs: number;
}

export interface GapChanges {
  /** New gaps: due, fact missing. */
  open: OpenGapFinding[];
  /** New gaps already met late (history, or a late delivery): open and resolve at once. */
  openResolved: ResolvedLateGapFinding[];
  /** Open or acknowledged gaps to close automatically. */
  resolve: AutoResolution[];
  /** Open or acknowledged gaps now past twice their threshold, not flagged before. */
  escalate: OpenGapFinding[];
}

/**
 * What the projection must do to bring its gaps in line with the rules' findings for a child.
 * A gap resolved before (by a person or automatically) is never reopened: keys are stable and a
 * duty that arises anew has a new key.
 */
export function diffGaps(
  known: readonly KnownGap[],
  findings: readonly GapFinding[],
  now: Date,
): GapChanges {
  const byKey = new Map(known.map((gap) => [gap.key, gap]));
  const found = new Set<string>();
  const changes: GapChanges = { open: [], openResolved: [], resolve: [], escalate: [] };

  for (const finding of findings) {
    found.add(finding.key);
    const gap = byKey.get(finding.key);
    if (!gap) {
      if (finding.status === 'open') changes.open.push(finding);
      else changes.openResolved.push(finding);
      continue;
    }
    if (gap.status === 'resolved') continue;
    if (finding.status === 'resolved-late') {
      changes.resolve.push({
        key: finding.key,
        reason: 'fact-arrived',
        resolvedAt: finding.resolvedAt,
        resolvingEventId: finding.resolvingEventId,
        lateByMs: finding.lateByMs,
      });
    } else if (finding.escalated && !gap.escalated) {
      changes.escalate.push(finding);
    }
  }

  for (const gap of known) {
    if (gap.status !== 'resolved' && !found.has(gap.key)) {
      changes.resolve.push({
        key: gap.key,
        reason: 'no-longer-applies',
        resolvedAt: now,
        lateByMs: 0,
      });
    }
  }
  const byFindingKey = (a: { key: string }, b: { key: string }) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  changes.resolve.sort(byFindingKey);
  return changes;
}
