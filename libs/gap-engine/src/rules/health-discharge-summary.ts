import { addDays } from '../calendar';
import { at, judgeAll, resolvedBy, type Deadline } from '../deadline';
import type { GapRule } from '../rule';

/** Every discharge needs its epikrise sent; the gap opens 7 days after the discharge without it. */
export const dischargeSummary: GapRule<'health.discharge-summary', { days: number }> = {
  id: 'health.discharge-summary',
  version: 1,
  owner: 'health',
  legalBasis: 'helsepersonelloven §45a',
  defaults: { days: 7 },
  evaluate(facts, now, { days }) {
    const deadlines: Deadline[] = [];
    for (const [admissionId, { discharged, summarySent }] of Object.entries(facts.admissions)) {
      if (!discharged) continue;
      const dischargedAt = at(discharged);
      deadlines.push({
        trigger: admissionId,
        evidence: [discharged.eventId],
        triggeredAt: dischargedAt,
        dueAt: addDays(dischargedAt, days),
        escalatesAt: addDays(dischargedAt, 2 * days),
        resolution: resolvedBy(summarySent),
      });
    }
    return judgeAll(dischargeSummary, deadlines, now);
  },
};
