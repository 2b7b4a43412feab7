import type { GapOwner } from '@samvirke/contracts';
import type { ChildFacts } from './child-facts';
import type { RuleId } from './rules';

export type { GapOwner };

// What a gap rule is and what it finds. The gap a coordinator acknowledges and resolves (its
// events and states) is another thing: the coordination service's `domain/gap/gap.ts`.

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

/** A rule's numbers, by name (`days`, `months`, …); a municipality may change any of them. */
export type RuleSettings = Readonly<Record<string, number>>;

export interface GapRule<Id extends string = RuleId, Settings extends RuleSettings = RuleSettings> {
  /** `<sector>.<duty>`, as DOMAIN.md's gap table names it. */
  readonly id: Id;
  readonly version: number;
  readonly owner: GapOwner;
  readonly legalBasis: string;
  /** DOMAIN.md's numbers; where the law gives a number, the law's. */
  readonly defaults: Settings;
  /** Pure: the child's facts, `now` and the rule's settings (its municipality's) in, findings out. */
  evaluate(facts: ChildFacts, now: Date, settings: Settings): RuleResult;
}
