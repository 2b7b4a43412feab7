import { addMonths } from '../calendar';
import { at, judgeAll, resolvedBy, type Deadline } from '../deadline';
import type { GapRule } from '../rule';

/**
 * An investigation must be concluded within 3 months of its start, or 6 if it was extended.
 * Only an extension decided before the 3 months ran out moves the deadline: extending after it
 * cannot undo the missed deadline. The extended duty has its own key, so a gap opened at 3 months
 * before a late-delivered (but timely) extension arrived is closed, and 6 months is a new gap.
 */
export const investigation: GapRule<
  'childwelfare.investigation',
  { months: number; extendedMonths: number }
> = {
  id: 'childwelfare.investigation',
  version: 1,
  owner: 'child-welfare',
  legalBasis: 'barnevernsloven §2-2',
  defaults: { months: 3, extendedMonths: 6 },
  evaluate(facts, now, { months, extendedMonths }) {
    const deadlines: Deadline[] = [];
    for (const [investigationId, inv] of Object.entries(facts.investigations)) {
      if (!inv.started) continue;
      const startedAt = at(inv.started);
      const ordinaryDue = addMonths(startedAt, months);
      const extended = inv.extended !== undefined && at(inv.extended) < ordinaryDue;
      const limit = extended ? extendedMonths : months;
      deadlines.push({
        trigger: extended ? `${investigationId}:extended` : investigationId,
        evidence: [
          inv.started.eventId,
          ...(extended && inv.extended ? [inv.extended.eventId] : []),
        ],
        triggeredAt: startedAt,
        dueAt: addMonths(startedAt, limit),
        escalatesAt: addMonths(startedAt, 2 * limit),
        resolution: resolvedBy(inv.concluded),
      });
    }
    return judgeAll(investigation, deadlines, now);
  },
};
