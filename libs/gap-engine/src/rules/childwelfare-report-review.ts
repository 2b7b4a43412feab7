import { addDays } from '../calendar';
import { at, judgeAll, resolvedBy, type Deadline } from '../deadline';
import type { GapRule } from '../rule';

/** A concern report must be reviewed within a week of its receipt. */
export const reportReview: GapRule<'childwelfare.report-review', { days: number }> = {
  id: 'childwelfare.report-review',
  version: 1,
  owner: 'child-welfare',
  legalBasis: 'barnevernsloven §2-1',
  defaults: { days: 7 },
  evaluate(facts, now, { days }) {
    const deadlines: Deadline[] = [];
    for (const [reportId, { received, reviewed }] of Object.entries(facts.concernReports)) {
      if (!received) continue;
      const receivedAt = at(received);
      deadlines.push({
        trigger: reportId,
        evidence: [received.eventId],
        triggeredAt: receivedAt,
        dueAt: addDays(receivedAt, days),
        escalatesAt: addDays(receivedAt, 2 * days),
        resolution: resolvedBy(reviewed),
      });
    }
    return judgeAll(reportReview, deadlines, now);
  },
};
