import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from './define';
import { DateTime, Enum, Identifier, Text } from './formats';

/** `concern-report-received.reporter`: who sent the report. */
export const CONCERN_REPORTERS = [
  'school',
  'health',
  'kindergarten',
  'police',
  'family',
  'anonymous',
  'other',
] as const;
/** `concern-report-reviewed.decision`. */
export const REVIEW_DECISIONS = ['investigate', 'dismiss'] as const;
/** `investigation-concluded.outcome`. */
export const INVESTIGATION_OUTCOMES = ['measures', 'closed'] as const;

export const ConcernReportReceivedV1 = Type.Object(
  {
    reportId: Identifier(),
    receivedAt: DateTime(),
    reporter: Enum(CONCERN_REPORTERS),
  },
  { additionalProperties: false },
);
export type ConcernReportReceivedV1 = Static<typeof ConcernReportReceivedV1>;

export const ConcernReportReviewedV1 = Type.Object(
  { reportId: Identifier(), reviewedAt: DateTime(), decision: Enum(REVIEW_DECISIONS) },
  { additionalProperties: false },
);
export type ConcernReportReviewedV1 = Static<typeof ConcernReportReviewedV1>;

export const InvestigationStartedV1 = Type.Object(
  {
    investigationId: Identifier(),
    reportId: Identifier('the concern report that led to it'),
    startedAt: DateTime(),
  },
  { additionalProperties: false },
);
export type InvestigationStartedV1 = Static<typeof InvestigationStartedV1>;

export const InvestigationExtendedV1 = Type.Object(
  {
    investigationId: Identifier(),
    extendedAt: DateTime(),
    reason: Text('why the deadline was extended to 6 months (barnevernsloven §2-2)'),
  },
  { additionalProperties: false },
);
export type InvestigationExtendedV1 = Static<typeof InvestigationExtendedV1>;

export const InvestigationConcludedV1 = Type.Object(
  { investigationId: Identifier(), concludedAt: DateTime(), outcome: Enum(INVESTIGATION_OUTCOMES) },
  { additionalProperties: false },
);
export type InvestigationConcludedV1 = Static<typeof InvestigationConcludedV1>;

export const MeasureDecidedV1 = Type.Object(
  {
    measureId: Identifier(),
    kind: Text('the kind of support measure (hjelpetiltak), as the case system names it', 200),
    decidedAt: DateTime(),
  },
  { additionalProperties: false },
);
export type MeasureDecidedV1 = Static<typeof MeasureDecidedV1>;

export const MeasureEvaluatedV1 = Type.Object(
  { measureId: Identifier(), evaluatedAt: DateTime() },
  { additionalProperties: false },
);
export type MeasureEvaluatedV1 = Static<typeof MeasureEvaluatedV1>;

export const concernReportReceivedV1 = defineEvent({
  type: 'no.samvirke.childwelfare.concern-report-received.v1',
  sector: 'childwelfare',
  event: 'concern-report-received',
  version: 1,
  schema: ConcernReportReceivedV1,
  occurredAtField: 'receivedAt',
  description: 'Child welfare received a concern report (bekymringsmelding).',
  example: { reportId: 'bm-2026-118', receivedAt: '2026-03-04T10:20:00+01:00', reporter: 'school' },
});

export const concernReportReviewedV1 = defineEvent({
  type: 'no.samvirke.childwelfare.concern-report-reviewed.v1',
  sector: 'childwelfare',
  event: 'concern-report-reviewed',
  version: 1,
  schema: ConcernReportReviewedV1,
  occurredAtField: 'reviewedAt',
  description: 'A concern report was reviewed: investigate or dismiss (barnevernsloven §2-1).',
  example: {
    reportId: 'bm-2026-118',
    reviewedAt: '2026-03-09T14:00:00+01:00',
    decision: 'investigate',
  },
});

export const investigationStartedV1 = defineEvent({
  type: 'no.samvirke.childwelfare.investigation-started.v1',
  sector: 'childwelfare',
  event: 'investigation-started',
  version: 1,
  schema: InvestigationStartedV1,
  occurredAtField: 'startedAt',
  description: 'An investigation (undersøkelse) started after a concern report.',
  example: {
    investigationId: 'us-2026-044',
    reportId: 'bm-2026-118',
    startedAt: '2026-03-10T09:00:00+01:00',
  },
});

export const investigationExtendedV1 = defineEvent({
  type: 'no.samvirke.childwelfare.investigation-extended.v1',
  sector: 'childwelfare',
  event: 'investigation-extended',
  version: 1,
  schema: InvestigationExtendedV1,
  occurredAtField: 'extendedAt',
  description: 'An investigation was extended from 3 to 6 months.',
  example: {
    investigationId: 'us-2026-044',
    extendedAt: '2026-06-01T09:00:00+02:00',
    reason: 'Awaiting specialist assessment',
  },
});

export const investigationConcludedV1 = defineEvent({
  type: 'no.samvirke.childwelfare.investigation-concluded.v1',
  sector: 'childwelfare',
  event: 'investigation-concluded',
  version: 1,
  schema: InvestigationConcludedV1,
  occurredAtField: 'concludedAt',
  description: 'An investigation was concluded: measures, or closed.',
  example: {
    investigationId: 'us-2026-044',
    concludedAt: '2026-06-20T12:00:00+02:00',
    outcome: 'measures',
  },
});

export const measureDecidedV1 = defineEvent({
  type: 'no.samvirke.childwelfare.measure-decided.v1',
  sector: 'childwelfare',
  event: 'measure-decided',
  version: 1,
  schema: MeasureDecidedV1,
  occurredAtField: 'decidedAt',
  description: 'A support measure (hjelpetiltak) was decided.',
  example: {
    measureId: 'tiltak-901',
    kind: 'parental guidance',
    decidedAt: '2026-06-25T10:00:00+02:00',
  },
});

export const measureEvaluatedV1 = defineEvent({
  type: 'no.samvirke.childwelfare.measure-evaluated.v1',
  sector: 'childwelfare',
  event: 'measure-evaluated',
  version: 1,
  schema: MeasureEvaluatedV1,
  occurredAtField: 'evaluatedAt',
  description: 'A support measure was evaluated against its action plan (tiltaksplan).',
  example: { measureId: 'tiltak-901', evaluatedAt: '2026-09-20T10:00:00+02:00' },
});

export const childwelfareEvents = [
  concernReportReceivedV1,
  concernReportReviewedV1,
  investigationStartedV1,
  investigationExtendedV1,
  investigationConcludedV1,
  measureDecidedV1,
  measureEvaluatedV1,
] as const;
