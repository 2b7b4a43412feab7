import { addMonths } from '../calendar';
import { at, judgeAll, resolvedBy, type Deadline } from '../deadline';
import type { GapRule } from '../rule';

/**
 * A requested PPT expert assessment must be completed within 3 calendar months. (The interim
 * reply due after 1 month has no event yet, so it is not a gap of its own.)
 */
export const expertAssessment: GapRule<'school.expert-assessment', { months: number }> = {
  id: 'school.expert-assessment',
  version: 1,
  owner: 'school',
  legalBasis: 'forvaltningsloven §11a; Udir guidance',
  defaults: { months: 3 },
  evaluate(facts, now, { months }) {
    const deadlines: Deadline[] = [];
    for (const [assessmentId, { requested, completed }] of Object.entries(
      facts.expertAssessments,
    )) {
      if (!requested) continue;
      const requestedAt = at(requested);
      deadlines.push({
        trigger: assessmentId,
        evidence: [requested.eventId],
        triggeredAt: requestedAt,
        dueAt: addMonths(requestedAt, months),
        escalatesAt: addMonths(requestedAt, 2 * months),
        resolution: resolvedBy(completed),
      });
    }
    return judgeAll(expertAssessment, deadlines, now);
  },
};
