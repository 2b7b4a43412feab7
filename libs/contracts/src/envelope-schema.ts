import { Type, type Static } from '@sinclair/typebox';
import { v7 as uuidv7 } from 'uuid';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import {
  collectErrors,
  DateTime,
  findEventDefinition,
  Identifier,
  Municipality,
  validateEventData,
  type EventDataOf,
  type KnownEventType,
  type ValidationResult,
} from './catalog';
import type { EventEnvelope } from './envelope';
import { InvalidEnvelopeError } from './errors';
import { EVENT_TYPE_PATTERN, schemaVersionOf } from './event-type';
import type { Sector } from './sector';

/** The envelope's attributes as JSON Schema (data is checked against the type's own schema). */
export const EnvelopeAttributes = Type.Object({
  id: Identifier(
    'event id, unique across Samvirke (UUID v7 by convention); consumers dedupe on it',
  ),
  type: Type.String({
    pattern: EVENT_TYPE_PATTERN,
    description: 'no.samvirke.<sector>.<event>.v<N>',
  }),
  source: Type.String({
    minLength: 1,
    description: 'URI-reference of the producer, e.g. /samvirke/health-service',
  }),
  subject: Identifier("childRef: the child's pseudonymous reference; also the Kafka key"),
  time: DateTime('when the fact happened'),
  municipality: Municipality(),
  correlationId: Identifier('the request or flow this event belongs to'),
  causationId: Identifier('the command or event that caused this one'),
  recordedAt: DateTime('when the producing service stored it'),
  schemaVersion: Type.Integer({ minimum: 1, description: 'the N of the type’s .vN' }),
  data: Type.Unknown(),
});
export type EnvelopeAttributes = Static<typeof EnvelopeAttributes>;

const checkAttributes = TypeCompiler.Compile(EnvelopeAttributes);

/** The producing service of each sector, for the CloudEvents `source`. */
export const SOURCES = {
  health: '/samvirke/health-service',
  school: '/samvirke/school-service',
  childwelfare: '/samvirke/child-welfare-service',
  coordination: '/samvirke/coordination-service',
} as const satisfies Record<Sector, string>;

/**
 * Checks an envelope against the contract: every attribute present and well-formed, the type
 * known, `schemaVersion` equal to the type's `.vN`, and `data` valid for the type.
 * Error paths point into the envelope: `/municipality`, `/data/dischargedAt`.
 */
export function validateEnvelope(envelope: unknown): ValidationResult {
  if (!checkAttributes.Check(envelope)) {
    return { ok: false, errors: collectErrors(checkAttributes.Errors(envelope)) };
  }
  const { type, schemaVersion, data } = envelope;
  if (!findEventDefinition(type)) {
    return { ok: false, errors: [{ path: '/type', message: `unknown event type ${type}` }] };
  }
  if (schemaVersionOf(type) !== schemaVersion) {
    return {
      ok: false,
      errors: [
        {
          path: '/schemaVersion',
          message: `schemaVersion ${schemaVersion} does not match type ${type}`,
        },
      ],
    };
  }
  const result = validateEventData(type, data);
  if (result.ok) return result;
  return {
    ok: false,
    errors: result.errors.map((e) => ({ path: `/data${e.path}`, message: e.message })),
  };
}

/** Throws InvalidEnvelopeError unless validateEnvelope passes. */
export function assertValidEnvelope(envelope: EventEnvelope): void {
  const result = validateEnvelope(envelope);
  if (!result.ok) throw new InvalidEnvelopeError(String(envelope.type), result.errors);
}

export interface MakeEnvelopeInput<T extends string, Data> {
  type: T;
  data: Data;
  /** childRef. */
  subject: string;
  /** When the fact happened, RFC 3339 with offset. */
  time: string;
  municipality: string;
  /** When the service stored it; passed in so callers keep their injected clock. */
  recordedAt: string;
  source: string;
  /** Defaults to a new UUID v7. */
  id?: string;
  /** Defaults to the event's own id (a root event starts its own flow). */
  correlationId?: string;
  /** Defaults to the correlation id. */
  causationId?: string;
}

/**
 * Builds a valid envelope (schemaVersion from the type's `.vN`) or throws InvalidEnvelopeError
 * naming each bad field, so an invalid event is refused before it reaches a store or the bus.
 */
export function makeEnvelope<T extends KnownEventType>(
  input: MakeEnvelopeInput<T, EventDataOf<T>>,
): EventEnvelope<T, EventDataOf<T>>;
export function makeEnvelope<T extends string, Data>(
  input: MakeEnvelopeInput<T, Data>,
): EventEnvelope<T, Data>;
export function makeEnvelope(input: MakeEnvelopeInput<string, unknown>): EventEnvelope {
  const id = input.id ?? newEventId();
  const correlationId = input.correlationId ?? id;
  const envelope: EventEnvelope = {
    id,
    type: input.type,
    source: input.source,
    subject: input.subject,
    time: input.time,
    data: input.data,
    municipality: input.municipality,
    correlationId,
    causationId: input.causationId ?? correlationId,
    recordedAt: input.recordedAt,
    schemaVersion: schemaVersionOf(input.type) ?? 0,
  };
  assertValidEnvelope(envelope);
  return envelope;
}

/** A new event id: UUID v7, so ids sort roughly by creation time. */
export function newEventId(): string {
  return uuidv7();
}
