import type { GapOwner } from '@samvirke/contracts';
import type { ChildFacts } from './child-facts';
import type { Thresholds } from './thresholds';

export type { GapOwner };

// What a gap rule is and what it finds. The gap a coordinator acknowledges and resolves (its
// events and states) is another thing: the coordination service's `domain/gap/gap.ts`.

/** The rule ids of DOMAIN.md's gap table. */
export const RULE_IDS = [
  'health.discharge-follow-up',
  'health.discharge-summary',
  'health.referral-assessment',
  'health.treatment-deadline',
  'school.absence-follow-up',
  'school.expert-assessment',
  'childwelfare.report-review',
  'childwelfare.investigation',
  'childwelfare.measure-evaluation',
  'coordination.coordinator-request',
  'coordination.multi-sector',
  'coordination.plan-review',
  'coordination.responsibility-group',
  'coordination.transition',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

interface GapFindingBase {
  /** Deterministic: `<ruleId>:<trigger>`. The same gap is never opened twice. */
  key: string;
  ruleId: RuleId;
  ruleVersion: number;
  owner: GapOwner;
  /** The coordinator's id, when the owner is `coordinator` and one is assigned. */
  ownerId?: string;
  legalBasis: string;
  /** Ids of the events that opened the gap. */
  evidence: string[];
  /** When the duty began (the trigger fact's time). */
  triggeredAt: Date;
  /** The deadline: a fact at or before it is in time; without one, the gap opens at it. */
  dueAt: Date;
  /** When an unresolved gap is flagged to the coordinating unit (twice the threshold). */
  escalatesAt: Date;
  /** Open past `escalatesAt` (or, for a late resolution, it was before it was resolved). */
  escalated: boolean;
  /** What kind of gap, without content (e.g. which sectors, which transition). */
  detail?: Readonly<Record<string, string | number | readonly string[]>>;
}

/** The deadline has passed and the fact is still missing. */
export interface OpenGapFinding extends GapFindingBase {
  status: 'open';
}

/** The fact came, but after the deadline: history keeps the gap and how late it was. */
export interface ResolvedLateGapFinding extends GapFindingBase {
  status: 'resolved-late';
  resolvedAt: Date;
  resolvingEventId: string;
  lateByMs: number;
}

export type GapFinding = OpenGapFinding | ResolvedLateGapFinding;

export interface RuleResult {
  /** Sorted by key. A fact that came in time gives no finding. */
  gaps: GapFinding[];
  /** The earliest future instant at which this result changes without a new event. */
  nextCheckAt?: Date;
}

export interface GapRule<Id extends RuleId = RuleId> {
  readonly id: Id;
  readonly version: number;
  readonly owner: GapOwner;
  readonly legalBasis: string;
  /** Pure: the child's facts and `now` in, findings out. */
  evaluate(facts: ChildFacts, now: Date, thresholds: Thresholds): RuleResult;
}
