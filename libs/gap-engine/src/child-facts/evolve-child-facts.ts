import {
  catalogEntry,
  childErasedV1,
  type CatalogEnvelope,
  type EventDataOf,
  type EventEnvelope,
  type KnownEventType,
  type Sector,
} from '@samvirke/contracts';
import {
  earliest,
  emptyChildFacts,
  latest,
  type ActiveSector,
  type AdmissionFacts,
  type ChildFacts,
  type ConcernReportFacts,
  type ConsentFacts,
  type ExpertAssessmentFacts,
  type Instant,
  type InvestigationFacts,
  type MeasureFacts,
  type ReferralFacts,
  type Stamp,
} from './child-facts';
import { get, insertStamp, put, sortedKeys, update } from './collections';

/** Normalises an RFC 3339 time with any offset to one spelling, so equal instants compare equal. */
export function toInstant(time: string): Instant {
  return new Date(time).toISOString();
}

const GAP_OUTPUT =
  "the gap engine's own output: not a fact about the child, and must not feed back into it";

/** The catalog's events that are no fact about the child, and why. */
export const ignoredEvents = {
  'no.samvirke.coordination.gap-opened.v1': GAP_OUTPUT,
  'no.samvirke.coordination.gap-acknowledged.v1': GAP_OUTPUT,
  'no.samvirke.coordination.gap-resolved.v1': GAP_OUTPUT,
  'no.samvirke.coordination.gap-acknowledged.v2': GAP_OUTPUT,
  'no.samvirke.coordination.gap-resolved.v2': GAP_OUTPUT,
} as const satisfies { readonly [T in KnownEventType]?: string };

type FactEventType = Exclude<KnownEventType, keyof typeof ignoredEvents>;

/**
 * How one event changes the facts. `stamp` is when the fact happened (the catalog's occurred-at
 * field of the event, which is also the envelope's `time`) and which event says so.
 */
type Evolve<T extends FactEventType> = (
  facts: ChildFacts,
  event: CatalogEnvelope<T>,
  stamp: Stamp,
) => ChildFacts;

/** One entry per event type the facts hold. A slot two events could fill keeps the earliest. */
export const evolution: { readonly [T in FactEventType]: Evolve<T> } = {
  // Health
  'no.samvirke.health.admission-recorded.v1': (facts, { data }, stamp) =>
    withEarliest(facts, 'admissions', data.admissionId, 'admitted', { ...stamp, kind: data.kind }),
  'no.samvirke.health.discharge-recorded.v1': (facts, { data }, stamp) =>
    withEarliest(facts, 'admissions', data.admissionId, 'discharged', {
      ...stamp,
      followUpNeeded: data.followUpNeeded,
      destination: data.destination,
    }),
  'no.samvirke.health.discharge-summary-sent.v1': (facts, { data }, stamp) =>
    withEarliest(facts, 'admissions', data.admissionId, 'summarySent', stamp),
  'no.samvirke.health.follow-up-recorded.v1': (facts, { data }, stamp) =>
    withEarliestById(facts, 'followUps', data.followUpId, {
      ...stamp,
      kind: data.kind,
      ...(data.admissionId !== undefined ? { admissionId: data.admissionId } : {}),
    }),
  'no.samvirke.health.referral-received.v1': (facts, { data }, stamp) =>
    withEarliest(facts, 'referrals', data.referralId, 'received', {
      ...stamp,
      service: data.service,
    }),
  'no.samvirke.health.referral-assessed.v1': (facts, { data }, stamp) =>
    withEarliest(facts, 'referrals', data.referralId, 'assessed', {
      ...stamp,
      outcome: data.outcome,
      ...(data.treatmentDeadline !== undefined
        ? { treatmentDeadline: data.treatmentDeadline }
        : {}),
    }),
  'no.samvirke.health.treatment-started.v1': (facts, { data }, stamp) =>
    withEarliest(facts, 'referrals', data.referralId, 'treatmentStarted', stamp),

  // School
  'no.samvirke.school.absence-recorded.v1': (facts, { id, data }) => {
    const { date, scope, hours, documented } = data;
    const was = get(facts.absences, date);
    // One absence per child and date; of two different events the smaller id wins, in any order.
    if (was && was.eventId <= id) return facts;
    const absence = { eventId: id, scope, documented, ...(hours !== undefined ? { hours } : {}) };
    return { ...facts, absences: put(facts.absences, date, absence) };
  },
  'no.samvirke.school.meeting-held.v1': (facts, { data }, stamp) =>
    withEarliestById(facts, 'schoolMeetings', data.meetingId, { ...stamp, kind: data.kind }),
  'no.samvirke.school.expert-assessment-requested.v1': (facts, { data }, stamp) =>
    withEarliest(facts, 'expertAssessments', data.assessmentId, 'requested', stamp),
  'no.samvirke.school.expert-assessment-completed.v1': (facts, { data }, stamp) =>
    withEarliest(facts, 'expertAssessments', data.assessmentId, 'completed', {
      ...stamp,
      recommendsSpecialEducation: data.recommendsSpecialEducation,
    }),
  'no.samvirke.school.enrolment-recorded.v1': (facts, { id, data: { schoolId, stage, from } }) =>
    Object.hasOwn(facts.enrolments, id)
      ? facts
      : { ...facts, enrolments: put(facts.enrolments, id, { schoolId, stage, from }) },

  // Child welfare
  'no.samvirke.childwelfare.concern-report-received.v1': (facts, { data }, stamp) =>
    withEarliest(facts, 'concernReports', data.reportId, 'received', stamp),
  'no.samvirke.childwelfare.concern-report-reviewed.v1': (facts, { data }, stamp) =>
    withEarliest(facts, 'concernReports', data.reportId, 'reviewed', {
      ...stamp,
      decision: data.decision,
    }),
  'no.samvirke.childwelfare.investigation-started.v1': (facts, { data }, stamp) =>
    withEarliest(facts, 'investigations', data.investigationId, 'started', {
      ...stamp,
      reportId: data.reportId,
    }),
  'no.samvirke.childwelfare.investigation-extended.v1': (facts, { data }, stamp) =>
    withEarliest(facts, 'investigations', data.investigationId, 'extended', stamp),
  'no.samvirke.childwelfare.investigation-concluded.v1': (facts, { data }, stamp) =>
    withEarliest(facts, 'investigations', data.investigationId, 'concluded', {
      ...stamp,
      outcome: data.outcome,
    }),
  'no.samvirke.childwelfare.measure-decided.v1': (facts, { data }, stamp) =>
    withEarliest(facts, 'measures', data.measureId, 'decided', stamp),
  'no.samvirke.childwelfare.measure-evaluated.v1': (facts, { data }, stamp) => ({
    ...facts,
    measures: update(facts.measures, data.measureId, EMPTY.measures, (m) => ({
      ...m,
      evaluations: insertStamp(m.evaluations, stamp),
    })),
  }),

  // Coordination
  'no.samvirke.coordination.child-enrolled.v1': (facts, { data, municipality }, stamp) => {
    // The projection decrypts before folding; ciphertext alone gives no birth date.
    const birth =
      'birthDate' in data && data.birthDate !== undefined
        ? earliest(facts.birth, { ...stamp, date: data.birthDate })
        : facts.birth;
    return {
      ...facts,
      enrolled: earliest(facts.enrolled, { ...stamp, municipality }),
      ...(birth ? { birth } : {}),
    };
  },
  'no.samvirke.coordination.coordinator-requested.v1': (facts, _, stamp) =>
    withInserted(facts, 'coordinatorRequests', stamp),
  'no.samvirke.coordination.coordinator-assigned.v1': (facts, { data }, stamp) =>
    withInserted(facts, 'coordinatorAssignments', { ...stamp, coordinatorId: data.coordinatorId }),
  'no.samvirke.coordination.consent-given.v1': (facts, { data }, stamp) =>
    withEarliest(facts, 'consents', data.consentId, 'given', {
      ...stamp,
      sectors: [...data.sectors].sort(),
      givenBy: data.givenBy,
      ...(data.expiresAt !== undefined ? { expiresAt: toInstant(data.expiresAt) } : {}),
    }),
  'no.samvirke.coordination.consent-withdrawn.v1': (facts, { data }, stamp) =>
    withEarliest(facts, 'consents', data.consentId, 'withdrawn', stamp),
  'no.samvirke.coordination.plan-established.v1': (facts, { data }, stamp) =>
    withInserted(facts, 'plans', {
      ...stamp,
      kind: 'established',
      reviewDueAt: toInstant(data.reviewDueAt),
    }),
  'no.samvirke.coordination.plan-revised.v1': (facts, { data }, stamp) =>
    withInserted(facts, 'plans', {
      ...stamp,
      kind: 'revised',
      reviewDueAt: toInstant(data.reviewDueAt),
    }),
  'no.samvirke.coordination.responsibility-group-met.v1': (facts, _, stamp) =>
    withInserted(facts, 'responsibilityGroupMeetings', stamp),
  // Nothing moves until a transfer is accepted; a request or an answer counts only as a record (withChild).
  'no.samvirke.coordination.transfer-requested.v1': (facts) => facts,
  'no.samvirke.coordination.transfer-declined.v1': (facts) => facts,
  'no.samvirke.coordination.transfer-accepted.v1': (facts, { data }, stamp) =>
    withInserted(facts, 'transfers', { ...stamp, toMunicipality: data.toMunicipality }),
  // Erasure absorbs everything: only the child's reference and the erasure remain.
  'no.samvirke.coordination.child-erased.v1': (facts, { subject }, stamp) => {
    const childRef = minString(facts.childRef, subject);
    return {
      ...emptyChildFacts(),
      ...(childRef !== undefined ? { childRef } : {}),
      erased: earliest(facts.erased, stamp),
    };
  },
};

/**
 * The events that show a sector involved (for `coordination.multi-sector`), at the fact's time.
 * Only involvement beyond the ordinary counts: a hospital stay, a referral or a follow-up
 * contact; a PPT assessment or an absence/support-team meeting; an investigation or a measure.
 * Absence days, ordinary parents' meetings and concern reports alone do not.
 */
export const involvement: {
  readonly [T in FactEventType]?: true | ((data: EventDataOf<T>) => boolean);
} = {
  'no.samvirke.health.admission-recorded.v1': true,
  'no.samvirke.health.discharge-recorded.v1': true,
  'no.samvirke.health.follow-up-recorded.v1': true,
  'no.samvirke.health.referral-received.v1': true,
  'no.samvirke.health.referral-assessed.v1': true,
  'no.samvirke.health.treatment-started.v1': true,
  'no.samvirke.school.meeting-held.v1': ({ kind }) =>
    kind === 'absence-follow-up' || kind === 'support-team',
  'no.samvirke.school.expert-assessment-requested.v1': true,
  'no.samvirke.school.expert-assessment-completed.v1': true,
  'no.samvirke.childwelfare.investigation-started.v1': true,
  'no.samvirke.childwelfare.investigation-extended.v1': true,
  'no.samvirke.childwelfare.investigation-concluded.v1': true,
  'no.samvirke.childwelfare.measure-decided.v1': true,
  'no.samvirke.childwelfare.measure-evaluated.v1': true,
};

/** The sectors' events that do not show their sector involved, and why. */
export const notInvolving = {
  'no.samvirke.health.discharge-summary-sent.v1':
    'paperwork of a stay whose admission and discharge already count',
  'no.samvirke.school.absence-recorded.v1':
    'an absence day alone is ordinary school life; its follow-up meeting counts',
  'no.samvirke.school.enrolment-recorded.v1': 'every child of school age is enrolled somewhere',
  'no.samvirke.childwelfare.concern-report-received.v1':
    'a concern report alone is not a case; an investigation is',
  'no.samvirke.childwelfare.concern-report-reviewed.v1':
    'a review decides whether there is a case; the investigation it starts counts',
} as const satisfies { readonly [T in FactEventType]?: string };

/** The bus's sector names in consent's spelling. */
const ACTIVE_SECTOR: Partial<Record<Sector, ActiveSector>> = {
  health: 'health',
  school: 'school',
  childwelfare: 'child-welfare',
};

/**
 * Folds one event into a child's facts. Commutative and idempotent: the facts after any order of
 * the same events are equal, and a redelivered event (same id) changes nothing. Events of other
 * types (gap events, unknown versions) leave the facts as they are.
 */
export function evolveChildFacts(facts: ChildFacts, envelope: EventEnvelope): ChildFacts {
  // Erasure absorbs everything: an event that arrives after it (or was delivered late) adds nothing.
  if (facts.erased && envelope.type !== childErasedV1.type) return facts;
  if (!Object.hasOwn(evolution, envelope.type)) return facts;
  const event = envelope as CatalogEnvelope<FactEventType>;
  const stamp = stampOf(event);
  const evolve = evolution[event.type] as Evolve<FactEventType>;
  return sortedKeys(withActivity(evolve(withChild(facts, event), event, stamp), event, stamp));
}

/** Folds many events (any order). */
export function childFactsFrom(events: readonly EventEnvelope[]): ChildFacts {
  return events.reduce(evolveChildFacts, emptyChildFacts());
}

function stampOf(event: CatalogEnvelope<FactEventType>): Stamp {
  const field = catalogEntry(event.type).occurredAtField as keyof typeof event.data;
  return { at: toInstant(event.data[field] as string), eventId: event.id };
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

function withActivity(
  facts: ChildFacts,
  event: CatalogEnvelope<FactEventType>,
  stamp: Stamp,
): ChildFacts {
  const involves = involvement[event.type] as true | ((data: unknown) => boolean) | undefined;
  const sector = ACTIVE_SECTOR[catalogEntry(event.type).sector];
  if (!involves || !sector || (involves !== true && !involves(event.data))) return facts;
  const sectorActivity = insertStamp(facts.sectorActivity, { ...stamp, sector });
  return sectorActivity === facts.sectorActivity ? facts : { ...facts, sectorActivity };
}

/** The records whose entries hold one fact per slot. */
interface Entries {
  admissions: AdmissionFacts;
  referrals: ReferralFacts;
  expertAssessments: ExpertAssessmentFacts;
  concernReports: ConcernReportFacts;
  investigations: InvestigationFacts;
  measures: MeasureFacts;
  consents: ConsentFacts;
}

const EMPTY: { readonly [R in keyof Entries]: Entries[R] } = {
  admissions: {},
  referrals: {},
  expertAssessments: {},
  concernReports: {},
  investigations: {},
  measures: { evaluations: [] },
  consents: {},
};

type SlotOf<E> = { [K in keyof E]-?: NonNullable<E[K]> extends Stamp ? K : never }[keyof E];

/** Entry `key` of `record` keeps the earliest fact in `slot`. */
function withEarliest<R extends keyof Entries, S extends SlotOf<Entries[R]>>(
  facts: ChildFacts,
  record: R,
  key: string,
  slot: S,
  fact: NonNullable<Entries[R][S]> & Stamp,
): ChildFacts {
  type Entry = Record<string, Stamp | undefined>;
  const entries = update(
    facts[record] as Record<string, Entry>,
    key,
    EMPTY[record] as Entry,
    (entry) => ({
      ...entry,
      [slot]: earliest(entry[slot as string], fact),
    }),
  );
  return { ...facts, [record]: entries };
}

/** `record` keeps the earliest fact for each id. */
function withEarliestById<R extends 'followUps' | 'schoolMeetings'>(
  facts: ChildFacts,
  record: R,
  key: string,
  fact: ChildFacts[R][string],
): ChildFacts {
  const byId = facts[record] as Record<string, Stamp>;
  const kept = earliest(get(byId, key), fact) ?? fact;
  return { ...facts, [record]: put(byId, key, kept) };
}

type Lists =
  | 'coordinatorRequests'
  | 'coordinatorAssignments'
  | 'plans'
  | 'responsibilityGroupMeetings'
  | 'transfers';

/** Inserts into one of the facts' lists in (at, eventId) order; an event id already there changes nothing. */
function withInserted<L extends Lists>(
  facts: ChildFacts,
  list: L,
  fact: NonNullable<ChildFacts[L]>[number],
): ChildFacts {
  return { ...facts, [list]: insertStamp((facts[list] ?? []) as Stamp[], fact) };
}
