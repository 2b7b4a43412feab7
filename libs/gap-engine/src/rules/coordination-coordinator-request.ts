import { addDays } from '../calendar';
import { at, judgeAll, resolvedBy, type Deadline } from '../deadline';
import type { GapRule } from '../rule';

/**
 * When the family asks for a barnekoordinator, one must be assigned within 30 days. Only the
 * first request counts (asking again while waiting is the same request), and a coordinator
 * assigned before the request already meets it.
 */
export const coordinatorRequest: GapRule<'coordination.coordinator-request', { days: number }> = {
  id: 'coordination.coordinator-request',
  version: 1,
  owner: 'coordinating-unit',
  legalBasis: 'hotjl §7-2a, fvl §11a',
  defaults: { days: 30 },
  evaluate(facts, now, { days }) {
    const request = facts.coordinatorRequests[0];
    if (!request) return { gaps: [] };
    const requestedAt = at(request);
    const deadline: Deadline = {
      trigger: request.eventId,
      evidence: [request.eventId],
      triggeredAt: requestedAt,
      dueAt: addDays(requestedAt, days),
      escalatesAt: addDays(requestedAt, 2 * days),
      resolution: resolvedBy(facts.coordinatorAssignments[0]),
    };
    return judgeAll(coordinatorRequest, [deadline], now);
  },
};
