import { addDays, endOfOsloDay } from '../calendar';
import { at, judgeAll, resolvedBy, type Deadline } from '../deadline';
import type { GapRule } from '../rule';

/**
 * An accepted referral with a treatment deadline (a date) must have treatment started by the end
 * of that date in Oslo (plus the municipality's grace days, 0 by default).
 */
export const treatmentDeadline: GapRule<'health.treatment-deadline', { graceDays: number }> = {
  id: 'health.treatment-deadline',
  version: 1,
  owner: 'health',
  legalBasis: 'pbrl §2-1b, §2-2',
  /** The deadline is the one set at assessment; grace days are added to it (0 by default). */
  defaults: { graceDays: 0 },
  evaluate(facts, now, { graceDays }) {
    const deadlines: Deadline[] = [];
    for (const [referralId, referral] of Object.entries(facts.referrals)) {
      const { assessed, treatmentStarted } = referral;
      if (assessed?.outcome !== 'accepted' || assessed.treatmentDeadline === undefined) continue;
      const assessedAt = at(assessed);
      const dueAt = addDays(endOfOsloDay(assessed.treatmentDeadline), graceDays);
      deadlines.push({
        // The deadline is part of the key: a corrected assessment is a new duty.
        trigger: `${referralId}:${assessed.treatmentDeadline}`,
        evidence: [assessed.eventId, ...(referral.received ? [referral.received.eventId] : [])],
        triggeredAt: assessedAt,
        dueAt,
        escalatesAt: new Date(2 * dueAt.getTime() - assessedAt.getTime()),
        resolution: resolvedBy(treatmentStarted),
      });
    }
    return judgeAll(treatmentDeadline, deadlines, now);
  },
};
