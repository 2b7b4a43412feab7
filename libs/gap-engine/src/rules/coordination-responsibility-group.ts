import { currentCoordinator } from '../child-facts';
import { addDays } from '../calendar';
import { at, judgeAll, resolvedBy, type Deadline } from '../deadline';
import type { GapRule } from '../rule';

/**
 * A child with an individual plan needs a responsibility group meeting at least every 120 days:
 * the first within 120 days of the plan, then within 120 days of the last meeting. Meetings held
 * before the plan existed do not start the clock.
 */
export const responsibilityGroup: GapRule<'coordination.responsibility-group', { days: number }> = {
  id: 'coordination.responsibility-group',
  version: 1,
  owner: 'coordinator',
  legalBasis: 'hotjl §7-1',
  defaults: { days: 120 },
  evaluate(facts, now, { days }) {
    const plan = facts.plans[0];
    if (!plan) return { gaps: [] };
    const coordinator = currentCoordinator(facts);
    const periods = [plan, ...facts.responsibilityGroupMeetings.filter((m) => m.at >= plan.at)];
    const deadlines = periods.map((start, i): Deadline => {
      const startedAt = at(start);
      return {
        trigger: start.eventId,
        evidence: i === 0 ? [plan.eventId] : [start.eventId, plan.eventId],
        triggeredAt: startedAt,
        dueAt: addDays(startedAt, days),
        escalatesAt: addDays(startedAt, 2 * days),
        resolution: resolvedBy(periods[i + 1]),
        ...(coordinator !== undefined ? { ownerId: coordinator } : {}),
      };
    });
    return judgeAll(responsibilityGroup, deadlines, now);
  },
};
