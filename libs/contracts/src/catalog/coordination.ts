import { Type, type Static } from '@sinclair/typebox';
import { defineEvent } from './define';
import { DateOnly, DateTime, Enum, Identifier, Municipality, Text } from './formats';

/**
 * Personal data that must be forgettable travels encrypted with the child's own key
 * (crypto-shredding): deleting the key at erasure makes every stored copy unreadable.
 * The clear variant exists for tests and the in-process demo only; production writes ciphertext.
 */
const ChildEnrolledClear = Type.Object(
  {
    name: Text("the child's name (clear: tests and demo only)", 200),
    birthDate: Type.Optional(DateOnly('from the fødselsnummer; drives the transition rule')),
    enrolledAt: DateTime(),
  },
  { additionalProperties: false },
);
/** `<version>.<base64url>`, e.g. identity's `pd1.` AES-256-GCM format; refuses clear text by shape. */
const Ciphertext = (description: string) =>
  Type.String({ pattern: '^[a-z0-9]+\\.[A-Za-z0-9_-]+$', maxLength: 4000, description });
const ChildEnrolledEncrypted = Type.Object(
  {
    nameCiphertext: Ciphertext("the child's name, encrypted with the child's key"),
    birthDateCiphertext: Type.Optional(Ciphertext('birth date YYYY-MM-DD, encrypted likewise')),
    enrolledAt: DateTime(),
  },
  { additionalProperties: false },
);
export const ChildEnrolledV1 = Type.Union([ChildEnrolledEncrypted, ChildEnrolledClear]);
export type ChildEnrolledV1 = Static<typeof ChildEnrolledV1>;

export const CoordinatorRequestedV1 = Type.Object(
  { requestedAt: DateTime('when the family asked for a barnekoordinator') },
  { additionalProperties: false },
);
export type CoordinatorRequestedV1 = Static<typeof CoordinatorRequestedV1>;

export const CoordinatorAssignedV1 = Type.Object(
  { coordinatorId: Identifier("the coordinator's user id (JWT sub)"), assignedAt: DateTime() },
  { additionalProperties: false },
);
export type CoordinatorAssignedV1 = Static<typeof CoordinatorAssignedV1>;

/** Sector names as the HTTP contract writes them for consent (`child-welfare` with a hyphen). */
export const CONSENT_SECTORS = ['health', 'school', 'child-welfare'] as const;
export type ConsentSector = (typeof CONSENT_SECTORS)[number];
/** `consent-given.givenBy`. */
export const CONSENT_GIVERS = ['parent', 'child'] as const;

export const ConsentGivenV1 = Type.Object(
  {
    consentId: Identifier(),
    sectors: Type.Array(Enum(CONSENT_SECTORS), { minItems: 1, uniqueItems: true }),
    givenBy: Enum(CONSENT_GIVERS),
    givenAt: DateTime(),
    expiresAt: Type.Optional(DateTime()),
  },
  { additionalProperties: false },
);
export type ConsentGivenV1 = Static<typeof ConsentGivenV1>;

export const ConsentWithdrawnV1 = Type.Object(
  { consentId: Identifier(), withdrawnAt: DateTime() },
  { additionalProperties: false },
);
export type ConsentWithdrawnV1 = Static<typeof ConsentWithdrawnV1>;

export const PlanEstablishedV1 = Type.Object(
  { establishedAt: DateTime(), reviewDueAt: DateTime('when the individual plan must be reviewed') },
  { additionalProperties: false },
);
export type PlanEstablishedV1 = Static<typeof PlanEstablishedV1>;

export const PlanRevisedV1 = Type.Object(
  { revisedAt: DateTime(), reviewDueAt: DateTime('the next review') },
  { additionalProperties: false },
);
export type PlanRevisedV1 = Static<typeof PlanRevisedV1>;

export const ResponsibilityGroupMetV1 = Type.Object(
  { heldAt: DateTime() },
  { additionalProperties: false },
);
export type ResponsibilityGroupMetV1 = Static<typeof ResponsibilityGroupMetV1>;

/** Who owns the next step of a gap (DOMAIN.md's gap rule table). */
export const GAP_OWNERS = [
  'health',
  'school',
  'child-welfare',
  'coordinating-unit',
  'coordinator',
] as const;
export type GapOwner = (typeof GAP_OWNERS)[number];
/** `gap-resolved.how`: `auto` when the missing fact arrived, `manual` when a person resolved the gap. */
export const GAP_RESOLUTION_MODES = ['auto', 'manual'] as const;

export const GapOpenedV1 = Type.Object(
  {
    gapId: Identifier(),
    ruleId: Type.String({
      pattern: '^(health|school|childwelfare|coordination)\\.[a-z0-9-]+$',
      description: 'e.g. health.discharge-follow-up',
    }),
    ruleVersion: Type.Integer({ minimum: 1 }),
    owner: Enum(GAP_OWNERS),
    legalBasis: Text('e.g. helsepersonelloven §45a', 500),
    evidence: Type.Array(Identifier('event id'), {
      minItems: 1,
      description: 'ids of the events that opened the gap',
    }),
    openedAt: DateTime(),
    dueAt: DateTime('the deadline that was missed'),
  },
  { additionalProperties: false },
);
export type GapOpenedV1 = Static<typeof GapOpenedV1>;

export const GapAcknowledgedV1 = Type.Object(
  {
    gapId: Identifier(),
    acknowledgedAt: DateTime(),
    note: Type.String({ maxLength: 2000 }),
    by: Identifier("the user's id (JWT sub)"),
  },
  { additionalProperties: false },
);
export type GapAcknowledgedV1 = Static<typeof GapAcknowledgedV1>;

export const GapResolvedV1 = Type.Object(
  {
    gapId: Identifier(),
    resolvedAt: DateTime('for `auto`: when the missing fact happened; for `manual`: when resolved'),
    how: Enum(GAP_RESOLUTION_MODES, 'auto: the missing fact arrived; manual: a person resolved it'),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    by: Type.Optional(Identifier("for `manual`: the user's id (JWT sub)")),
    resolvingEventId: Type.Optional(Identifier('for `auto`: the event that closed the gap')),
    lateByMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'how long after dueAt it was resolved; absent or 0 means within the deadline',
      }),
    ),
  },
  { additionalProperties: false },
);
export type GapResolvedV1 = Static<typeof GapResolvedV1>;

// v2 of the gap events: the coordinator's note is personal data, sealed with the child's key
// (`noteCiphertext`), so erasing the child makes it unreadable wherever it was copied.
const NoteCiphertext = Ciphertext("the coordinator's note, encrypted with the child's key");
const ClearNote = (description: string) => Type.String({ maxLength: 2000, description });

export const GapAcknowledgedV2 = Type.Union([
  Type.Object(
    {
      gapId: Identifier(),
      acknowledgedAt: DateTime(),
      noteCiphertext: NoteCiphertext,
      by: Identifier("the user's id (JWT sub)"),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      gapId: Identifier(),
      acknowledgedAt: DateTime(),
      note: ClearNote('a v1 note, read through the upcaster (written before notes were sealed)'),
      by: Identifier("the user's id (JWT sub)"),
    },
    { additionalProperties: false },
  ),
]);
export type GapAcknowledgedV2 = Static<typeof GapAcknowledgedV2>;

export const GapResolvedV2 = Type.Object(
  {
    gapId: Identifier(),
    resolvedAt: DateTime('for `auto`: when the missing fact happened; for `manual`: when resolved'),
    how: Enum(GAP_RESOLUTION_MODES, 'auto: the missing fact arrived; manual: a person resolved it'),
    noteCiphertext: Type.Optional(NoteCiphertext),
    note: Type.Optional(
      ClearNote("the engine's own words (`auto`), or a v1 note read through the upcaster"),
    ),
    by: Type.Optional(Identifier("for `manual`: the user's id (JWT sub)")),
    resolvingEventId: Type.Optional(Identifier('for `auto`: the event that closed the gap')),
    lateByMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'how long after dueAt it was resolved; absent or 0 means within the deadline',
      }),
    ),
  },
  { additionalProperties: false },
);
export type GapResolvedV2 = Static<typeof GapResolvedV2>;

export const ChildErasedV1 = Type.Object({ erasedAt: DateTime() }, { additionalProperties: false });
export type ChildErasedV1 = Static<typeof ChildErasedV1>;

/** A child moves to another municipality only by a transfer that municipality's unit accepts. */
export const TransferRequestedV1 = Type.Object(
  {
    transferId: Identifier(),
    fromMunicipality: Municipality(),
    toMunicipality: Municipality(),
    requestedAt: DateTime(),
    requestedBy: Identifier("the sending unit's user id (JWT sub)"),
  },
  { additionalProperties: false },
);
export type TransferRequestedV1 = Static<typeof TransferRequestedV1>;

export const TransferAcceptedV1 = Type.Object(
  {
    transferId: Identifier(),
    // Both ends again, so that the child's municipality follows from this event alone, in any order.
    fromMunicipality: Municipality(),
    toMunicipality: Municipality(),
    acceptedAt: DateTime(),
    acceptedBy: Identifier("the receiving unit's user id (JWT sub)"),
  },
  { additionalProperties: false },
);
export type TransferAcceptedV1 = Static<typeof TransferAcceptedV1>;

export const TransferDeclinedV1 = Type.Object(
  {
    transferId: Identifier(),
    declinedAt: DateTime(),
    declinedBy: Identifier("the receiving unit's user id (JWT sub)"),
    reason: Text('why, in a few words for the sending unit; not for personal data', 500),
  },
  { additionalProperties: false },
);
export type TransferDeclinedV1 = Static<typeof TransferDeclinedV1>;

export const childEnrolledV1 = defineEvent({
  type: 'no.samvirke.coordination.child-enrolled.v1',
  sector: 'coordination',
  event: 'child-enrolled',
  version: 1,
  schema: ChildEnrolledV1,
  occurredAtField: 'enrolledAt',
  description:
    "The coordinating unit enrolled the child. Name (and birth date) are personal data: encrypted with the child's key.",
  example: {
    nameCiphertext: 'pd1.O35hVWIcKu8kovFHbS-6V_H6EFM-PTvruYr3EFGXJ6J0Y3jmAATZdg',
    birthDateCiphertext: 'pd1.wT90U-59TnOO2sCy092xUc_91AcapPSWnXzUV3ros6Bss5m9Uw0',
    enrolledAt: '2026-03-01T09:00:00+01:00',
  },
});

export const coordinatorRequestedV1 = defineEvent({
  type: 'no.samvirke.coordination.coordinator-requested.v1',
  sector: 'coordination',
  event: 'coordinator-requested',
  version: 1,
  schema: CoordinatorRequestedV1,
  occurredAtField: 'requestedAt',
  description: 'The family asked for a barnekoordinator (hotjl §7-2a).',
  example: { requestedAt: '2026-03-01T10:00:00+01:00' },
});

export const coordinatorAssignedV1 = defineEvent({
  type: 'no.samvirke.coordination.coordinator-assigned.v1',
  sector: 'coordination',
  event: 'coordinator-assigned',
  version: 1,
  schema: CoordinatorAssignedV1,
  occurredAtField: 'assignedAt',
  description: 'The coordinating unit assigned a coordinator to the child.',
  example: { coordinatorId: 'coord-kari', assignedAt: '2026-03-05T12:00:00+01:00' },
});

export const consentGivenV1 = defineEvent({
  type: 'no.samvirke.coordination.consent-given.v1',
  sector: 'coordination',
  event: 'consent-given',
  version: 1,
  schema: ConsentGivenV1,
  occurredAtField: 'givenAt',
  description: "Consent to see sectors' details was given by a parent or the child.",
  example: {
    consentId: '01958a3c-1f2e-7c4a-9b1d-2f3e4a5b6c7d',
    sectors: ['health', 'school'],
    givenBy: 'parent',
    givenAt: '2026-03-05T13:00:00+01:00',
    expiresAt: '2027-03-05T13:00:00+01:00',
  },
});

export const consentWithdrawnV1 = defineEvent({
  type: 'no.samvirke.coordination.consent-withdrawn.v1',
  sector: 'coordination',
  event: 'consent-withdrawn',
  version: 1,
  schema: ConsentWithdrawnV1,
  occurredAtField: 'withdrawnAt',
  description: 'A consent was withdrawn.',
  example: {
    consentId: '01958a3c-1f2e-7c4a-9b1d-2f3e4a5b6c7d',
    withdrawnAt: '2026-05-01T08:00:00+02:00',
  },
});

export const planEstablishedV1 = defineEvent({
  type: 'no.samvirke.coordination.plan-established.v1',
  sector: 'coordination',
  event: 'plan-established',
  version: 1,
  schema: PlanEstablishedV1,
  occurredAtField: 'establishedAt',
  description: 'An individual plan (IP) was established.',
  example: { establishedAt: '2026-03-20T10:00:00+01:00', reviewDueAt: '2026-09-20T10:00:00+02:00' },
});

export const planRevisedV1 = defineEvent({
  type: 'no.samvirke.coordination.plan-revised.v1',
  sector: 'coordination',
  event: 'plan-revised',
  version: 1,
  schema: PlanRevisedV1,
  occurredAtField: 'revisedAt',
  description: 'The individual plan was revised, with a new review date.',
  example: { revisedAt: '2026-09-15T10:00:00+02:00', reviewDueAt: '2027-03-15T10:00:00+01:00' },
});

export const responsibilityGroupMetV1 = defineEvent({
  type: 'no.samvirke.coordination.responsibility-group-met.v1',
  sector: 'coordination',
  event: 'responsibility-group-met',
  version: 1,
  schema: ResponsibilityGroupMetV1,
  occurredAtField: 'heldAt',
  description: "The child's responsibility group (ansvarsgruppe) met.",
  example: { heldAt: '2026-04-02T14:00:00+02:00' },
});

export const gapOpenedV1 = defineEvent({
  type: 'no.samvirke.coordination.gap-opened.v1',
  sector: 'coordination',
  event: 'gap-opened',
  version: 1,
  schema: GapOpenedV1,
  occurredAtField: 'openedAt',
  description: 'A gap rule found a missing action: with owner, deadline, legal basis and evidence.',
  example: {
    gapId: '01958a40-0000-7000-8000-000000000001',
    ruleId: 'health.discharge-follow-up',
    ruleVersion: 1,
    owner: 'health',
    legalBasis: 'hotjl §7-2a',
    evidence: ['01958a3f-aaaa-7bbb-8ccc-000000000042'],
    openedAt: '2026-03-16T14:00:00+01:00',
    dueAt: '2026-03-16T14:00:00+01:00',
  },
});

export const gapAcknowledgedV1 = defineEvent({
  type: 'no.samvirke.coordination.gap-acknowledged.v1',
  sector: 'coordination',
  event: 'gap-acknowledged',
  version: 1,
  schema: GapAcknowledgedV1,
  occurredAtField: 'acknowledgedAt',
  description: 'A coordinator acknowledged a gap: someone is on it.',
  example: {
    gapId: '01958a40-0000-7000-8000-000000000001',
    acknowledgedAt: '2026-03-17T09:00:00+01:00',
    note: 'Called the health nurse; visit booked.',
    by: 'coord-kari',
  },
});

export const gapResolvedV1 = defineEvent({
  type: 'no.samvirke.coordination.gap-resolved.v1',
  sector: 'coordination',
  event: 'gap-resolved',
  version: 1,
  schema: GapResolvedV1,
  occurredAtField: 'resolvedAt',
  description: 'A gap was resolved: automatically when the missing fact arrived, or by a person.',
  example: {
    gapId: '01958a40-0000-7000-8000-000000000001',
    resolvedAt: '2026-03-18T10:00:00+01:00',
    how: 'auto',
    resolvingEventId: '01958a41-bbbb-7ccc-8ddd-000000000043',
    lateByMs: 158400000,
  },
});

export const gapAcknowledgedV2 = defineEvent({
  type: 'no.samvirke.coordination.gap-acknowledged.v2',
  sector: 'coordination',
  event: 'gap-acknowledged',
  version: 2,
  schema: GapAcknowledgedV2,
  occurredAtField: 'acknowledgedAt',
  description:
    "A coordinator acknowledged a gap: someone is on it. The note is encrypted with the child's key.",
  example: {
    gapId: '01958a40-0000-7000-8000-000000000001',
    acknowledgedAt: '2026-03-17T09:00:00+01:00',
    noteCiphertext:
      'pd1.Iq6znLxMbGS6YJVBpueLZ4wFVTeM-fPtBJBPQ2zkaCmfD94IjXaGfTHsEyHCisKkKIxivR4U-nZcXBbcM7MuZgZS',
    by: 'coord-kari',
  },
});

export const gapResolvedV2 = defineEvent({
  type: 'no.samvirke.coordination.gap-resolved.v2',
  sector: 'coordination',
  event: 'gap-resolved',
  version: 2,
  schema: GapResolvedV2,
  occurredAtField: 'resolvedAt',
  description:
    "A gap was resolved: automatically when the missing fact arrived, or by a person, whose note is encrypted with the child's key.",
  example: {
    gapId: '01958a40-0000-7000-8000-000000000001',
    resolvedAt: '2026-03-18T10:00:00+01:00',
    how: 'manual',
    noteCiphertext:
      'pd1.ZOgH2PgOUa9dlyxCDy4KpJiFA8gaDTylnu2GM4dWSVtiIqsKImZ6e7pjGZd00EYaVHT60_ET_CRkSX4z',
    by: 'coord-kari',
    lateByMs: 158400000,
  },
});

export const childErasedV1 = defineEvent({
  type: 'no.samvirke.coordination.child-erased.v1',
  sector: 'coordination',
  event: 'child-erased',
  version: 1,
  schema: ChildErasedV1,
  occurredAtField: 'erasedAt',
  description:
    "The child's personal data was erased (the child's key deleted); consumers forget what they hold.",
  example: { erasedAt: '2026-12-01T12:00:00+01:00' },
});

export const transferRequestedV1 = defineEvent({
  type: 'no.samvirke.coordination.transfer-requested.v1',
  sector: 'coordination',
  event: 'transfer-requested',
  version: 1,
  schema: TransferRequestedV1,
  occurredAtField: 'requestedAt',
  description:
    "The child's coordinating unit asked another municipality's unit to take the child over (the family moved). Nothing moves until it is accepted.",
  example: {
    transferId: '01958a50-0000-7000-8000-000000000001',
    fromMunicipality: '0301',
    toMunicipality: '4601',
    requestedAt: '2026-08-01T10:00:00+02:00',
    requestedBy: 'ke-oslo',
  },
});

export const transferAcceptedV1 = defineEvent({
  type: 'no.samvirke.coordination.transfer-accepted.v1',
  sector: 'coordination',
  event: 'transfer-accepted',
  version: 1,
  schema: TransferAcceptedV1,
  occurredAtField: 'acceptedAt',
  description:
    "The receiving municipality's unit accepted the transfer: from now on the child is that municipality's (the envelope's municipality is the receiver's). The coordinator and the consents end.",
  example: {
    transferId: '01958a50-0000-7000-8000-000000000001',
    fromMunicipality: '0301',
    toMunicipality: '4601',
    acceptedAt: '2026-08-03T09:00:00+02:00',
    acceptedBy: 'ke-bergen',
  },
});

export const transferDeclinedV1 = defineEvent({
  type: 'no.samvirke.coordination.transfer-declined.v1',
  sector: 'coordination',
  event: 'transfer-declined',
  version: 1,
  schema: TransferDeclinedV1,
  occurredAtField: 'declinedAt',
  description:
    "The receiving municipality's unit declined the transfer: the child stays where it was.",
  example: {
    transferId: '01958a50-0000-7000-8000-000000000001',
    declinedAt: '2026-08-03T09:00:00+02:00',
    declinedBy: 'ke-bergen',
    reason: 'The family is not registered as living here.',
  },
});

export const coordinationEvents = [
  childEnrolledV1,
  coordinatorRequestedV1,
  coordinatorAssignedV1,
  consentGivenV1,
  consentWithdrawnV1,
  planEstablishedV1,
  planRevisedV1,
  responsibilityGroupMetV1,
  gapOpenedV1,
  gapAcknowledgedV1,
  gapResolvedV1,
  gapAcknowledgedV2,
  gapResolvedV2,
  childErasedV1,
  transferRequestedV1,
  transferAcceptedV1,
  transferDeclinedV1,
] as const;
