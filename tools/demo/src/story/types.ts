import { RULE_IDS } from '@samvirke/gap-engine';

/**
 * The scenario's shapes: the requests the demo sends, the children it makes up and the cases
 * designed into them.
 */

/** The rule ids of DOMAIN.md's gap table, as the coordination service names them. */
export const DEMO_RULE_IDS = RULE_IDS;
export type DemoRuleId = (typeof DEMO_RULE_IDS)[number];

/** Still open now; met by its deadline; met after it. */
export const VARIANTS = ['open', 'in-time', 'late'] as const;
export type Variant = (typeof VARIANTS)[number];

export type DemoService = 'health' | 'school' | 'child-welfare' | 'coordination';
export type DemoRole =
  'sector:health' | 'sector:school' | 'sector:child-welfare' | 'coordinator' | 'coordinating-unit';

export type FactKind =
  | 'admission'
  | 'discharge'
  | 'discharge-summary'
  | 'follow-up'
  | 'referral'
  | 'referral-assessment'
  | 'treatment-start'
  | 'absence'
  | 'school-meeting'
  | 'expert-assessment'
  | 'expert-assessment-completion'
  | 'school-enrolment'
  | 'concern-report'
  | 'concern-report-review'
  | 'investigation'
  | 'investigation-extension'
  | 'investigation-conclusion'
  | 'measure'
  | 'measure-evaluation'
  | 'child-enrolment'
  | 'coordinator-request'
  | 'coordinator-assignment'
  | 'consent'
  | 'plan'
  | 'plan-revision'
  | 'responsibility-group-meeting';

/** Stands for the child's reference in coordination paths; the enrolment's answer replaces it. */
export const CHILD_REF = '{childRef}';

export interface DemoRequest {
  service: DemoService;
  method: 'POST' | 'PUT';
  /** Coordination paths hold `{childRef}`. */
  path: string;
  body: Record<string, unknown>;
  role: DemoRole;
  /** The token's subject: a coordinator may act only on the children assigned to them. */
  sub: string;
  idempotencyKey: string;
  /** The child's key in the scenario (never the personal id). */
  child: string;
  /**
   * When the fact happened. The enrolment has no time of its own (the service stamps it when it
   * arrives); its `at` is just before the child's first coordination request, where it is sent.
   */
  at: string;
  fact: FactKind;
}

/** A designed case: which request starts the duty and which one meets it (by idempotency key). */
export interface DemoCase {
  rule: DemoRuleId;
  variant: Variant;
  trigger: string;
  resolution?: string;
  /** Designed to be found (true), or on top of the child's designed case (false). */
  primary: boolean;
}

export interface DemoChild {
  key: string;
  /** The child's place in the scenario, from 1: the first children of a seed are the same for any size. */
  number: number;
  personalId: string;
  name: string;
  birthDate: string;
  enrolled: boolean;
  coordinatorId?: string;
  cases: DemoCase[];
}

export interface DemoScenario {
  seed: string;
  municipality: string;
  /** The `now` the scenario was made for. */
  now: string;
  children: DemoChild[];
  /** Every request, in time order (and in dependency order within a child). */
  requests: DemoRequest[];
}

export interface DemoScenarioOptions {
  seed: string;
  children: number;
  municipality: string;
  now: Date;
}

/** What every child's story is told against (not part of the scenario's public shape). */
export interface StoryContext {
  seed: string;
  municipality: string;
  /** Today's date in Oslo: facts happen on earlier days only. */
  today: number;
  /** The scenario's `now`, in milliseconds. */
  now: number;
}
