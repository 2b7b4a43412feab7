import type { ActiveSector, ChildFacts, SectorActivity } from '../child-facts';
import { addDays, DAY_MS } from '../calendar';
import { at, judgeAll, resolvedBy, type Deadline } from '../deadline';
import type { GapRule } from '../rule';

/**
 * Two or more sectors involved with the child within 90 days, and no coordinator: the
 * coordinating unit should consider the need for coordination. An episode begins with the
 * activity that brings a second sector into the window and lasts while two sectors stay within
 * it; each episode that begins before a coordinator is assigned is one duty, met by the
 * assignment. It shows only which sectors, never what they did. Escalated when open one further
 * window. (Which events count as involvement: see evolveChildFacts.)
 */
export const multiSector: GapRule<
  'coordination.multi-sector',
  { windowDays: number; graceDays: number }
> = {
  id: 'coordination.multi-sector',
  version: 1,
  owner: 'coordinating-unit',
  legalBasis: 'hotjl §7-3 (duty to receive reports of need)',
  defaults: { windowDays: 90, graceDays: 0 },
  evaluate(facts, now, { windowDays, graceDays }) {
    const assigned = facts.coordinatorAssignments[0];
    const deadlines = episodes(facts, windowDays * DAY_MS).map((episode): Deadline => {
      const startedAt = at(episode.start);
      const dueAt = addDays(startedAt, graceDays);
      return {
        trigger: episode.start.eventId,
        evidence: episode.sectors.map((s) => s.eventId),
        triggeredAt: startedAt,
        dueAt,
        escalatesAt: addDays(dueAt, windowDays),
        resolution: resolvedBy(assigned),
        detail: { sectors: episode.sectors.map((s) => s.sector) },
      };
    });
    return judgeAll(multiSector, deadlines, now);
  },
};

interface Episode {
  start: SectorActivity;
  /** The latest activity of each sector in the window when it began, by sector name. */
  sectors: SectorActivity[];
}

/** Episodes that begin before the first coordinator assignment. */
function episodes(facts: ChildFacts, windowMs: number): Episode[] {
  const assignedAt = facts.coordinatorAssignments[0]?.at;
  const last = new Map<ActiveSector, SectorActivity>();
  const inWindow = (t: number) => [...last.values()].filter((a) => at(a).getTime() >= t - windowMs);
  const found: Episode[] = [];
  let ongoing = false;
  for (const activity of facts.sectorActivity) {
    if (assignedAt !== undefined && activity.at >= assignedAt) break;
    const t = at(activity).getTime();
    if (ongoing && inWindow(t).length < 2) ongoing = false;
    last.set(activity.sector, activity);
    const sectors = inWindow(t);
    if (!ongoing && sectors.length >= 2) {
      ongoing = true;
      sectors.sort((a, b) => (a.sector < b.sector ? -1 : 1));
      found.push({ start: activity, sectors });
    }
  }
  return found;
}
