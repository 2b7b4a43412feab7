import type { GapFinding, GapRule, RuleResult } from './rule';

/** One duty a rule found: a trigger, a deadline, and the fact that met it (if it came). */
export interface Deadline {
  /** What makes the key unique within the rule, e.g. the admission id. */
  trigger: string;
  evidence: string[];
  triggeredAt: Date;
  dueAt: Date;
  /** Twice the threshold; the rule computes it in its own unit (days, working days, months). */
  escalatesAt: Date;
  /** The earliest fact that fulfils the duty, whenever it happened. */
  resolution?: { at: Date; eventId: string };
  ownerId?: string;
  detail?: GapFinding['detail'];
}

interface Judgement {
  gap?: GapFinding;
  nextCheckAt?: Date;
}

/**
 * The one place that decides what a deadline means, for every rule:
 * - the fact came at or before `dueAt` → no gap (whether it was delivered early, late or out
 *   of order);
 * - the fact came after `dueAt` → a gap resolved late, with how late (always > 0);
 * - no fact and `now` ≥ `dueAt` → an open gap, escalated once `now` ≥ `escalatesAt`;
 * - no fact and `now` < `dueAt` → nothing yet; look again at `dueAt`.
 */
export function judge(rule: GapRule, deadline: Deadline, now: Date): Judgement {
  const { resolution, dueAt, escalatesAt } = deadline;
  if (resolution && resolution.at <= dueAt) return {};
  if (!resolution && now < dueAt) return { nextCheckAt: dueAt };

  const base = {
    key: `${rule.id}:${deadline.trigger}`,
    ruleId: rule.id,
    ruleVersion: rule.version,
    owner: rule.owner,
    ...(deadline.ownerId !== undefined ? { ownerId: deadline.ownerId } : {}),
    legalBasis: rule.legalBasis,
    evidence: deadline.evidence,
    triggeredAt: deadline.triggeredAt,
    dueAt,
    escalatesAt,
    ...(deadline.detail !== undefined ? { detail: deadline.detail } : {}),
  };
  if (resolution) {
    return {
      gap: {
        ...base,
        status: 'resolved-late',
        escalated: resolution.at >= escalatesAt,
        resolvedAt: resolution.at,
        resolvingEventId: resolution.eventId,
        lateByMs: resolution.at.getTime() - dueAt.getTime(),
      },
    };
  }
  const escalated = now >= escalatesAt;
  return {
    gap: { ...base, status: 'open', escalated },
    ...(escalated ? {} : { nextCheckAt: escalatesAt }),
  };
}

/** Judges every deadline of a rule: findings sorted by key, and the earliest next check. */
export function judgeAll(rule: GapRule, deadlines: readonly Deadline[], now: Date): RuleResult {
  const gaps: GapFinding[] = [];
  let nextCheckAt: Date | undefined;
  for (const deadline of deadlines) {
    const judgement = judge(rule, deadline, now);
    if (judgement.gap) gaps.push(judgement.gap);
    nextCheckAt = earliestDate(nextCheckAt, judgement.nextCheckAt);
  }
  gaps.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return nextCheckAt ? { gaps, nextCheckAt } : { gaps };
}

export function earliestDate(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (!a) return b;
  if (!b) return a;
  return a <= b ? a : b;
}

/** A fact's time as a Date. */
export const at = (stamp: { at: string }): Date => new Date(stamp.at);

/** A stamp as a resolution. */
export const resolvedBy = (
  stamp: { at: string; eventId: string } | undefined,
): Deadline['resolution'] =>
  stamp ? { at: new Date(stamp.at), eventId: stamp.eventId } : undefined;
