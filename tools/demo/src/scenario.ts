import { birthDateOf, SyntheticPersonalIdGenerator } from '@samvirke/identity';
import {
  addYears,
  dayOf,
  dayOfIsoDate,
  DAY_MS,
  HOUR_MS,
  isoDate,
  isSchoolDay,
  MINUTE_MS,
  nextConsecutiveSchoolDay,
  osloDayOf,
  osloTime,
  schoolDayFrom,
  weekday,
  workingDayFrom,
  year,
  type Day,
} from './calendar';
import {
  CONCERN_REPORTERS,
  EXTENSION_REASONS,
  facilitiesOf,
  FIRST_NAMES,
  LAST_NAMES,
  MEASURE_KINDS,
} from './names';
import { Random } from './random';

/**
 * The demo municipality: children with synthetic personal ids and a year of facts, as the HTTP
 * requests the sector systems and the coordinating unit would send. Pure and seeded: the same
 * options give the same requests, byte for byte, so a rerun repeats them (and the services
 * answer 200 and append nothing).
 *
 * Each child gets one designed case (a gap rule and how it ends: still open, met in time, met
 * late), cycling through all 14 × 3 so that any 42 consecutive children cover every one; on top,
 * ordinary facts (enrolment at school, a sick day now and then, a hospital stay that went as it
 * should, a coordinator and an individual plan for some) and a few more cases at random.
 */

import {
  CHILD_REF,
  DEMO_RULE_IDS,
  VARIANTS,
  type DemoCase,
  type DemoChild,
  type DemoRequest,
  type DemoRole,
  type DemoRuleId,
  type DemoScenario,
  type DemoScenarioOptions,
  type DemoService,
  type FactKind,
  type Variant,
} from './story/types';

export {
  CHILD_REF,
  DEMO_RULE_IDS,
  VARIANTS,
  type DemoCase,
  type DemoChild,
  type DemoRequest,
  type DemoRole,
  type DemoRuleId,
  type DemoScenario,
  type DemoScenarioOptions,
  type DemoService,
  type FactKind,
  type Variant,
};

export const DEFAULT_DEMO_CHILDREN = 200;
export const DEFAULT_DEMO_MUNICIPALITY = '0301';
export const DEFAULT_DEMO_SEED = 'samvirke';

const SEED_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;

/** Every (rule, variant) pair, in a seeded order: child n's designed case is pair n mod 42. */
export function designedPairs(seed: string): Array<[DemoRuleId, Variant]> {
  const pairs = DEMO_RULE_IDS.flatMap((rule) =>
    VARIANTS.map((v): [DemoRuleId, Variant] => [rule, v]),
  );
  return new Random(`${seed}/pairs`).shuffle(pairs);
}

export function demoScenario(options: DemoScenarioOptions): DemoScenario {
  const { seed, municipality, now } = options;
  if (!SEED_PATTERN.test(seed)) {
    throw new RangeError(
      `seed must be 1 to 32 letters, digits or '-', starting with a letter or digit`,
    );
  }
  if (!/^\d{4}$/.test(municipality))
    throw new RangeError('municipality must be a 4-digit kommunenummer');
  if (!Number.isInteger(options.children) || options.children < 0 || options.children > 100_000) {
    throw new RangeError('children must be a whole number from 0 to 100000');
  }
  if (Number.isNaN(now.getTime())) throw new RangeError('now must be a valid date');

  const pairs = designedPairs(seed);
  const used = new Set<string>();
  const stories: Story[] = [];
  const context: Context = { seed, municipality, today: osloDayOf(now), now: now.getTime() };
  for (let no = 1; no <= options.children; no++) {
    stories.push(buildChild(context, no, pairs[(no - 1) % pairs.length], used));
  }
  const entries = stories.flatMap((s) => s.entries());
  entries.sort((a, b) => a.ms - b.ms || a.no - b.no || a.seq - b.seq);
  return {
    seed,
    municipality,
    now: now.toISOString(),
    children: stories.map((s) => s.child()),
    requests: entries.map((e) => e.request),
  };
}

interface Context {
  seed: string;
  municipality: string;
  /** Today's date in Oslo: facts happen on earlier days only. */
  today: Day;
  now: number;
}

interface Entry {
  ms: number;
  no: number;
  seq: number;
  request: DemoRequest;
}

type Profile = 'none' | 'request-open' | 'request-in-time' | 'request-late' | 'direct';

interface Transition {
  kind: 'school-start' | 'upper-secondary' | 'age-18';
  on: Day;
  birth: readonly [Day, Day];
  meeting?: Day;
  variant: Variant;
}

const YEAR = 365;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

function buildChild(
  ctx: Context,
  no: number,
  [rule, variant]: [DemoRuleId, Variant],
  used: Set<string>,
): Story {
  const rng = new Random(`${ctx.seed}/child/${no}`);
  const { today } = ctx;
  const key = `demo-${ctx.seed}-${pad(no, 4)}`;

  // Who the child is: the transition case fixes the birth date; school cases need a pupil.
  const transition =
    rule === 'coordination.transition' ? planTransition(ctx, rng, variant) : undefined;
  const pupil = [
    'school.absence-follow-up',
    'school.expert-assessment',
    'coordination.multi-sector',
  ].includes(rule);
  const birthRange: readonly [Day, Day] =
    transition?.birth ??
    (pupil
      ? [addYears(today, -17) + 30, addYears(today, -8)]
      : [addYears(today, -17) + 30, addYears(today, -1)]);
  const personalId = drawPersonalId(ctx, no, birthRange, used, transition === undefined);
  const birth = dayOfIsoDate(birthDateOf(personalId));
  const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;

  const story = new Story(ctx, no, key, personalId, name, isoDate(birth), rng);
  story.school = schoolOf(ctx, rng, birth);

  // The coordinating unit's side: a request, a coordinator, an individual plan.
  const plan = rule === 'coordination.plan-review' || rule === 'coordination.responsibility-group';
  let profile: Profile;
  if (rule === 'coordination.coordinator-request') {
    profile =
      variant === 'open'
        ? 'request-open'
        : variant === 'in-time'
          ? 'request-in-time'
          : 'request-late';
  } else if (rule === 'coordination.multi-sector') {
    profile = variant === 'open' ? 'none' : variant === 'in-time' ? 'request-in-time' : 'direct';
  } else if (plan) {
    profile = rng.weighted({ 'request-in-time': 5, direct: 3, 'request-late': 2 });
  } else {
    profile = rng.weighted({
      none: 55,
      'request-in-time': 14,
      direct: 14,
      'request-late': 7,
      'request-open': 10,
    });
  }
  const coordinator = `demo-coord-${ctx.municipality}-${rng.int(1, 6)}`;
  const quietBeforeAssignment = rule === 'coordination.multi-sector' && variant === 'in-time';

  // When the request and the assignment happen (the multi-sector late case decides its own).
  let requested: Day | undefined;
  let assigned: Day | undefined;
  if (plan) {
    assigned = today - (profile === 'request-late' ? rng.int(200, 280) : rng.int(200, 300));
  } else if (quietBeforeAssignment) {
    assigned = today - rng.int(150, 300);
  }
  switch (profile) {
    case 'request-open':
      requested = today - rng.int(32, 120);
      break;
    case 'request-in-time':
      if (assigned === undefined) {
        requested = today - rng.int(40, 340);
        assigned = requested + rng.int(3, 25);
      } else requested = assigned - rng.int(3, 25);
      break;
    case 'request-late':
      if (assigned === undefined) {
        requested = today - rng.int(80, 340);
        assigned = Math.min(requested + rng.int(35, 75), today - 5);
      } else requested = assigned - rng.int(35, 60);
      break;
    case 'direct':
      if (assigned === undefined && rule !== 'coordination.multi-sector')
        assigned = today - rng.int(20, 340);
      break;
    case 'none':
      break;
  }
  story.enrolled =
    profile !== 'none' || transition !== undefined || rule === 'coordination.multi-sector'
      ? !(rule === 'coordination.multi-sector' && variant === 'open' && rng.chance(0.5))
      : rng.chance(0.8);

  // The designed case first, then the multi-sector late case's assignment.
  const primary = { primary: true };
  switch (rule) {
    case 'health.discharge-follow-up':
      story.dischargeFollowUpCase(variant, assigned, primary);
      break;
    case 'health.discharge-summary':
      story.dischargeSummaryCase(variant, primary);
      break;
    case 'health.referral-assessment':
      story.referralAssessmentCase(variant, primary);
      break;
    case 'health.treatment-deadline':
      story.treatmentDeadlineCase(variant, primary);
      break;
    case 'school.absence-follow-up':
      story.absenceCase(variant, primary);
      break;
    case 'school.expert-assessment':
      story.expertAssessmentCase(variant, primary);
      break;
    case 'childwelfare.report-review':
      story.reportReviewCase(variant, primary);
      break;
    case 'childwelfare.investigation':
      story.investigationCase(variant, primary);
      break;
    case 'childwelfare.measure-evaluation':
      story.measureCase(variant, primary);
      break;
    case 'coordination.multi-sector':
      assigned = story.multiSectorCase(variant, assigned);
      if (variant === 'late' && assigned !== undefined && rng.chance(0.5))
        requested = assigned - rng.int(3, 20);
      break;
    case 'coordination.transition':
      story.transitionCase(transition as Transition, primary);
      break;
    case 'coordination.coordinator-request':
    case 'coordination.plan-review':
    case 'coordination.responsibility-group':
      break; // made with the coordination facts below
  }

  // More of what happens to children: a few more cases, mostly met in time.
  if (!quietBeforeAssignment) {
    const extra = () => rng.weighted<Variant>({ 'in-time': 70, late: 15, open: 15 });
    const secondary = { primary: false };
    if (rng.chance(0.3)) {
      const which = rng.pick(['dfu', 'ds', 'ra', 'td'] as const);
      if (which === 'dfu') story.dischargeFollowUpCase(extra(), assigned, secondary);
      if (which === 'ds') story.dischargeSummaryCase(extra(), secondary);
      if (which === 'ra') story.referralAssessmentCase(extra(), secondary);
      if (which === 'td') story.treatmentDeadlineCase(extra(), secondary);
    }
    if (story.school && rng.chance(0.25)) {
      if (rule !== 'school.absence-follow-up' && rng.chance(0.5))
        story.absenceCase(extra(), secondary);
      else story.expertAssessmentCase(extra(), secondary);
    }
    if (rng.chance(0.15)) {
      const which = rng.pick(['rr', 'inv', 'me'] as const);
      if (which === 'rr') story.reportReviewCase(extra(), secondary);
      if (which === 'inv') story.investigationCase(extra(), secondary);
      if (which === 'me') story.measureCase(extra(), secondary);
    }
    story.background();
  }
  story.ordinarySchool();

  // The coordination facts.
  if (story.enrolled) {
    const caseOf = rule === 'coordination.coordinator-request';
    if (requested !== undefined) {
      const request = story.coordinatorRequest(requested);
      if (assigned === undefined)
        story.addCase('coordination.coordinator-request', 'open', request, undefined, caseOf);
      else
        story.pendingRequest = {
          key: request,
          variant: assigned - requested > 30 ? 'late' : 'in-time',
          primary: caseOf,
        };
    }
    if (assigned !== undefined) {
      story.assignCoordinator(assigned, coordinator);
      story.consent(assigned);
      if (plan || (assigned <= today - 60 && rng.chance(0.5))) {
        const pick = () => rng.weighted<Variant>({ 'in-time': 60, late: 20, open: 20 });
        const prVariant = rule === 'coordination.plan-review' ? variant : pick();
        const rgVariant = rule === 'coordination.responsibility-group' ? variant : pick();
        const established = plan ? assigned + rng.int(10, 20) : assigned + rng.int(10, 40);
        story.individualPlan(Math.min(established, today - 20), prVariant, rgVariant, rule);
      }
    }
  }
  return story;
}

/** A distinct synthetic number born in the range; children without a designed transition have none near. */
function drawPersonalId(
  ctx: Context,
  no: number,
  [from, to]: readonly [Day, Day],
  used: Set<string>,
  quiet: boolean,
): string {
  const generator = new SyntheticPersonalIdGenerator(`${ctx.seed}/${no}`, {
    bornBetween: [isoDate(from), isoDate(to)],
  });
  // Each seed keeps to one eighth of the individual numbers, so that two seeds sent to the same
  // services seldom draw the same child (who would then be enrolled twice under two names).
  const bucket = new Random(`${ctx.seed}/ids`).int(0, 7);
  for (;;) {
    const id = generator.next();
    if (used.has(id) || Number(id.slice(6, 9)) % 8 !== bucket) continue;
    const birth = dayOfIsoDate(birthDateOf(id));
    if (quiet && transitionsOf(birth).some(([, on]) => on > ctx.today && on <= ctx.today + 200))
      continue;
    if (!quiet && isoDate(birth).endsWith('-02-29')) continue;
    used.add(id);
    return id;
  }
}

/** School start (1 August of the year the child turns 6), upper secondary (the year it turns 16), the 18th birthday. */
function transitionsOf(birth: Day): Array<[Transition['kind'], Day]> {
  const y = year(birth);
  return [
    ['school-start', dayOf(y + 6, 8, 1)],
    ['upper-secondary', dayOf(y + 16, 8, 1)],
    ['age-18', addYears(birth, 18)],
  ];
}

/**
 * A transition the case needs: open and late need one within the next 6 months (its meeting was
 * due 6 months before); in time, one whose meeting window (12 to 6 months before) has begun.
 */
function planTransition(ctx: Context, rng: Random, variant: Variant): Transition {
  const { today } = ctx;
  const options: Transition[] = [];
  for (const y of [year(today), year(today) + 1]) {
    const on = dayOf(y, 8, 1);
    const soon = on >= today + 10 && on <= today + 170;
    const windowOpen = on >= today + 10 && on - 358 <= Math.min(today - 1, on - 190);
    if (variant === 'in-time' ? windowOpen : soon) {
      options.push({
        kind: 'school-start',
        on,
        birth: [dayOf(y - 6, 1, 1), dayOf(y - 6, 12, 31)],
        variant,
      });
      options.push({
        kind: 'upper-secondary',
        on,
        birth: [dayOf(y - 16, 1, 1), dayOf(y - 16, 12, 31)],
        variant,
      });
    }
  }
  // The 18th birthday is always possible; prefer it when a school transition is not.
  let on18 = today + rng.int(10, 170);
  while (isoDate(on18).endsWith('-02-29')) on18 += 1;
  const birth18 = addYears(on18, -18);
  if (options.length === 0 || rng.chance(0.5)) {
    options.splice(0, options.length, {
      kind: 'age-18',
      on: addYears(birth18, 18),
      birth: [birth18, birth18],
      variant,
    });
  }
  const chosen = rng.pick(options);
  if (variant === 'in-time')
    chosen.meeting = workingDayClamp(
      rng.int(chosen.on - 358, Math.min(today - 1, chosen.on - 190)),
      chosen.on - 358,
      Math.min(today - 1, chosen.on - 190),
    );
  if (variant === 'late')
    chosen.meeting = workingDayClamp(
      rng.int(chosen.on - 175, today - 1),
      chosen.on - 175,
      today - 1,
    );
  return chosen;
}

/** The first working day from `day` if it stays within bounds, else `day`. */
function workingDayClamp(day: Day, min: Day, max: Day): Day {
  const working = workingDayFrom(day);
  return working >= min && working <= max ? working : day;
}

interface School {
  schoolId: string;
  stage: 'primary' | 'lower-secondary' | 'upper-secondary';
  from: Day;
  /** Absence and meetings only for pupils who were at school the whole year. */
  wholeYear: boolean;
  previousSchoolId?: string;
}

/** The child's school this year, or undefined for a child not yet at school. */
function schoolOf(ctx: Context, rng: Random, birth: Day): School | undefined {
  const { today, municipality } = ctx;
  let start = schoolYearStart(year(today));
  if (start > today - 1) start = schoolYearStart(year(today) - 1);
  const grade = year(start) - year(birth) - 5;
  if (grade < 1 || grade > 13) return undefined;
  const schoolOfStage = (stage: School['stage']) =>
    stage === 'primary'
      ? `${municipality}-bs-${pad(rng.int(1, 12), 2)}`
      : stage === 'lower-secondary'
        ? `${municipality}-us-${pad(rng.int(1, 6), 2)}`
        : `${municipality}-vgs-${pad(rng.int(1, 4), 2)}`;
  const stage: School['stage'] =
    grade <= 7 ? 'primary' : grade <= 10 ? 'lower-secondary' : 'upper-secondary';
  const previous = grade === 8 ? 'primary' : grade === 11 ? 'lower-secondary' : undefined;
  return {
    schoolId: schoolOfStage(stage),
    stage,
    from: start,
    wholeYear: grade >= 2 && year(today) - year(birth) >= 8,
    ...(previous ? { previousSchoolId: schoolOfStage(previous) } : {}),
  };
}

/** The first Monday from 15 August: when the school year begins. */
function schoolYearStart(y: number): Day {
  let d = dayOf(y, 8, 15);
  while (weekday(d) !== 1) d += 1;
  return d;
}

/** One child's requests as they are made, and the cases designed into them. */
class Story {
  enrolled = true;
  school: School | undefined;
  pendingRequest: { key: string; variant: Variant; primary: boolean } | undefined;
  private readonly list: Entry[] = [];
  private readonly cases: DemoCase[] = [];
  private coordinatorId: string | undefined;
  private counters = new Map<string, number>();
  /** Absence is kept apart from these days (a designed streak and its follow-up). */
  private readonly absenceBlocked: Array<[Day, Day]> = [];
  private readonly absent = new Set<Day>();

  constructor(
    private readonly ctx: Context,
    private readonly no: number,
    private readonly key: string,
    private readonly personalId: string,
    private readonly name: string,
    private readonly birthDate: string,
    private readonly rng: Random,
  ) {}

  child(): DemoChild {
    return {
      key: this.key,
      no: this.no,
      personalId: this.personalId,
      name: this.name,
      birthDate: this.birthDate,
      enrolled: this.enrolled,
      ...(this.coordinatorId ? { coordinatorId: this.coordinatorId } : {}),
      cases: this.cases,
    };
  }

  /** The requests, the enrolment first among the coordination ones (its answer names the childRef). */
  entries(): Entry[] {
    const list = [...this.list];
    if (this.enrolled) {
      const coordination = list
        .filter((e) => e.request.service === 'coordination')
        .map((e) => e.ms);
      const ms = coordination.length > 0 ? Math.min(...coordination) - MINUTE_MS : this.ctx.now;
      list.push({
        ms,
        no: this.no,
        seq: -1,
        request: {
          service: 'coordination',
          method: 'POST',
          path: '/v1/children',
          body: {
            personalId: this.personalId,
            name: this.name,
            municipality: this.ctx.municipality,
          },
          role: 'coordinating-unit',
          sub: this.unit(),
          idempotencyKey: `${this.key}-enrolment`,
          child: this.key,
          at: osloTime(Math.min(ms, this.ctx.now)),
          fact: 'child-enrolment',
        },
      });
    }
    return list;
  }

  /** The idempotency key of the child's enrolment: the transition rule's evidence (the birth date). */
  get enrolmentKey(): string {
    return `${this.key}-enrolment`;
  }

  addCase(
    rule: DemoRuleId,
    variant: Variant,
    trigger: string,
    resolution: string | undefined,
    primary: boolean,
  ) {
    this.cases.push({ rule, variant, trigger, ...(resolution ? { resolution } : {}), primary });
  }

  // ---- time

  /** An instant in office hours on `day`, strictly after `notBefore` when given. */
  private time(day: Day, notBefore?: number): number {
    let ms = day * DAY_MS + 7 * HOUR_MS + this.rng.int(0, 27) * 15 * MINUTE_MS;
    if (notBefore !== undefined && ms <= notBefore)
      ms = notBefore + this.rng.int(1, 8) * 15 * MINUTE_MS;
    return ms;
  }

  private id(kind: string): string {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return `${this.key}-${kind}-${n}`;
  }

  private unit(): string {
    return `demo-unit-${this.ctx.municipality}`;
  }

  private add(
    service: DemoService,
    path: string,
    body: Record<string, unknown>,
    fact: FactKind,
    ms: number,
    idempotencyKey: string,
    method: 'POST' | 'PUT' = 'POST',
  ): string {
    const role: DemoRole =
      service === 'health'
        ? 'sector:health'
        : service === 'school'
          ? 'sector:school'
          : service === 'child-welfare'
            ? 'sector:child-welfare'
            : fact === 'coordinator-request' || fact === 'coordinator-assignment'
              ? 'coordinating-unit'
              : 'coordinator';
    const sub =
      role === 'coordinator'
        ? (this.coordinatorId as string)
        : role === 'coordinating-unit'
          ? this.unit()
          : `demo-${service}`;
    this.list.push({
      ms,
      no: this.no,
      seq: this.list.length,
      request: {
        service,
        method,
        path,
        body,
        role,
        sub,
        idempotencyKey,
        child: this.key,
        at: osloTime(ms),
        fact,
      },
    });
    return idempotencyKey;
  }

  private who() {
    return { personalId: this.personalId, municipality: this.ctx.municipality };
  }

  // ---- health

  private admission(options: {
    discharge: Day;
    kind: 'inpatient' | 'day' | 'emergency';
    followUpNeeded: boolean;
    summary: 'in-time' | 'late' | 'none';
    followUp: 'in-time' | 'late' | 'none';
  }) {
    const { today } = this.ctx;
    const admissionId = this.id('adm');
    const stay = options.kind === 'inpatient' ? this.rng.int(1, 12) : 0;
    const admittedMs = this.time(Math.max(options.discharge - stay, today - YEAR));
    this.add(
      'health',
      '/v1/admissions',
      {
        admissionId,
        ...this.who(),
        facility: this.rng.pick(facilitiesOf(this.ctx.municipality)),
        kind: options.kind,
        admittedAt: osloTime(admittedMs),
      },
      'admission',
      admittedMs,
      admissionId,
    );
    const dischargedMs = this.time(options.discharge, admittedMs);
    const discharge = this.add(
      'health',
      `/v1/admissions/${admissionId}/discharge`,
      {
        dischargedAt: osloTime(dischargedMs),
        followUpNeeded: options.followUpNeeded,
        destination: this.rng.weighted({ home: 90, institution: 6, other: 4 }),
      },
      'discharge',
      dischargedMs,
      `${admissionId}-discharge`,
    );
    let summary: string | undefined;
    const summaryDay =
      options.summary === 'in-time'
        ? Math.min(options.discharge + this.rng.int(0, 3), today - 1)
        : options.summary === 'late'
          ? this.between(options.discharge + 9, options.discharge + 30)
          : undefined;
    if (summaryDay !== undefined) {
      const ms = this.time(summaryDay, dischargedMs);
      summary = this.add(
        'health',
        `/v1/admissions/${admissionId}/discharge-summary`,
        { sentAt: osloTime(ms) },
        'discharge-summary',
        ms,
        `${admissionId}-summary`,
      );
    }
    let followUp: string | undefined;
    const followUpDay =
      options.followUp === 'in-time'
        ? Math.min(options.discharge + this.rng.int(1, 5), today - 1)
        : options.followUp === 'late'
          ? this.between(options.discharge + 9, options.discharge + 25)
          : undefined;
    if (followUpDay !== undefined) {
      const followUpId = this.id('fu');
      const ms = this.time(followUpDay, dischargedMs);
      followUp = this.add(
        'health',
        '/v1/follow-ups',
        {
          followUpId,
          ...this.who(),
          kind: this.rng.weighted({
            'health-nurse': 40,
            'home-visit': 25,
            gp: 25,
            habilitation: 10,
          }),
          occurredAt: osloTime(ms),
          admissionId,
        },
        'follow-up',
        ms,
        followUpId,
      );
    }
    return { discharge, summary, followUp };
  }

  /** A day in [from, to] but never today or later (the range is cut at yesterday). */
  private between(from: Day, to: Day): Day {
    return this.rng.int(from, Math.max(from, Math.min(to, this.ctx.today - 1)));
  }

  dischargeFollowUpCase(
    variant: Variant,
    assigned: Day | undefined,
    { primary }: { primary: boolean },
  ) {
    const { today } = this.ctx;
    const discharge =
      variant === 'open'
        ? today - this.rng.int(9, 40)
        : variant === 'in-time'
          ? today - this.rng.int(8, 340)
          : today - this.rng.int(30, 340);
    // A child with a coordinator needs follow-up after any inpatient stay, asked for or not.
    const byCoordinator =
      assigned !== undefined && discharge > assigned + 1 && this.rng.chance(0.4);
    const { discharge: trigger, followUp } = this.admission({
      discharge,
      kind: 'inpatient',
      followUpNeeded: !byCoordinator,
      summary: 'in-time',
      followUp: variant === 'open' ? 'none' : variant,
    });
    this.addCase('health.discharge-follow-up', variant, trigger, followUp, primary);
  }

  dischargeSummaryCase(variant: Variant, { primary }: { primary: boolean }) {
    const { today } = this.ctx;
    const discharge =
      variant === 'open'
        ? today - this.rng.int(9, 35)
        : variant === 'in-time'
          ? today - this.rng.int(5, 340)
          : today - this.rng.int(35, 340);
    const { discharge: trigger, summary } = this.admission({
      discharge,
      kind: this.rng.pick(['day', 'emergency'] as const),
      followUpNeeded: false,
      summary: variant === 'open' ? 'none' : variant,
      followUp: 'none',
    });
    this.addCase('health.discharge-summary', variant, trigger, summary, primary);
  }

  /** A referral, its assessment after `assessAfter` days (none: not yet), and what follows. */
  private referral(
    received: Day,
    assessAfter: number | undefined,
    treatment?: { deadlineAfter: number; startAfter?: number },
  ) {
    const { today } = this.ctx;
    const referralId = this.id('ref');
    const receivedMs = this.time(received);
    const receipt = this.add(
      'health',
      '/v1/referrals',
      {
        referralId,
        ...this.who(),
        service: this.rng.weighted({ bup: 45, habilitation: 20, paediatrics: 25, other: 10 }),
        receivedAt: osloTime(receivedMs),
      },
      'referral',
      receivedMs,
      referralId,
    );
    if (assessAfter === undefined) return { receipt };
    const assessedDay = Math.min(received + assessAfter, today - 1);
    const assessedMs = this.time(assessedDay, receivedMs);
    // Without a designed treatment duty: accepted with a deadline that is met (or still ahead), or rejected.
    const plan =
      treatment ??
      (this.rng.chance(0.7)
        ? { deadlineAfter: this.rng.int(20, 70), startAfter: undefined }
        : undefined);
    let deadline: Day | undefined;
    if (plan) {
      deadline = assessedDay + plan.deadlineAfter;
      if (!treatment && deadline <= today + 1) {
        // A met deadline: treatment started before it.
        plan.startAfter = this.rng.int(1, Math.max(1, deadline - 1 - assessedDay));
      }
    }
    const assessment = this.add(
      'health',
      `/v1/referrals/${referralId}/assessment`,
      {
        assessedAt: osloTime(assessedMs),
        outcome: plan ? 'accepted' : 'rejected',
        ...(deadline !== undefined ? { treatmentDeadline: isoDate(deadline) } : {}),
      },
      'referral-assessment',
      assessedMs,
      `${referralId}-assessment`,
    );
    let start: string | undefined;
    if (plan?.startAfter !== undefined && assessedDay + plan.startAfter <= today - 1) {
      const ms = this.time(assessedDay + plan.startAfter, assessedMs);
      start = this.add(
        'health',
        `/v1/referrals/${referralId}/treatment-start`,
        { startedAt: osloTime(ms) },
        'treatment-start',
        ms,
        `${referralId}-treatment`,
      );
    }
    return { receipt, assessment, start, deadline };
  }

  referralAssessmentCase(variant: Variant, { primary }: { primary: boolean }) {
    const { today } = this.ctx;
    if (variant === 'open') {
      const { receipt } = this.referral(today - this.rng.int(21, 70), undefined);
      this.addCase('health.referral-assessment', variant, receipt, undefined, primary);
    } else if (variant === 'in-time') {
      const { receipt, assessment } = this.referral(
        today - this.rng.int(8, 340),
        this.rng.int(1, 7),
      );
      this.addCase('health.referral-assessment', variant, receipt, assessment, primary);
    } else {
      const { receipt, assessment } = this.referral(
        today - this.rng.int(50, 340),
        this.rng.int(25, 45),
      );
      this.addCase('health.referral-assessment', variant, receipt, assessment, primary);
    }
  }

  treatmentDeadlineCase(variant: Variant, { primary }: { primary: boolean }) {
    const { today } = this.ctx;
    const assessAfter = this.rng.int(1, 7);
    let result;
    if (variant === 'open') {
      result = this.referral(today - this.rng.int(60, 250), assessAfter, {
        deadlineAfter: this.rng.int(14, 45),
      });
    } else if (variant === 'in-time') {
      const received = today - this.rng.int(40, 340);
      const deadlineAfter = this.rng.int(14, 60);
      const lastStart = Math.min(deadlineAfter - 1, today - 1 - (received + assessAfter));
      result = this.referral(received, assessAfter, {
        deadlineAfter,
        startAfter: this.rng.int(1, Math.max(1, lastStart)),
      });
    } else {
      const deadlineAfter = this.rng.int(14, 30);
      result = this.referral(today - this.rng.int(70, 340), assessAfter, {
        deadlineAfter,
        startAfter: deadlineAfter + this.rng.int(3, 30),
      });
    }
    this.addCase(
      'health.treatment-deadline',
      variant,
      result.assessment as string,
      result.start,
      primary,
    );
  }

  // ---- school

  private absence(day: Day, scope: 'full-day' | 'partial', documented: boolean): string {
    const school = this.school as School;
    const schoolId =
      day < school.from && school.previousSchoolId ? school.previousSchoolId : school.schoolId;
    const ms = this.time(day);
    this.absent.add(day);
    return this.add(
      'school',
      '/v1/absences',
      {
        ...this.who(),
        schoolId,
        date: isoDate(day),
        scope,
        ...(scope === 'partial' ? { hours: this.rng.int(1, 4) } : {}),
        documented,
      },
      'absence',
      ms,
      `${this.key}-absence-${isoDate(day)}`,
    );
  }

  private schoolMeeting(
    day: Day,
    kind: 'absence-follow-up' | 'parents' | 'support-team' | 'transition',
  ): string {
    const meetingId = this.id('mtg');
    const ms = this.time(day);
    return this.add(
      'school',
      '/v1/meetings',
      { meetingId, ...this.who(), kind, occurredAt: osloTime(ms) },
      'school-meeting',
      ms,
      meetingId,
    );
  }

  /**
   * A run of absent school days; the second reaches the threshold (2 of the last 20 school
   * days), and the absence follow-up meeting is due 10 days after that day ends.
   */
  absenceCase(variant: Variant, { primary }: { primary: boolean }) {
    if (!this.school?.wholeYear) return;
    const { today } = this.ctx;
    const [earliest, latest] =
      variant === 'open'
        ? [today - 100, today - 20]
        : variant === 'in-time'
          ? [today - 300, today - 20]
          : [today - 300, today - 45];
    let first = schoolDayFrom(this.rng.int(earliest, latest));
    if (first > latest) first = schoolDayFrom(earliest);
    const days = [first];
    const length = this.rng.int(2, 5);
    while (days.length < length) {
      const next = nextConsecutiveSchoolDay(days[days.length - 1]);
      if (next === undefined || next > today - 14) break;
      days.push(next);
    }
    if (days.length < 2) {
      // A break right after: take the school day before instead.
      let before = first - 1;
      while (!isSchoolDay(before)) before -= 1;
      days.unshift(before);
    }
    const second = days[1];
    // In time: by the end of the 10th day after the second day (the last absent day included).
    while (variant === 'in-time' && days[days.length - 1] > second + 8) days.pop();
    const triggers = days.map((day, i) =>
      this.absence(
        day,
        i > 0 && i === days.length - 1 && this.rng.chance(0.3) ? 'partial' : 'full-day',
        this.rng.chance(0.4),
      ),
    );
    const last = days[days.length - 1];
    let meeting: string | undefined;
    let until = Number.POSITIVE_INFINITY;
    if (variant !== 'open') {
      const day =
        variant === 'in-time'
          ? workingDayClamp(this.rng.int(last, Math.max(last, second + 8)), last, second + 9)
          : workingDayClamp(this.between(second + 13, second + 30), second + 13, today - 1);
      meeting = this.schoolMeeting(day, 'absence-follow-up');
      until = day;
    }
    this.absenceBlocked.push([days[0] - 40, until + 40]);
    this.addCase('school.absence-follow-up', variant, triggers[1], meeting, primary);
  }

  expertAssessmentCase(variant: Variant, { primary }: { primary: boolean }) {
    if (!this.school) return;
    const { today } = this.ctx;
    const requested =
      variant === 'open'
        ? today - this.rng.int(100, 300)
        : variant === 'in-time'
          ? today - this.rng.int(60, 340)
          : today - this.rng.int(130, 340);
    // The support team met about the pupil before the school asked PPT.
    const met = requested - this.rng.int(5, 25);
    if (met >= today - YEAR) this.schoolMeeting(workingDayFrom(met), 'support-team');
    const assessmentId = this.id('ppt');
    const requestedMs = this.time(requested);
    const request = this.add(
      'school',
      '/v1/expert-assessments',
      { assessmentId, ...this.who(), requestedAt: osloTime(requestedMs) },
      'expert-assessment',
      requestedMs,
      assessmentId,
    );
    let completion: string | undefined;
    if (variant !== 'open') {
      const day =
        variant === 'in-time'
          ? requested + this.rng.int(20, Math.min(80, today - 1 - requested))
          : requested + this.rng.int(100, Math.min(170, today - 1 - requested));
      const ms = this.time(day, requestedMs);
      completion = this.add(
        'school',
        `/v1/expert-assessments/${assessmentId}/completion`,
        { completedAt: osloTime(ms), recommendsSpecialEducation: this.rng.chance(0.6) },
        'expert-assessment-completion',
        ms,
        `${assessmentId}-completion`,
      );
    }
    this.addCase('school.expert-assessment', variant, request, completion, primary);
  }

  // ---- child welfare

  /** A concern report, and its review after `reviewAfter` days (none: not yet). */
  private concernReport(
    received: Day,
    reviewAfter: number | undefined,
    decision: 'investigate' | 'dismiss',
  ) {
    const reportId = this.id('bm');
    const receivedMs = this.time(received);
    const receipt = this.add(
      'child-welfare',
      '/v1/concern-reports',
      {
        reportId,
        ...this.who(),
        receivedAt: osloTime(receivedMs),
        reporter: this.rng.pick(CONCERN_REPORTERS),
      },
      'concern-report',
      receivedMs,
      reportId,
    );
    if (reviewAfter === undefined) return { reportId, receipt, reviewedMs: receivedMs };
    const reviewedMs = this.time(Math.min(received + reviewAfter, this.ctx.today - 1), receivedMs);
    const review = this.add(
      'child-welfare',
      `/v1/concern-reports/${reportId}/review`,
      { reviewedAt: osloTime(reviewedMs), decision },
      'concern-report-review',
      reviewedMs,
      `${reportId}-review`,
    );
    return { reportId, receipt, review, reviewedMs };
  }

  reportReviewCase(variant: Variant, { primary }: { primary: boolean }) {
    const { today } = this.ctx;
    if (variant === 'open') {
      const { receipt } = this.concernReport(today - this.rng.int(8, 30), undefined, 'dismiss');
      this.addCase('childwelfare.report-review', variant, receipt, undefined, primary);
      return;
    }
    const received =
      variant === 'in-time' ? today - this.rng.int(8, 340) : today - this.rng.int(32, 340);
    const reviewAfter = variant === 'in-time' ? this.rng.int(1, 6) : this.rng.int(9, 30);
    const investigate = received <= today - 120 && this.rng.chance(0.3);
    const report = this.concernReport(
      received,
      reviewAfter,
      investigate ? 'investigate' : 'dismiss',
    );
    this.addCase('childwelfare.report-review', variant, report.receipt, report.review, primary);
    if (investigate) {
      // The investigation that followed, concluded in time.
      const started = this.time(received + reviewAfter + this.rng.int(0, 3), report.reviewedMs);
      this.investigation(report.reportId, started, { concludeAfter: this.rng.int(25, 80) });
    }
  }

  /** An investigation of a reviewed report, maybe extended, maybe concluded; measures may follow. */
  private investigation(
    reportId: string,
    startedMs: number,
    plan: { extendAfter?: number; concludeAfter?: number },
  ) {
    const { today } = this.ctx;
    const investigationId = this.id('us');
    const start = this.add(
      'child-welfare',
      '/v1/investigations',
      { investigationId, reportId, startedAt: osloTime(startedMs) },
      'investigation',
      startedMs,
      investigationId,
    );
    const startDay = Math.floor(startedMs / DAY_MS);
    let lastMs = startedMs;
    if (plan.extendAfter !== undefined) {
      lastMs = this.time(startDay + plan.extendAfter, startedMs);
      this.add(
        'child-welfare',
        `/v1/investigations/${investigationId}/extension`,
        { extendedAt: osloTime(lastMs), reason: this.rng.pick(EXTENSION_REASONS) },
        'investigation-extension',
        lastMs,
        `${investigationId}-extension`,
      );
    }
    let conclusion: string | undefined;
    if (plan.concludeAfter !== undefined && startDay + plan.concludeAfter <= today - 1) {
      const concludedDay = startDay + plan.concludeAfter;
      const ms = this.time(concludedDay, lastMs);
      const outcome = this.rng.chance(0.6) ? 'measures' : 'closed';
      conclusion = this.add(
        'child-welfare',
        `/v1/investigations/${investigationId}/conclusion`,
        { concludedAt: osloTime(ms), outcome },
        'investigation-conclusion',
        ms,
        `${investigationId}-conclusion`,
      );
      const decided = concludedDay + this.rng.int(2, 14);
      if (outcome === 'measures' && decided <= today - 1) this.measure(decided, 'in-time', ms);
    }
    return { start, conclusion };
  }

  investigationCase(variant: Variant, { primary }: { primary: boolean }) {
    const { today } = this.ctx;
    const extended = variant === 'late' ? false : this.rng.chance(variant === 'open' ? 0.4 : 0.3);
    const startDay =
      variant === 'open'
        ? extended
          ? today - this.rng.int(200, 330)
          : today - this.rng.int(100, 250)
        : variant === 'in-time'
          ? extended
            ? today - this.rng.int(175, 330)
            : today - this.rng.int(40, 330)
          : today - this.rng.int(110, 330);
    const received = startDay - this.rng.int(4, 10);
    const report = this.concernReport(received, this.rng.int(1, 4), 'investigate');
    const startedMs = this.time(startDay, report.reviewedMs);
    const room = today - 1 - startDay;
    const plan =
      variant === 'open'
        ? extended
          ? { extendAfter: this.rng.int(50, 85) }
          : {}
        : variant === 'in-time'
          ? extended
            ? {
                extendAfter: this.rng.int(50, 80),
                concludeAfter: this.rng.int(100, Math.min(170, room)),
              }
            : { concludeAfter: this.rng.int(Math.min(25, room), Math.min(85, room)) }
          : { concludeAfter: this.rng.int(97, Math.min(160, room)) };
    const { start, conclusion } = this.investigation(report.reportId, startedMs, plan);
    this.addCase('childwelfare.investigation', variant, start, conclusion, primary);
  }

  /**
   * A support measure and its evaluations: every 50 to 85 days (in time), with one long wait
   * first (late), or none for the last 3 months and more (open).
   */
  private measure(decided: Day, variant: Variant, notBefore?: number) {
    const { today } = this.ctx;
    const measureId = this.id('tiltak');
    const decidedMs = this.time(decided, notBefore);
    const decision = this.add(
      'child-welfare',
      '/v1/measures',
      {
        measureId,
        ...this.who(),
        kind: this.rng.pick(MEASURE_KINDS),
        decidedAt: osloTime(decidedMs),
      },
      'measure',
      decidedMs,
      measureId,
    );
    const evaluations: string[] = [];
    let lastMs = decidedMs;
    const evaluate = (day: Day) => {
      lastMs = this.time(day, lastMs);
      evaluations.push(
        this.add(
          'child-welfare',
          `/v1/measures/${measureId}/evaluation`,
          { evaluatedAt: osloTime(lastMs) },
          'measure-evaluation',
          lastMs,
          `${measureId}-evaluation-${evaluations.length + 1}`,
        ),
      );
    };
    let day = decided;
    if (variant === 'late') {
      day += this.rng.int(100, Math.max(100, Math.min(140, today - 1 - decided)));
      evaluate(day);
    }
    const stopBy = variant === 'open' ? today - 100 : today - 1;
    for (let next = day + this.rng.int(50, 85); next <= stopBy; next += this.rng.int(50, 85))
      evaluate(next);
    return { decision, evaluations };
  }

  measureCase(variant: Variant, { primary }: { primary: boolean }) {
    const { today } = this.ctx;
    const decided =
      variant === 'open'
        ? today - this.rng.int(100, 330)
        : variant === 'in-time'
          ? today - this.rng.int(100, 330)
          : today - this.rng.int(110, 330);
    // How the measure came about, when that fits within the year: a report, an investigation.
    let notBefore: number | undefined;
    if (decided >= today - 272) {
      const concluded = decided - this.rng.int(2, 10);
      const started = concluded - this.rng.int(25, 75);
      const report = this.concernReport(
        started - this.rng.int(3, 8),
        this.rng.int(1, 5),
        'investigate',
      );
      const investigationId = this.id('us');
      const startedMs = this.time(started, report.reviewedMs);
      this.add(
        'child-welfare',
        '/v1/investigations',
        { investigationId, reportId: report.reportId, startedAt: osloTime(startedMs) },
        'investigation',
        startedMs,
        investigationId,
      );
      notBefore = this.time(concluded, startedMs);
      this.add(
        'child-welfare',
        `/v1/investigations/${investigationId}/conclusion`,
        { concludedAt: osloTime(notBefore), outcome: 'measures' },
        'investigation-conclusion',
        notBefore,
        `${investigationId}-conclusion`,
      );
    }
    const { decision, evaluations } = this.measure(decided, variant, notBefore);
    // Open: the period without an evaluation began with the last one (or the decision).
    if (variant === 'open')
      this.addCase(
        'childwelfare.measure-evaluation',
        variant,
        evaluations.at(-1) ?? decision,
        undefined,
        primary,
      );
    else
      this.addCase('childwelfare.measure-evaluation', variant, decision, evaluations[0], primary);
  }

  // ---- coordination

  coordinatorRequest(day: Day): string {
    const ms = this.time(day);
    return this.add(
      'coordination',
      `/v1/children/${CHILD_REF}/coordinator-requests`,
      { requestedAt: osloTime(ms) },
      'coordinator-request',
      ms,
      this.id('koord-request'),
    );
  }

  assignCoordinator(day: Day, coordinatorId: string) {
    const ms = this.time(day);
    const assignment = this.add(
      'coordination',
      `/v1/children/${CHILD_REF}/coordinator`,
      { coordinatorId, assignedAt: osloTime(ms) },
      'coordinator-assignment',
      ms,
      this.id('koord-assigned'),
      'PUT',
    );
    this.coordinatorId = coordinatorId;
    if (this.pendingRequest) {
      const { key, variant, primary } = this.pendingRequest;
      this.addCase('coordination.coordinator-request', variant, key, assignment, primary);
      this.pendingRequest = undefined;
    }
    this.assignment = { key: assignment, ms };
    for (const resolve of this.onAssigned.splice(0)) resolve(assignment);
  }

  private assignment: { key: string; ms: number } | undefined;
  private readonly onAssigned: Array<(key: string) => void> = [];

  /** The family's consent to share with the coordinator, soon after the assignment. */
  consent(assigned: Day) {
    const { today } = this.ctx;
    const day = Math.min(assigned + this.rng.int(1, 14), today - 1);
    const ms = this.time(day, this.assignment?.ms);
    const sectors = this.rng.chance(0.7)
      ? ['health', 'school', 'child-welfare']
      : this.rng.pick([['health', 'school'], ['school'], ['health'], ['health', 'child-welfare']]);
    this.add(
      'coordination',
      `/v1/children/${CHILD_REF}/consents`,
      {
        sectors,
        givenBy: this.rng.weighted({ parent: 85, child: 15 }),
        givenAt: osloTime(ms),
        ...(this.rng.chance(0.3) ? { expiresAt: osloTime(ms + 2 * YEAR * DAY_MS) } : {}),
      },
      'consent',
      ms,
      this.id('samtykke'),
    );
  }

  /**
   * The individual plan: established, revised before (in time) or after (late) each review date,
   * or left past it (open); responsibility group meetings every 60 to 110 days after it, with one
   * wait over 120 days (late), or none for the last 125 days (open).
   */
  individualPlan(established: Day, prVariant: Variant, rgVariant: Variant, designed: DemoRuleId) {
    const { today } = this.ctx;
    const establishedMs = this.time(established, this.assignment?.ms);
    const reviewLength = (from: Day, max: number) =>
      this.rng.int(90, Math.max(90, Math.min(180, max - from)));
    // Open and late need the first review date to have passed (by 5 days at least).
    const pr: Variant =
      prVariant !== 'in-time' && established + 90 > today - 6 ? 'in-time' : prVariant;
    // A designed case needs its first review date passed, so that there is something to judge.
    const mustPass = pr !== 'in-time' || designed === 'coordination.plan-review';
    let due = mustPass
      ? established + reviewLength(established, today - 6)
      : established + this.rng.int(90, 180);
    const first = this.add(
      'coordination',
      `/v1/children/${CHILD_REF}/individual-plan`,
      { establishedAt: osloTime(establishedMs), reviewDueAt: osloTime(this.time(due)) },
      'plan',
      establishedMs,
      this.id('ip'),
    );
    let lastMs = establishedMs;
    const revise = (day: Day) => {
      lastMs = this.time(day, lastMs);
      due = day + this.rng.int(90, 180);
      return this.add(
        'coordination',
        `/v1/children/${CHILD_REF}/individual-plan/revisions`,
        { revisedAt: osloTime(lastMs), reviewDueAt: osloTime(this.time(due)) },
        'plan-revision',
        lastMs,
        this.id('ip-revision'),
      );
    };
    let firstRevision: string | undefined;
    if (pr === 'late') firstRevision = revise(this.between(due + 5, due + 40));
    if (pr !== 'open') {
      while (due <= today - 1) {
        const revision = revise(
          Math.max(due - this.rng.int(1, 20), Math.floor(lastMs / DAY_MS) + 1),
        );
        firstRevision ??= revision;
      }
    }
    if (firstRevision || pr === 'open') {
      this.addCase(
        'coordination.plan-review',
        pr,
        first,
        firstRevision,
        designed === 'coordination.plan-review',
      );
    }

    // The responsibility group.
    let rg: Variant = rgVariant;
    if (rg === 'open' && established > today - 125) rg = 'in-time';
    if (rg === 'late' && established + 130 > today - 1) rg = 'in-time';
    const meetings: string[] = [];
    let meetingMs = establishedMs;
    const meet = (day: Day) => {
      meetingMs = this.time(day, meetingMs);
      meetings.push(
        this.add(
          'coordination',
          `/v1/children/${CHILD_REF}/responsibility-group-meetings`,
          { heldAt: osloTime(meetingMs) },
          'responsibility-group-meeting',
          meetingMs,
          this.id('ansvarsgruppe'),
        ),
      );
    };
    let next =
      established +
      (rg === 'late'
        ? this.rng.int(130, Math.max(130, Math.min(170, today - 1 - established)))
        : this.rng.int(30, 110));
    const stopBy = rg === 'open' ? today - 125 : today - 1;
    while (next <= stopBy) {
      meet(next);
      next += this.rng.int(60, 110);
    }
    if (rg === 'open') {
      this.addCase(
        'coordination.responsibility-group',
        rg,
        meetings.at(-1) ?? first,
        undefined,
        designed === 'coordination.responsibility-group',
      );
    } else if (meetings.length > 0) {
      this.addCase(
        'coordination.responsibility-group',
        rg,
        first,
        meetings[0],
        designed === 'coordination.responsibility-group',
      );
    }
  }

  /**
   * Two sectors involved within 90 days: a referral to specialist health care, then the school's
   * support team meets. Open: no coordinator. Late: the unit assigns one after. In time: the
   * child had a coordinator before the second sector came in.
   */
  multiSectorCase(variant: Variant, assigned: Day | undefined): Day | undefined {
    const { today } = this.ctx;
    const health =
      variant === 'open'
        ? today - this.rng.int(20, 80)
        : variant === 'late'
          ? today - this.rng.int(120, 300)
          : (assigned as Day) + this.rng.int(10, 60);
    this.referral(health, this.rng.int(1, 6));
    const schoolDay = workingDayFrom(Math.min(health + this.rng.int(5, 40), today - 1));
    const meeting = this.schoolMeeting(Math.min(schoolDay, today - 1), 'support-team');
    if (variant === 'open') {
      this.addCase('coordination.multi-sector', variant, meeting, undefined, true);
      return undefined;
    }
    if (variant === 'late') {
      const day = Math.min(schoolDay + this.rng.int(15, 60), today - 1);
      this.onAssigned.push((assignment) =>
        this.addCase('coordination.multi-sector', variant, meeting, assignment, true),
      );
      return day;
    }
    this.onAssigned.push((assignment) =>
      this.addCase('coordination.multi-sector', variant, meeting, assignment, true),
    );
    return assigned;
  }

  transitionCase(transition: Transition, { primary }: { primary: boolean }) {
    let meeting: string | undefined;
    if (transition.meeting !== undefined)
      meeting = this.schoolMeeting(transition.meeting, 'transition');
    this.addCase(
      'coordination.transition',
      transition.variant,
      this.enrolmentKey,
      meeting,
      primary,
    );
  }

  // ---- ordinary life

  /** Enrolment at school, a sick day now and then, a parents' meeting. */
  ordinarySchool() {
    const school = this.school;
    if (!school) return;
    const { today } = this.ctx;
    const fromMs = this.time(Math.min(school.from, today - 1));
    this.add(
      'school',
      '/v1/enrolments',
      { ...this.who(), schoolId: school.schoolId, stage: school.stage, from: isoDate(school.from) },
      'school-enrolment',
      fromMs,
      `${this.key}-school-${isoDate(school.from)}`,
    );
    if (!school.wholeYear) return;
    // Single days, far enough apart that two never fall in the same 20 school days.
    const wanted = this.rng.int(0, 5);
    for (let tries = 0, placed = 0; placed < wanted && tries < 20; tries++) {
      const day = schoolDayFrom(today - this.rng.int(2, YEAR - 5));
      if (day > today - 1 || day < today - YEAR) continue;
      if ([...this.absent].some((d) => Math.abs(d - day) < 40)) continue;
      if (this.absenceBlocked.some(([from, to]) => day >= from && day <= to)) continue;
      this.absence(day, this.rng.chance(0.7) ? 'full-day' : 'partial', this.rng.chance(0.6));
      placed += 1;
    }
    if (this.rng.chance(0.4))
      this.schoolMeeting(schoolDayFrom(today - this.rng.int(2, 300)), 'parents');
  }

  /** A hospital stay, a referral or a concern report that went as it should. */
  background() {
    const { today } = this.ctx;
    if (this.rng.chance(0.25)) {
      const kind = this.rng.weighted({ emergency: 45, day: 30, inpatient: 25 });
      this.admission({
        discharge: today - this.rng.int(3, 350),
        kind,
        followUpNeeded: kind === 'inpatient' && this.rng.chance(0.6),
        summary: 'in-time',
        followUp: kind === 'inpatient' ? 'in-time' : 'none',
      });
    }
    if (this.rng.chance(0.12)) this.referral(today - this.rng.int(10, 340), this.rng.int(1, 7));
    if (this.rng.chance(0.08))
      this.concernReport(today - this.rng.int(8, 340), this.rng.int(1, 6), 'dismiss');
  }
}
