import type {
  ABSENCE_SCOPES,
  ADMISSION_KINDS,
  ConsentSector,
  ENROLMENT_STAGES,
  EventDataOf,
  EventEnvelope,
  KnownEventType,
  MEETING_KINDS,
} from '@samvirke/contracts';

/** Test builders for envelopes as the coordination service receives them. */

export const CHILD = 'child-ref-1';
export const OSLO = '0301';

let sequence = 0;

interface Options {
  id?: string;
  municipality?: string;
  subject?: string;
  /** The envelope's `time`; by default the fact's own time from `data`. */
  time?: string;
}

function factTime(data: Record<string, unknown>): string {
  for (const [name, value] of Object.entries(data)) {
    if (name.endsWith('At') && typeof value === 'string') return value;
  }
  const date = data['date'] ?? data['from'];
  if (typeof date === 'string') return `${date}T08:00:00+01:00`;
  throw new Error('no time in data: pass options.time');
}

export function envelope<T extends KnownEventType>(
  type: T,
  data: EventDataOf<T>,
  options: Options = {},
): EventEnvelope<T, EventDataOf<T>> {
  sequence += 1;
  const id = options.id ?? `evt-${String(sequence).padStart(6, '0')}`;
  const time = options.time ?? factTime(data as Record<string, unknown>);
  const sector = type.split('.')[2];
  return {
    id,
    type,
    source: `/samvirke/${sector}-service`,
    subject: options.subject ?? CHILD,
    time,
    data,
    municipality: options.municipality ?? OSLO,
    correlationId: id,
    causationId: id,
    recordedAt: time,
    schemaVersion: 1,
  };
}

/** The same event, in another municipality. */
export function inMunicipality<E extends EventEnvelope>(municipality: string, event: E): E {
  return { ...event, municipality };
}

/** One builder per event type, with the fields the rules care about first. */
export const events = {
  admitted: (
    admissionId: string,
    admittedAt: string,
    kind: (typeof ADMISSION_KINDS)[number] = 'inpatient',
    o?: Options,
  ) =>
    envelope(
      'no.samvirke.health.admission-recorded.v1',
      { admissionId, facility: 'St. Olavs hospital', kind, admittedAt },
      o,
    ),
  discharged: (admissionId: string, dischargedAt: string, followUpNeeded = true, o?: Options) =>
    envelope(
      'no.samvirke.health.discharge-recorded.v1',
      { admissionId, dischargedAt, followUpNeeded, destination: 'home' },
      o,
    ),
  summarySent: (admissionId: string, sentAt: string, o?: Options) =>
    envelope('no.samvirke.health.discharge-summary-sent.v1', { admissionId, sentAt }, o),
  followUp: (
    followUpId: string,
    occurredAt: string,
    more: {
      kind?: EventDataOf<'no.samvirke.health.follow-up-recorded.v1'>['kind'];
      admissionId?: string;
    } = {},
    o?: Options,
  ) =>
    envelope(
      'no.samvirke.health.follow-up-recorded.v1',
      {
        followUpId,
        kind: more.kind ?? 'health-nurse',
        occurredAt,
        ...(more.admissionId ? { admissionId: more.admissionId } : {}),
      },
      o,
    ),
  referralReceived: (referralId: string, receivedAt: string, o?: Options) =>
    envelope(
      'no.samvirke.health.referral-received.v1',
      { referralId, service: 'bup', receivedAt },
      o,
    ),
  referralAssessed: (
    referralId: string,
    assessedAt: string,
    treatmentDeadline?: string,
    o?: Options,
  ) =>
    envelope(
      'no.samvirke.health.referral-assessed.v1',
      {
        referralId,
        assessedAt,
        outcome: 'accepted',
        ...(treatmentDeadline ? { treatmentDeadline } : {}),
      },
      o,
    ),
  referralRejected: (referralId: string, assessedAt: string, o?: Options) =>
    envelope(
      'no.samvirke.health.referral-assessed.v1',
      { referralId, assessedAt, outcome: 'rejected' },
      o,
    ),
  treatmentStarted: (referralId: string, startedAt: string, o?: Options) =>
    envelope('no.samvirke.health.treatment-started.v1', { referralId, startedAt }, o),

  absence: (date: string, scope: (typeof ABSENCE_SCOPES)[number] = 'full-day', o?: Options) =>
    envelope(
      'no.samvirke.school.absence-recorded.v1',
      {
        schoolId: 'school-1',
        date,
        scope,
        documented: false,
        ...(scope === 'partial' ? { hours: 2 } : {}),
      },
      o,
    ),
  schoolMeeting: (
    meetingId: string,
    kind: (typeof MEETING_KINDS)[number],
    occurredAt: string,
    o?: Options,
  ) => envelope('no.samvirke.school.meeting-held.v1', { meetingId, kind, occurredAt }, o),
  expertRequested: (assessmentId: string, requestedAt: string, o?: Options) =>
    envelope('no.samvirke.school.expert-assessment-requested.v1', { assessmentId, requestedAt }, o),
  expertCompleted: (assessmentId: string, completedAt: string, o?: Options) =>
    envelope(
      'no.samvirke.school.expert-assessment-completed.v1',
      { assessmentId, completedAt, recommendsSpecialEducation: true },
      o,
    ),
  enrolment: (stage: (typeof ENROLMENT_STAGES)[number], from: string, o?: Options) =>
    envelope('no.samvirke.school.enrolment-recorded.v1', { schoolId: 'school-1', stage, from }, o),

  reportReceived: (reportId: string, receivedAt: string, o?: Options) =>
    envelope(
      'no.samvirke.childwelfare.concern-report-received.v1',
      { reportId, receivedAt, reporter: 'school' },
      o,
    ),
  reportReviewed: (reportId: string, reviewedAt: string, o?: Options) =>
    envelope(
      'no.samvirke.childwelfare.concern-report-reviewed.v1',
      { reportId, reviewedAt, decision: 'investigate' },
      o,
    ),
  investigationStarted: (
    investigationId: string,
    startedAt: string,
    reportId = 'report-1',
    o?: Options,
  ) =>
    envelope(
      'no.samvirke.childwelfare.investigation-started.v1',
      { investigationId, reportId, startedAt },
      o,
    ),
  investigationExtended: (investigationId: string, extendedAt: string, o?: Options) =>
    envelope(
      'no.samvirke.childwelfare.investigation-extended.v1',
      { investigationId, extendedAt, reason: 'awaiting a specialist' },
      o,
    ),
  investigationConcluded: (investigationId: string, concludedAt: string, o?: Options) =>
    envelope(
      'no.samvirke.childwelfare.investigation-concluded.v1',
      { investigationId, concludedAt, outcome: 'measures' },
      o,
    ),
  measureDecided: (measureId: string, decidedAt: string, o?: Options) =>
    envelope(
      'no.samvirke.childwelfare.measure-decided.v1',
      { measureId, kind: 'parental guidance', decidedAt },
      o,
    ),
  measureEvaluated: (measureId: string, evaluatedAt: string, o?: Options) =>
    envelope('no.samvirke.childwelfare.measure-evaluated.v1', { measureId, evaluatedAt }, o),

  childEnrolled: (enrolledAt: string, birthDate?: string, o?: Options) =>
    envelope(
      'no.samvirke.coordination.child-enrolled.v1',
      { name: 'Test Child', enrolledAt, ...(birthDate ? { birthDate } : {}) },
      o,
    ),
  coordinatorRequested: (requestedAt: string, o?: Options) =>
    envelope('no.samvirke.coordination.coordinator-requested.v1', { requestedAt }, o),
  coordinatorAssigned: (coordinatorId: string, assignedAt: string, o?: Options) =>
    envelope('no.samvirke.coordination.coordinator-assigned.v1', { coordinatorId, assignedAt }, o),
  consentGiven: (
    consentId: string,
    givenAt: string,
    sectors: ConsentSector[] = ['health'],
    o?: Options,
  ) =>
    envelope(
      'no.samvirke.coordination.consent-given.v1',
      { consentId, sectors, givenBy: 'parent', givenAt },
      o,
    ),
  consentWithdrawn: (consentId: string, withdrawnAt: string, o?: Options) =>
    envelope('no.samvirke.coordination.consent-withdrawn.v1', { consentId, withdrawnAt }, o),
  planEstablished: (establishedAt: string, reviewDueAt: string, o?: Options) =>
    envelope('no.samvirke.coordination.plan-established.v1', { establishedAt, reviewDueAt }, o),
  planRevised: (revisedAt: string, reviewDueAt: string, o?: Options) =>
    envelope('no.samvirke.coordination.plan-revised.v1', { revisedAt, reviewDueAt }, o),
  responsibilityGroupMet: (heldAt: string, o?: Options) =>
    envelope('no.samvirke.coordination.responsibility-group-met.v1', { heldAt }, o),
  childErased: (erasedAt: string, o?: Options) =>
    envelope('no.samvirke.coordination.child-erased.v1', { erasedAt }, o),
};

/** A seeded pseudo-random generator (mulberry32): the same seed, the same shuffles. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with a given random source; returns a new array. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
