import { birthDateOf, SyntheticPersonalIdGenerator } from '@samvirke/identity';
import { addYears, dayOf, dayOfIsoDate, isoDate, weekday, year, type Day } from '../calendar';
import { FIRST_NAMES, LAST_NAMES } from '../names';
import { Random } from '../random';
import type { ChildIdentity } from './child-story';
import { workingDayWithin } from './clock';
import type { DemoRuleId, StoryContext, Variant } from './types';

/** A transition the coordination.transition case is built around, and its meeting (if held). */
export interface Transition {
  kind: 'school-start' | 'upper-secondary' | 'age-18';
  on: Day;
  /** The birth dates that give the child this transition. */
  birth: readonly [Day, Day];
  meeting?: Day;
  variant: Variant;
}

export interface School {
  schoolId: string;
  stage: 'primary' | 'lower-secondary' | 'upper-secondary';
  from: Day;
  /** Absence and meetings only for pupils who were at school the whole year. */
  wholeYear: boolean;
  previousSchoolId?: string;
}

export interface CastMember {
  identity: ChildIdentity;
  school: School | undefined;
  /** Only for a child whose designed case is the transition rule. */
  transition: Transition | undefined;
}

/** Rules whose designed case needs a pupil at school. */
const PUPIL_RULES: readonly DemoRuleId[] = [
  'school.absence-follow-up',
  'school.expert-assessment',
  'coordination.multi-sector',
];

/**
 * Who child `number` is: a distinct synthetic personal id, a name, a school. The designed case
 * decides the age: the transition case fixes the birth date, school cases need a pupil.
 */
export function castChild(
  context: StoryContext,
  number: number,
  [rule, variant]: [DemoRuleId, Variant],
  random: Random,
  usedIds: Set<string>,
): CastMember {
  const { today } = context;
  const transition =
    rule === 'coordination.transition' ? planTransition(context, random, variant) : undefined;
  const birthRange: readonly [Day, Day] =
    transition?.birth ??
    (PUPIL_RULES.includes(rule)
      ? [addYears(today, -17) + 30, addYears(today, -8)]
      : [addYears(today, -17) + 30, addYears(today, -1)]);
  const personalId = drawPersonalId(context, number, birthRange, usedIds, transition === undefined);
  const birth = dayOfIsoDate(birthDateOf(personalId));
  const name = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
  const identity: ChildIdentity = {
    number,
    key: `demo-${context.seed}-${padded(number, 4)}`,
    personalId,
    name,
    birthDate: isoDate(birth),
  };
  return { identity, school: schoolOf(context, random, birth), transition };
}

/** A distinct synthetic number born in the range; children without a designed transition have none near. */
function drawPersonalId(
  context: StoryContext,
  number: number,
  [from, to]: readonly [Day, Day],
  usedIds: Set<string>,
  noTransitionNear: boolean,
): string {
  const generator = new SyntheticPersonalIdGenerator(`${context.seed}/${number}`, {
    bornBetween: [isoDate(from), isoDate(to)],
  });
  // Each seed keeps to one eighth of the individual numbers, so that two seeds sent to the same
  // services seldom draw the same child (who would then be enrolled twice under two names).
  const bucket = new Random(`${context.seed}/ids`).int(0, 7);
  for (;;) {
    const id = generator.next();
    if (usedIds.has(id) || Number(id.slice(6, 9)) % 8 !== bucket) continue;
    const birth = dayOfIsoDate(birthDateOf(id));
    const soon = ([, on]: [unknown, Day]) => on > context.today && on <= context.today + 200;
    if (noTransitionNear && transitionsOf(birth).some(soon)) continue;
    if (!noTransitionNear && isoDate(birth).endsWith('-02-29')) continue;
    usedIds.add(id);
    return id;
  }
}

/** School start (1 August of the year the child turns 6), upper secondary (the year it turns 16), the 18th birthday. */
function transitionsOf(birth: Day): Array<[Transition['kind'], Day]> {
  const born = year(birth);
  return [
    ['school-start', dayOf(born + 6, 8, 1)],
    ['upper-secondary', dayOf(born + 16, 8, 1)],
    ['age-18', addYears(birth, 18)],
  ];
}

/**
 * A transition the case needs: open and late need one within the next 6 months (its meeting was
 * due 6 months before); in time, one whose meeting window (12 to 6 months before) has begun.
 */
function planTransition(context: StoryContext, random: Random, variant: Variant): Transition {
  const { today } = context;
  const options: Transition[] = [];
  for (const august of [year(today), year(today) + 1]) {
    const on = dayOf(august, 8, 1);
    const soon = on >= today + 10 && on <= today + 170;
    const windowOpen = on >= today + 10 && on - 358 <= Math.min(today - 1, on - 190);
    if (variant === 'in-time' ? windowOpen : soon) {
      options.push({
        kind: 'school-start',
        on,
        birth: [dayOf(august - 6, 1, 1), dayOf(august - 6, 12, 31)],
        variant,
      });
      options.push({
        kind: 'upper-secondary',
        on,
        birth: [dayOf(august - 16, 1, 1), dayOf(august - 16, 12, 31)],
        variant,
      });
    }
  }
  // The 18th birthday is always possible; prefer it when a school transition is not.
  let eighteenth = today + random.int(10, 170);
  while (isoDate(eighteenth).endsWith('-02-29')) eighteenth += 1;
  const birth = addYears(eighteenth, -18);
  if (options.length === 0 || random.chance(0.5)) {
    options.splice(0, options.length, {
      kind: 'age-18',
      on: addYears(birth, 18),
      birth: [birth, birth],
      variant,
    });
  }
  const chosen = random.pick(options);
  if (variant === 'in-time') {
    const [earliest, latest] = [chosen.on - 358, Math.min(today - 1, chosen.on - 190)];
    chosen.meeting = workingDayWithin(random.int(earliest, latest), earliest, latest);
  }
  if (variant === 'late') {
    const [earliest, latest] = [chosen.on - 175, today - 1];
    chosen.meeting = workingDayWithin(random.int(earliest, latest), earliest, latest);
  }
  return chosen;
}

/** The child's school this year, or undefined for a child not yet at school. */
function schoolOf(context: StoryContext, random: Random, birth: Day): School | undefined {
  const { today, municipality } = context;
  let start = schoolYearStart(year(today));
  if (start > today - 1) start = schoolYearStart(year(today) - 1);
  const grade = year(start) - year(birth) - 5;
  if (grade < 1 || grade > 13) return undefined;
  const schoolOfStage = (stage: School['stage']) =>
    stage === 'primary'
      ? `${municipality}-bs-${padded(random.int(1, 12), 2)}`
      : stage === 'lower-secondary'
        ? `${municipality}-us-${padded(random.int(1, 6), 2)}`
        : `${municipality}-vgs-${padded(random.int(1, 4), 2)}`;
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
function schoolYearStart(calendarYear: number): Day {
  let day = dayOf(calendarYear, 8, 15);
  while (weekday(day) !== 1) day += 1;
  return day;
}

function padded(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
