import { addDays } from '../calendar';
import { at, judgeAll, resolvedBy, type Deadline } from '../deadline';
import type { GapRule } from '../rule';
import { currentCoordinator } from '../child-facts';

/**
 * Each version of the individual plan (established or revised) names its review date; the next
 * revision must come by then (plus grace days, 0 by default). Each version is its own duty.
 */
export const planReview: GapRule<'coordination.plan-review', { graceDays: number }> = {
  id: 'coordination.plan-review',
  version: 1,
  owner: 'coordinator',
  legalBasis: 'forskrift om IP ved ytelse av velferdstjenester',
  /** The deadline is the plan's review date; grace days are added to it (0 by default). */
  defaults: { graceDays: 0 },
  evaluate(facts, now, { graceDays }) {
    const coordinator = currentCoordinator(facts);
    const deadlines = facts.plans.map((version, i): Deadline => {
      const madeAt = at(version);
      const dueAt = addDays(new Date(version.reviewDueAt), graceDays);
      return {
        trigger: version.eventId,
        evidence: [version.eventId],
        triggeredAt: madeAt,
        dueAt,
        // Twice the threshold: as long again past the review date as the plan ran before it.
        escalatesAt: new Date(2 * dueAt.getTime() - Math.min(madeAt.getTime(), dueAt.getTime())),
        resolution: resolvedBy(facts.plans[i + 1]),
        ...(coordinator !== undefined ? { ownerId: coordinator } : {}),
      };
    });
    return judgeAll(planReview, deadlines, now);
  },
};
