import {
  isKnownEventType,
  type EventDataOf,
  type EventEnvelope,
  type KnownEventType,
} from '@samvirke/contracts';
import {
  earliest,
  emptyChildFacts,
  latest,
  type ActiveSector,
  type ChildFacts,
  type Instant,
  type Stamp,
} from './child-facts';
import { get, insertStamp, put, sortedKeys, update } from './collections';

type KnownEnvelope = {
  [K in KnownEventType]: EventEnvelope<K, EventDataOf<K>>;
}[KnownEventType];

/** Normalises an RFC 3339 time with any offset to one spelling, so equal instants compare equal. */
export function toInstant(time: string): Instant {
  return new Date(time).toISOString();
}

/**
 * Folds one event into a child's facts. Commutative and idempotent: the facts after any order of
 * the same events are equal, and a redelivered event (same id) changes nothing. Events of other
 * types (gap events, unknown versions) leave the facts as they are.
 */
export function evolveChildFacts(facts: ChildFacts, envelope: EventEnvelope): ChildFacts {
  const event = envelope as KnownEnvelope;
  if (event.type === 'no.samvirke.coordination.child-erased.v1') {
    return erasedFacts(
      facts,
      { at: toInstant(event.data.erasedAt), eventId: event.id },
      event.subject,
    );
  }
  // Erasure absorbs everything: an event that arrives after it (or was delivered late) adds nothing.
  if (facts.erased || !isKnownEventType(event.type) || GAP_EVENTS.has(event.type)) return facts;

  const next = withChild(facts, event);
  return sortedKeys(withActivity(evolveKnown(next, event), event));
}

// The gap engine's own output is not a fact about the child (and must not feed back into it).
const GAP_EVENTS: ReadonlySet<string> = new Set([
  'no.samvirke.coordination.gap-opened.v1',
  'no.samvirke.coordination.gap-acknowledged.v1',
  'no.samvirke.coordination.gap-resolved.v1',
  'no.samvirke.coordination.gap-acknowledged.v2',
  'no.samvirke.coordination.gap-resolved.v2',
]);

/** Folds many events (any order). */
export function childFactsFrom(events: readonly EventEnvelope[]): ChildFacts {
  return events.reduce(evolveChildFacts, emptyChildFacts());
}

function erasedFacts(facts: ChildFacts, stamp: Stamp, subject: string): ChildFacts {
  const childRef = minString(facts.childRef, subject);
  return sortedKeys({
    ...emptyChildFacts(),
    ...(childRef !== undefined ? { childRef } : {}),
    erased: earliest(facts.erased, stamp),
  });
}

function minString(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a <= b ? a : b;
}

function withChild(facts: ChildFacts, event: EventEnvelope): ChildFacts {
  const childRef = minString(facts.childRef, event.subject);
  // The latest record says where the child lives now (a move shows first in a new record).
  const municipality = latest(facts.municipality, {
    at: toInstant(event.recordedAt),
    eventId: event.id,
    code: event.municipality,
  });
  if (childRef === facts.childRef && municipality === facts.municipality) return facts;
  return { ...facts, childRef, municipality };
}

function evolveKnown(facts: ChildFacts, event: KnownEnvelope): ChildFacts {
  const eventId = event.id;
  switch (event.type) {
    // Health
    case 'no.samvirke.health.admission-recorded.v1': {
      const { admissionId, admittedAt, kind } = event.data;
      const admitted = { at: toInstant(admittedAt), eventId, kind };
      return {
        ...facts,
        admissions: update(facts.admissions, admissionId, {}, (a) => ({
          ...a,
          admitted: earliest(a.admitted, admitted),
        })),
      };
    }
    case 'no.samvirke.health.discharge-recorded.v1': {
      const { admissionId, dischargedAt, followUpNeeded, destination } = event.data;
      const discharged = { at: toInstant(dischargedAt), eventId, followUpNeeded, destination };
      return {
        ...facts,
        admissions: update(facts.admissions, admissionId, {}, (a) => ({
          ...a,
          discharged: earliest(a.discharged, discharged),
        })),
      };
    }
    case 'no.samvirke.health.discharge-summary-sent.v1': {
      const { admissionId, sentAt } = event.data;
      const summarySent = { at: toInstant(sentAt), eventId };
      return {
        ...facts,
        admissions: update(facts.admissions, admissionId, {}, (a) => ({
          ...a,
          summarySent: earliest(a.summarySent, summarySent),
        })),
      };
    }
    case 'no.samvirke.health.follow-up-recorded.v1': {
      const { followUpId, kind, occurredAt, admissionId } = event.data;
      const followUp = {
        at: toInstant(occurredAt),
        eventId,
        kind,
        ...(admissionId !== undefined ? { admissionId } : {}),
      };
      const kept = earliest(get(facts.followUps, followUpId), followUp) ?? followUp;
      return { ...facts, followUps: put(facts.followUps, followUpId, kept) };
    }
    case 'no.samvirke.health.referral-received.v1': {
      const { referralId, service, receivedAt } = event.data;
      const received = { at: toInstant(receivedAt), eventId, service };
      return {
        ...facts,
        referrals: update(facts.referrals, referralId, {}, (r) => ({
          ...r,
          received: earliest(r.received, received),
        })),
      };
    }
    case 'no.samvirke.health.referral-assessed.v1': {
      const { referralId, assessedAt, outcome, treatmentDeadline } = event.data;
      const assessed = {
        at: toInstant(assessedAt),
        eventId,
        outcome,
        ...(treatmentDeadline !== undefined ? { treatmentDeadline } : {}),
      };
      return {
        ...facts,
        referrals: update(facts.referrals, referralId, {}, (r) => ({
          ...r,
          assessed: earliest(r.assessed, assessed),
        })),
      };
    }
    case 'no.samvirke.health.treatment-started.v1': {
      const { referralId, startedAt } = event.data;
      const treatmentStarted = { at: toInstant(startedAt), eventId };
      return {
        ...facts,
        referrals: update(facts.referrals, referralId, {}, (r) => ({
          ...r,
          treatmentStarted: earliest(r.treatmentStarted, treatmentStarted),
        })),
      };
    }

    // School
    case 'no.samvirke.school.absence-recorded.v1': {
      const { date, scope, hours, documented } = event.data;
      const absence = { eventId, scope, documented, ...(hours !== undefined ? { hours } : {}) };
      const was = get(facts.absences, date);
      // One absence per child and date; of two different events the smaller id wins, in any order.
      if (was && was.eventId <= eventId) return facts;
      return { ...facts, absences: put(facts.absences, date, absence) };
    }
    case 'no.samvirke.school.meeting-held.v1': {
      const { meetingId, kind, occurredAt } = event.data;
      const meeting = { at: toInstant(occurredAt), eventId, kind };
      const kept = earliest(get(facts.schoolMeetings, meetingId), meeting) ?? meeting;
      return { ...facts, schoolMeetings: put(facts.schoolMeetings, meetingId, kept) };
    }
    case 'no.samvirke.school.expert-assessment-requested.v1': {
      const { assessmentId, requestedAt } = event.data;
      const requested = { at: toInstant(requestedAt), eventId };
      return {
        ...facts,
        expertAssessments: update(facts.expertAssessments, assessmentId, {}, (a) => ({
          ...a,
          requested: earliest(a.requested, requested),
        })),
      };
    }
    case 'no.samvirke.school.expert-assessment-completed.v1': {
      const { assessmentId, completedAt, recommendsSpecialEducation } = event.data;
      const completed = { at: toInstant(completedAt), eventId, recommendsSpecialEducation };
      return {
        ...facts,
        expertAssessments: update(facts.expertAssessments, assessmentId, {}, (a) => ({
          ...a,
          completed: earliest(a.completed, completed),
        })),
      };
    }
    case 'no.samvirke.school.enrolment-recorded.v1': {
      const { schoolId, stage, from } = event.data;
      if (Object.hasOwn(facts.enrolments, eventId)) return facts;
      return { ...facts, enrolments: put(facts.enrolments, eventId, { schoolId, stage, from }) };
    }

    // Child welfare
    case 'no.samvirke.childwelfare.concern-report-received.v1': {
      const { reportId, receivedAt } = event.data;
      const received = { at: toInstant(receivedAt), eventId };
      return {
        ...facts,
        concernReports: update(facts.concernReports, reportId, {}, (r) => ({
          ...r,
          received: earliest(r.received, received),
        })),
      };
    }
    case 'no.samvirke.childwelfare.concern-report-reviewed.v1': {
      const { reportId, reviewedAt, decision } = event.data;
      const reviewed = { at: toInstant(reviewedAt), eventId, decision };
      return {
        ...facts,
        concernReports: update(facts.concernReports, reportId, {}, (r) => ({
          ...r,
          reviewed: earliest(r.reviewed, reviewed),
        })),
      };
    }
    case 'no.samvirke.childwelfare.investigation-started.v1': {
      const { investigationId, reportId, startedAt } = event.data;
      const started = { at: toInstant(startedAt), eventId, reportId };
      return {
        ...facts,
        investigations: update(facts.investigations, investigationId, {}, (i) => ({
          ...i,
          started: earliest(i.started, started),
        })),
      };
    }
    case 'no.samvirke.childwelfare.investigation-extended.v1': {
      const { investigationId, extendedAt } = event.data;
      const extended = { at: toInstant(extendedAt), eventId };
      return {
        ...facts,
        investigations: update(facts.investigations, investigationId, {}, (i) => ({
          ...i,
          extended: earliest(i.extended, extended),
        })),
      };
    }
    case 'no.samvirke.childwelfare.investigation-concluded.v1': {
      const { investigationId, concludedAt, outcome } = event.data;
      const concluded = { at: toInstant(concludedAt), eventId, outcome };
      return {
        ...facts,
        investigations: update(facts.investigations, investigationId, {}, (i) => ({
          ...i,
          concluded: earliest(i.concluded, concluded),
        })),
      };
    }
    case 'no.samvirke.childwelfare.measure-decided.v1': {
      const { measureId, decidedAt } = event.data;
      const decided = { at: toInstant(decidedAt), eventId };
      return {
        ...facts,
        measures: update(facts.measures, measureId, { evaluations: [] }, (m) => ({
          ...m,
          decided: earliest(m.decided, decided),
        })),
      };
    }
    case 'no.samvirke.childwelfare.measure-evaluated.v1': {
      const { measureId, evaluatedAt } = event.data;
      const evaluation = { at: toInstant(evaluatedAt), eventId };
      return {
        ...facts,
        measures: update(facts.measures, measureId, { evaluations: [] }, (m) => ({
          ...m,
          evaluations: insertStamp(m.evaluations, evaluation),
        })),
      };
    }

    // Coordination
    case 'no.samvirke.coordination.child-enrolled.v1': {
      const data = event.data;
      const enrolled = { at: toInstant(data.enrolledAt), eventId };
      // The projection decrypts before folding; ciphertext alone gives no birth date.
      const birth =
        'birthDate' in data && data.birthDate !== undefined
          ? earliest(facts.birth, { ...enrolled, date: data.birthDate })
          : facts.birth;
      return {
        ...facts,
        enrolled: earliest(facts.enrolled, { ...enrolled, municipality: event.municipality }),
        ...(birth ? { birth } : {}),
      };
    }
    case 'no.samvirke.coordination.coordinator-requested.v1':
      return {
        ...facts,
        coordinatorRequests: insertStamp(facts.coordinatorRequests, {
          at: toInstant(event.data.requestedAt),
          eventId,
        }),
      };
    case 'no.samvirke.coordination.coordinator-assigned.v1':
      return {
        ...facts,
        coordinatorAssignments: insertStamp(facts.coordinatorAssignments, {
          at: toInstant(event.data.assignedAt),
          eventId,
          coordinatorId: event.data.coordinatorId,
        }),
      };
    case 'no.samvirke.coordination.consent-given.v1': {
      const { consentId, sectors, givenBy, givenAt, expiresAt } = event.data;
      const given = {
        at: toInstant(givenAt),
        eventId,
        sectors: [...sectors].sort(),
        givenBy,
        ...(expiresAt !== undefined ? { expiresAt: toInstant(expiresAt) } : {}),
      };
      return {
        ...facts,
        consents: update(facts.consents, consentId, {}, (c) => ({
          ...c,
          given: earliest(c.given, given),
        })),
      };
    }
    case 'no.samvirke.coordination.consent-withdrawn.v1': {
      const { consentId, withdrawnAt } = event.data;
      const withdrawn = { at: toInstant(withdrawnAt), eventId };
      return {
        ...facts,
        consents: update(facts.consents, consentId, {}, (c) => ({
          ...c,
          withdrawn: earliest(c.withdrawn, withdrawn),
        })),
      };
    }
    case 'no.samvirke.coordination.plan-established.v1':
      return {
        ...facts,
        plans: insertStamp(facts.plans, {
          at: toInstant(event.data.establishedAt),
          eventId,
          kind: 'established',
          reviewDueAt: toInstant(event.data.reviewDueAt),
        }),
      };
    case 'no.samvirke.coordination.plan-revised.v1':
      return {
        ...facts,
        plans: insertStamp(facts.plans, {
          at: toInstant(event.data.revisedAt),
          eventId,
          kind: 'revised',
          reviewDueAt: toInstant(event.data.reviewDueAt),
        }),
      };
    case 'no.samvirke.coordination.responsibility-group-met.v1':
      return {
        ...facts,
        responsibilityGroupMeetings: insertStamp(facts.responsibilityGroupMeetings, {
          at: toInstant(event.data.heldAt),
          eventId,
        }),
      };

    case 'no.samvirke.coordination.transfer-accepted.v1':
      return {
        ...facts,
        transfers: insertStamp(facts.transfers ?? [], {
          at: toInstant(event.data.acceptedAt),
          eventId,
          toMunicipality: event.data.toMunicipality,
        }),
      };
    // Nothing moves until a transfer is accepted.
    case 'no.samvirke.coordination.transfer-requested.v1':
    case 'no.samvirke.coordination.transfer-declined.v1':
      return facts;

    // Handled before (erasure absorbs; gap events are not facts about the child).
    case 'no.samvirke.coordination.child-erased.v1':
    case 'no.samvirke.coordination.gap-opened.v1':
    case 'no.samvirke.coordination.gap-acknowledged.v1':
    case 'no.samvirke.coordination.gap-resolved.v1':
    case 'no.samvirke.coordination.gap-acknowledged.v2':
    case 'no.samvirke.coordination.gap-resolved.v2':
      return facts;
    default: {
      const _exhaustive: never = event;
      return facts;
    }
  }
}

/**
 * Which sector was involved, and when (for `coordination.multi-sector`). Only involvement beyond
 * the ordinary counts: a hospital stay, a referral or a follow-up contact; a PPT assessment or an
 * absence/support-team meeting; an investigation or a measure. Absence days, ordinary parents'
 * meetings and concern reports alone do not.
 */
function activeSectorOf(event: KnownEnvelope): { sector: ActiveSector; at: string } | undefined {
  switch (event.type) {
    case 'no.samvirke.health.admission-recorded.v1':
      return { sector: 'health', at: event.data.admittedAt };
    case 'no.samvirke.health.discharge-recorded.v1':
      return { sector: 'health', at: event.data.dischargedAt };
    case 'no.samvirke.health.follow-up-recorded.v1':
      return { sector: 'health', at: event.data.occurredAt };
    case 'no.samvirke.health.referral-received.v1':
      return { sector: 'health', at: event.data.receivedAt };
    case 'no.samvirke.health.referral-assessed.v1':
      return { sector: 'health', at: event.data.assessedAt };
    case 'no.samvirke.health.treatment-started.v1':
      return { sector: 'health', at: event.data.startedAt };
    case 'no.samvirke.school.meeting-held.v1':
      return event.data.kind === 'absence-follow-up' || event.data.kind === 'support-team'
        ? { sector: 'school', at: event.data.occurredAt }
        : undefined;
    case 'no.samvirke.school.expert-assessment-requested.v1':
      return { sector: 'school', at: event.data.requestedAt };
    case 'no.samvirke.school.expert-assessment-completed.v1':
      return { sector: 'school', at: event.data.completedAt };
    case 'no.samvirke.childwelfare.investigation-started.v1':
      return { sector: 'child-welfare', at: event.data.startedAt };
    case 'no.samvirke.childwelfare.investigation-extended.v1':
      return { sector: 'child-welfare', at: event.data.extendedAt };
    case 'no.samvirke.childwelfare.investigation-concluded.v1':
      return { sector: 'child-welfare', at: event.data.concludedAt };
    case 'no.samvirke.childwelfare.measure-decided.v1':
      return { sector: 'child-welfare', at: event.data.decidedAt };
    case 'no.samvirke.childwelfare.measure-evaluated.v1':
      return { sector: 'child-welfare', at: event.data.evaluatedAt };
    default:
      return undefined;
  }
}

function withActivity(facts: ChildFacts, event: KnownEnvelope): ChildFacts {
  const activity = activeSectorOf(event);
  if (!activity) return facts;
  const sectorActivity = insertStamp(facts.sectorActivity, {
    at: toInstant(activity.at),
    eventId: event.id,
    sector: activity.sector,
  });
  return sectorActivity === facts.sectorActivity ? facts : { ...facts, sectorActivity };
}
