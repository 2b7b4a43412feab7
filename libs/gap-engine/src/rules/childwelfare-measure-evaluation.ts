import { addMonths } from '../calendar';
import { at, judgeAll, resolvedBy, type Deadline } from '../deadline';
import type { GapRule } from '../rule';

/**
 * A support measure must be evaluated within 3 months of its decision, and again within 3 months
 * of each evaluation. Each period is its own duty, keyed by the decision or evaluation that began
 * it. (No event ends a measure yet: a measure that stopped is resolved by hand.)
 */
export const measureEvaluation: GapRule<'childwelfare.measure-evaluation', { months: number }> = {
  id: 'childwelfare.measure-evaluation',
  version: 1,
  owner: 'child-welfare',
  legalBasis: 'bvl ch. 8; circular Q-0982',
  defaults: { months: 3 },
  evaluate(facts, now, { months }) {
    const deadlines: Deadline[] = [];
    for (const [measureId, { decided, evaluations }] of Object.entries(facts.measures)) {
      if (!decided) continue;
      const periods = [decided, ...evaluations.filter((e) => e.at >= decided.at)];
      periods.forEach((start, i) => {
        const startedAt = at(start);
        deadlines.push({
          trigger: `${measureId}:${start.eventId}`,
          evidence: i === 0 ? [decided.eventId] : [start.eventId, decided.eventId],
          triggeredAt: startedAt,
          dueAt: addMonths(startedAt, months),
          escalatesAt: addMonths(startedAt, 2 * months),
          resolution: resolvedBy(periods[i + 1]),
        });
      });
    }
    return judgeAll(measureEvaluation, deadlines, now);
  },
};
