import { currentCoordinator, earliest, type SchoolMeetingFact } from '../child-facts';
import { addMonths, addMonthsToDate, startOfOsloDay, type IsoDate } from '../calendar';
import { judgeAll, resolvedBy, type Deadline } from '../deadline';
import type { GapRule } from '../rule';

export type TransitionKind = 'school-start' | 'upper-secondary' | 'age-18';

/**
 * A life-phase transition needs a transition meeting 6 months before it. Norwegian children
 * start school in August of the year they turn 6 and upper secondary in August of the year they
 * turn 16; at 18 the right to a barnekoordinator ends. A `transition` meeting counts from
 * 12 months before the transition (twice the lead) until 6 months after it; the gap escalates on
 * the day of the transition. Needs the birth date: without it there is nothing to check, and
 * transitions before the child's enrolment in Samvirke are not its business.
 */
export const transition: GapRule<'coordination.transition', { leadMonths: number }> = {
  id: 'coordination.transition',
  version: 1,
  owner: 'coordinator',
  legalBasis: 'pbrl §2-5b, §2-5c',
  defaults: { leadMonths: 6 },
  evaluate(facts, now, { leadMonths }) {
    const birth = facts.birth;
    if (!birth) return { gaps: [] };
    const coordinator = currentCoordinator(facts);
    const meetings = Object.values(facts.schoolMeetings).filter((m) => m.kind === 'transition');
    const deadlines: Deadline[] = [];
    for (const [kind, date] of transitionsOf(birth.date)) {
      const on = startOfOsloDay(date);
      if (facts.enrolled && on.toISOString() <= facts.enrolled.at) continue;
      const from = addMonths(on, -2 * leadMonths);
      const until = addMonths(on, leadMonths);
      const meeting = meetings
        .filter((m) => new Date(m.at) >= from && new Date(m.at) < until)
        .reduce<SchoolMeetingFact | undefined>(earliest, undefined);
      deadlines.push({
        trigger: `${kind}:${date}`,
        evidence: [birth.eventId],
        triggeredAt: from,
        dueAt: addMonths(on, -leadMonths),
        escalatesAt: on,
        resolution: resolvedBy(meeting),
        detail: { transition: kind, on: date },
        ...(coordinator !== undefined ? { ownerId: coordinator } : {}),
      });
    }
    return judgeAll(transition, deadlines, now);
  },
};

export function transitionsOf(birthDate: IsoDate): Array<[TransitionKind, IsoDate]> {
  const year = Number(birthDate.slice(0, 4));
  return [
    ['school-start', `${year + 6}-08-01`],
    ['upper-secondary', `${year + 16}-08-01`],
    ['age-18', addMonthsToDate(birthDate, 18 * 12)],
  ];
}
