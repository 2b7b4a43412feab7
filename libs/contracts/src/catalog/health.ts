import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from './define';
import { DateOnly, DateTime, Enum, Identifier, Text } from './formats';

// Payloads carry the HTTP body's fields under the same names, minus `personalId` (the envelope's
// subject is the childRef) and `municipality` (the envelope extension).

/** `admission-recorded.kind`. */
export const ADMISSION_KINDS = ['inpatient', 'day', 'emergency'] as const;
/** `discharge-recorded.destination`. */
export const DISCHARGE_DESTINATIONS = ['home', 'institution', 'other'] as const;
/** `follow-up-recorded.kind`. */
export const FOLLOW_UP_KINDS = [
  'gp',
  'health-nurse',
  'home-visit',
  'outpatient',
  'habilitation',
  'other',
] as const;
/** `referral-received.service`. */
export const REFERRAL_SERVICES = ['bup', 'habilitation', 'paediatrics', 'other'] as const;
/** `referral-assessed.outcome`. */
export const REFERRAL_OUTCOMES = ['accepted', 'rejected'] as const;

export const AdmissionRecordedV1 = Type.Object(
  {
    admissionId: Identifier('the hospital stay, as the sector system names it'),
    facility: Text('hospital or ward', 200),
    kind: Enum(ADMISSION_KINDS),
    admittedAt: DateTime(),
  },
  { additionalProperties: false },
);
export type AdmissionRecordedV1 = Static<typeof AdmissionRecordedV1>;

export const DischargeRecordedV1 = Type.Object(
  {
    admissionId: Identifier(),
    dischargedAt: DateTime(),
    followUpNeeded: Type.Boolean({ description: 'the hospital asks for municipal follow-up' }),
    destination: Enum(DISCHARGE_DESTINATIONS),
  },
  { additionalProperties: false },
);
export type DischargeRecordedV1 = Static<typeof DischargeRecordedV1>;

export const DischargeSummarySentV1 = Type.Object(
  { admissionId: Identifier(), sentAt: DateTime('when the epikrise was sent') },
  { additionalProperties: false },
);
export type DischargeSummarySentV1 = Static<typeof DischargeSummarySentV1>;

export const FollowUpRecordedV1 = Type.Object(
  {
    followUpId: Identifier(),
    kind: Enum(FOLLOW_UP_KINDS),
    occurredAt: DateTime(),
    admissionId: Type.Optional(Identifier('the stay this contact follows up, when known')),
  },
  { additionalProperties: false },
);
export type FollowUpRecordedV1 = Static<typeof FollowUpRecordedV1>;

export const ReferralReceivedV1 = Type.Object(
  {
    referralId: Identifier(),
    service: Enum(REFERRAL_SERVICES),
    receivedAt: DateTime(),
  },
  { additionalProperties: false },
);
export type ReferralReceivedV1 = Static<typeof ReferralReceivedV1>;

export const ReferralAssessedV1 = Type.Object(
  {
    referralId: Identifier(),
    assessedAt: DateTime(),
    outcome: Enum(REFERRAL_OUTCOMES),
    treatmentDeadline: Type.Optional(DateOnly('latest date treatment must start (pbrl §2-2)')),
  },
  { additionalProperties: false },
);
export type ReferralAssessedV1 = Static<typeof ReferralAssessedV1>;

export const TreatmentStartedV1 = Type.Object(
  { referralId: Identifier(), startedAt: DateTime() },
  { additionalProperties: false },
);
export type TreatmentStartedV1 = Static<typeof TreatmentStartedV1>;

export const admissionRecordedV1 = defineEvent({
  type: 'no.samvirke.health.admission-recorded.v1',
  sector: 'health',
  event: 'admission-recorded',
  version: 1,
  schema: AdmissionRecordedV1,
  occurredAtField: 'admittedAt',
  description: 'The child was admitted to hospital (inpatient, day or emergency).',
  example: {
    admissionId: 'adm-2026-0042',
    facility: 'St. Olavs hospital, barneklinikken',
    kind: 'inpatient',
    admittedAt: '2026-03-02T08:15:00+01:00',
  },
});

export const dischargeRecordedV1 = defineEvent({
  type: 'no.samvirke.health.discharge-recorded.v1',
  sector: 'health',
  event: 'discharge-recorded',
  version: 1,
  schema: DischargeRecordedV1,
  occurredAtField: 'dischargedAt',
  description: 'The child was discharged from a hospital stay.',
  example: {
    admissionId: 'adm-2026-0042',
    dischargedAt: '2026-03-09T14:00:00+01:00',
    followUpNeeded: true,
    destination: 'home',
  },
});

export const dischargeSummarySentV1 = defineEvent({
  type: 'no.samvirke.health.discharge-summary-sent.v1',
  sector: 'health',
  event: 'discharge-summary-sent',
  version: 1,
  schema: DischargeSummarySentV1,
  occurredAtField: 'sentAt',
  description: 'The discharge summary (epikrise) for a stay was sent (helsepersonelloven §45a).',
  example: { admissionId: 'adm-2026-0042', sentAt: '2026-03-10T09:30:00+01:00' },
});

export const followUpRecordedV1 = defineEvent({
  type: 'no.samvirke.health.follow-up-recorded.v1',
  sector: 'health',
  event: 'follow-up-recorded',
  version: 1,
  schema: FollowUpRecordedV1,
  occurredAtField: 'occurredAt',
  description: 'A municipal or specialist follow-up contact with the child took place.',
  example: {
    followUpId: 'fu-7781',
    kind: 'health-nurse',
    occurredAt: '2026-03-12T10:00:00+01:00',
    admissionId: 'adm-2026-0042',
  },
});

export const referralReceivedV1 = defineEvent({
  type: 'no.samvirke.health.referral-received.v1',
  sector: 'health',
  event: 'referral-received',
  version: 1,
  schema: ReferralReceivedV1,
  occurredAtField: 'receivedAt',
  description:
    'A referral to specialist health care (BUP, habilitation, paediatrics) was received.',
  example: { referralId: 'ref-5521', service: 'bup', receivedAt: '2026-02-02T12:00:00+01:00' },
});

export const referralAssessedV1 = defineEvent({
  type: 'no.samvirke.health.referral-assessed.v1',
  sector: 'health',
  event: 'referral-assessed',
  version: 1,
  schema: ReferralAssessedV1,
  occurredAtField: 'assessedAt',
  description: 'A referral was assessed: accepted (with a treatment deadline) or rejected.',
  example: {
    referralId: 'ref-5521',
    assessedAt: '2026-02-10T11:00:00+01:00',
    outcome: 'accepted',
    treatmentDeadline: '2026-04-10',
  },
});

export const treatmentStartedV1 = defineEvent({
  type: 'no.samvirke.health.treatment-started.v1',
  sector: 'health',
  event: 'treatment-started',
  version: 1,
  schema: TreatmentStartedV1,
  occurredAtField: 'startedAt',
  description: 'Treatment started for an accepted referral.',
  example: { referralId: 'ref-5521', startedAt: '2026-03-20T09:00:00+01:00' },
});

export const healthEvents = [
  admissionRecordedV1,
  dischargeRecordedV1,
  dischargeSummarySentV1,
  followUpRecordedV1,
  referralReceivedV1,
  referralAssessedV1,
  treatmentStartedV1,
] as const;
