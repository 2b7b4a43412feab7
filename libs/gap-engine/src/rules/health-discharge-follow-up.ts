import { earliest, type AdmissionFacts, type ChildFacts, type FollowUpFact } from '../child-facts';
import { addDays } from '../calendar';
import { at, judgeAll, resolvedBy, type Deadline } from '../deadline';
import type { GapRule } from '../rule';

/**
 * A discharge that asks for municipal follow-up (or any inpatient stay of a child who has a
 * coordinator) needs a municipal follow-up contact within 7 days. A hospital outpatient visit is
 * the hospital's own, not municipal. A contact counts if the sector linked it to this stay, or,
 * unlinked, if it happened at or after the discharge.
 */
export const dischargeFollowUp: GapRule<'health.discharge-follow-up', { days: number }> = {
  id: 'health.discharge-follow-up',
  version: 1,
  owner: 'health',
  legalBasis: 'hotjl §7-2a, forskrift om kommunal betaling for utskrivningsklare pasienter',
  defaults: { days: 7 },
  evaluate(facts, now, { days }) {
    const deadlines: Deadline[] = [];
    for (const [admissionId, admission] of Object.entries(facts.admissions)) {
      const { discharged, admitted } = admission;
      if (!discharged || !needsFollowUp(facts, admission)) continue;
      const dischargedAt = at(discharged);
      const contact = Object.values(facts.followUps)
        .filter((f) => isFollowUpOf(f, admissionId, discharged.at))
        .reduce<FollowUpFact | undefined>(earliest, undefined);
      deadlines.push({
        trigger: admissionId,
        evidence: [discharged.eventId, ...(admitted ? [admitted.eventId] : [])],
        triggeredAt: dischargedAt,
        dueAt: addDays(dischargedAt, days),
        escalatesAt: addDays(dischargedAt, 2 * days),
        resolution: resolvedBy(contact),
      });
    }
    return judgeAll(dischargeFollowUp, deadlines, now);
  },
};

function needsFollowUp(facts: ChildFacts, { admitted, discharged }: AdmissionFacts): boolean {
  if (!discharged) return false;
  if (discharged.followUpNeeded) return true;
  const hadCoordinator = facts.coordinatorAssignments.some((a) => a.at <= discharged.at);
  return admitted?.kind === 'inpatient' && hadCoordinator;
}

function isFollowUpOf(followUp: FollowUpFact, admissionId: string, dischargedAt: string): boolean {
  if (followUp.kind === 'outpatient') return false;
  if (followUp.admissionId !== undefined) return followUp.admissionId === admissionId;
  return followUp.at >= dischargedAt;
}
