import { workingDaysDeadline } from '../calendar';
import { at, judgeAll, resolvedBy, type Deadline } from '../deadline';
import type { GapRule } from '../rule';

/**
 * A referral to specialist health care must be assessed within 10 working days: the end (Oslo)
 * of the 10th working day after the day it was received, weekends and public holidays skipped.
 */
export const referralAssessment: GapRule<'health.referral-assessment', { workingDays: number }> = {
  id: 'health.referral-assessment',
  version: 1,
  owner: 'health',
  legalBasis: 'pbrl §2-2',
  defaults: { workingDays: 10 },
  evaluate(facts, now, { workingDays }) {
    const deadlines: Deadline[] = [];
    for (const [referralId, { received, assessed }] of Object.entries(facts.referrals)) {
      if (!received) continue;
      const receivedAt = at(received);
      deadlines.push({
        trigger: referralId,
        evidence: [received.eventId],
        triggeredAt: receivedAt,
        dueAt: workingDaysDeadline(receivedAt, workingDays),
        escalatesAt: workingDaysDeadline(receivedAt, 2 * workingDays),
        resolution: resolvedBy(assessed),
      });
    }
    return judgeAll(referralAssessment, deadlines, now);
  },
};
