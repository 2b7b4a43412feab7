import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from './define';
import { DateOnly, DateTime, Enum, Identifier } from './formats';

/** `absence-recorded.scope`. */
export const ABSENCE_SCOPES = ['full-day', 'partial'] as const;
/** `meeting-held.kind`. */
export const MEETING_KINDS = [
  'absence-follow-up',
  'parents',
  'support-team',
  'transition',
] as const;
/** `enrolment-recorded.stage`. */
export const ENROLMENT_STAGES = ['primary', 'lower-secondary', 'upper-secondary'] as const;

export const AbsenceRecordedV1 = Type.Object(
  {
    schoolId: Identifier(),
    date: DateOnly('the school day the child was absent'),
    scope: Enum(ABSENCE_SCOPES),
    hours: Type.Optional(
      Type.Number({ minimum: 0, maximum: 24, description: 'hours absent, for a partial day' }),
    ),
    documented: Type.Boolean({ description: 'the absence is documented (e.g. medical)' }),
  },
  { additionalProperties: false },
);
export type AbsenceRecordedV1 = Static<typeof AbsenceRecordedV1>;

export const MeetingHeldV1 = Type.Object(
  {
    meetingId: Identifier(),
    kind: Enum(MEETING_KINDS),
    occurredAt: DateTime(),
  },
  { additionalProperties: false },
);
export type MeetingHeldV1 = Static<typeof MeetingHeldV1>;

export const ExpertAssessmentRequestedV1 = Type.Object(
  { assessmentId: Identifier(), requestedAt: DateTime() },
  { additionalProperties: false },
);
export type ExpertAssessmentRequestedV1 = Static<typeof ExpertAssessmentRequestedV1>;

export const ExpertAssessmentCompletedV1 = Type.Object(
  {
    assessmentId: Identifier(),
    completedAt: DateTime(),
    recommendsSpecialEducation: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type ExpertAssessmentCompletedV1 = Static<typeof ExpertAssessmentCompletedV1>;

export const EnrolmentRecordedV1 = Type.Object(
  {
    schoolId: Identifier(),
    stage: Enum(ENROLMENT_STAGES),
    from: DateOnly('first day at this school'),
  },
  { additionalProperties: false },
);
export type EnrolmentRecordedV1 = Static<typeof EnrolmentRecordedV1>;

export const absenceRecordedV1 = defineEvent({
  type: 'no.samvirke.school.absence-recorded.v1',
  sector: 'school',
  event: 'absence-recorded',
  version: 1,
  schema: AbsenceRecordedV1,
  occurredAtField: 'date',
  description: 'The child was absent from school on a day (one event per child and date).',
  example: {
    schoolId: 'school-0301-017',
    date: '2026-03-03',
    scope: 'full-day',
    documented: false,
  },
});

export const meetingHeldV1 = defineEvent({
  type: 'no.samvirke.school.meeting-held.v1',
  sector: 'school',
  event: 'meeting-held',
  version: 1,
  schema: MeetingHeldV1,
  occurredAtField: 'occurredAt',
  description:
    'The school held a meeting about the child (absence follow-up, parents, support team, transition).',
  example: {
    meetingId: 'mtg-311',
    kind: 'absence-follow-up',
    occurredAt: '2026-03-13T13:00:00+01:00',
  },
});

export const expertAssessmentRequestedV1 = defineEvent({
  type: 'no.samvirke.school.expert-assessment-requested.v1',
  sector: 'school',
  event: 'expert-assessment-requested',
  version: 1,
  schema: ExpertAssessmentRequestedV1,
  occurredAtField: 'requestedAt',
  description: 'A PPT expert assessment (sakkyndig vurdering) was requested.',
  example: { assessmentId: 'ppt-2026-09', requestedAt: '2026-01-15T09:00:00+01:00' },
});

export const expertAssessmentCompletedV1 = defineEvent({
  type: 'no.samvirke.school.expert-assessment-completed.v1',
  sector: 'school',
  event: 'expert-assessment-completed',
  version: 1,
  schema: ExpertAssessmentCompletedV1,
  occurredAtField: 'completedAt',
  description: 'A PPT expert assessment was completed.',
  example: {
    assessmentId: 'ppt-2026-09',
    completedAt: '2026-04-01T15:00:00+02:00',
    recommendsSpecialEducation: true,
  },
});

export const enrolmentRecordedV1 = defineEvent({
  type: 'no.samvirke.school.enrolment-recorded.v1',
  sector: 'school',
  event: 'enrolment-recorded',
  version: 1,
  schema: EnrolmentRecordedV1,
  occurredAtField: 'from',
  description: 'The child was enrolled at a school, at a stage, from a date.',
  example: { schoolId: 'school-0301-017', stage: 'primary', from: '2025-08-18' },
});

export const schoolEvents = [
  absenceRecordedV1,
  meetingHeldV1,
  expertAssessmentRequestedV1,
  expertAssessmentCompletedV1,
  enrolmentRecordedV1,
] as const;
