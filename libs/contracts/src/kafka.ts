import { CloudEvent, Kafka, type CloudEventV1 } from 'cloudevents';
import { findEventDefinition, type SchemaError } from './catalog';
import type { EventEnvelope, KafkaMessageShape } from './envelope';
import { assertValidEnvelope, validateEnvelope } from './envelope-schema';
import { UndecodableEventError } from './errors';
import { parseEventType } from './event-type';
import { defaultUpcasters, type UpcasterRegistry } from './upcasting';

/** Kafka binary content mode: each attribute is a `ce_` header; `data` is the JSON value. */
export const KAFKA_HEADERS = {
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  specversion: 'ce_specversion',
  time: 'ce_time',
  subject: 'ce_subject',
  municipality: 'ce_municipality',
  correlationId: 'ce_correlationid',
  causationId: 'ce_causationid',
  recordedAt: 'ce_recordedat',
  schemaVersion: 'ce_schemaversion',
  contentType: 'content-type',
} as const;

export const SPEC_VERSION = '1.0';
export const DATA_CONTENT_TYPE = 'application/json';

/** A header as kafkajs hands it over. */
export type KafkaHeaderValue = Buffer | string | (Buffer | string)[] | undefined;

/** A consumed message as kafkajs (or a test) gives it. */
export interface IncomingKafkaMessage {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, KafkaHeaderValue>;
}

export interface DecodeOptions {
  upcasters?: UpcasterRegistry;
}

export type DecodeResult =
  { ok: true; envelope: EventEnvelope } | { ok: false; error: UndecodableEventError };

const REQUIRED_HEADERS = Object.values(KAFKA_HEADERS);
// The SDK also writes these; the binding carries them as the message key and `content-type`.
const REDUNDANT_HEADERS = new Set(['ce_partitionkey', 'ce_datacontenttype']);
const HEADER_BY_ATTRIBUTE: Record<string, string> = {
  ...KAFKA_HEADERS,
  data: 'value',
};

/** The envelope as a CloudEvent (extension names are the lower-case CloudEvents spellings). */
export function envelopeToCloudEvent(envelope: EventEnvelope): CloudEvent<unknown> {
  return new CloudEvent<unknown>({
    specversion: SPEC_VERSION,
    id: envelope.id,
    type: envelope.type,
    source: envelope.source,
    subject: envelope.subject,
    time: envelope.time,
    datacontenttype: DATA_CONTENT_TYPE,
    data: envelope.data,
    municipality: envelope.municipality,
    correlationid: envelope.correlationId,
    causationid: envelope.causationId,
    recordedat: envelope.recordedAt,
    schemaversion: envelope.schemaVersion,
    // The SDK's Kafka binding maps `partitionkey` to the message key.
    partitionkey: envelope.subject,
  });
}

/** Back from a CloudEvent (e.g. one decoded by the SDK's `Kafka.toEvent`) to the envelope. */
export function cloudEventToEnvelope(event: CloudEventV1<unknown>): EventEnvelope {
  const ext = event as unknown as Record<string, unknown>;
  return {
    id: event.id,
    type: event.type,
    source: event.source,
    subject: String(event.subject ?? ''),
    time: String(event.time ?? ''),
    data: event.data,
    municipality: String(ext['municipality'] ?? ''),
    correlationId: String(ext['correlationid'] ?? ''),
    causationId: String(ext['causationid'] ?? ''),
    recordedAt: String(ext['recordedat'] ?? ''),
    schemaVersion: Number(ext['schemaversion']),
  };
}

/**
 * Encodes an envelope as a Kafka message in binary mode: key = subject (the childRef, so a
 * child's events stay ordered in one partition), `ce_*` headers, JSON value. Refuses an
 * envelope that breaks the contract. No message timestamp is set: event time can lie months
 * back, and a CreateTime that old would let time-based retention drop the message at once.
 */
export function toKafkaMessage(envelope: EventEnvelope): KafkaMessageShape {
  assertValidEnvelope(envelope);
  const message = Kafka.binary(envelopeToCloudEvent(envelope));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) {
    if (value === undefined || value === null || REDUNDANT_HEADERS.has(name)) continue;
    headers[name] = String(value);
  }
  return {
    key: envelope.subject,
    value: Buffer.from(JSON.stringify(envelope.data), 'utf8'),
    headers,
  };
}

/**
 * Decodes a consumed Kafka message into an envelope, upcast to the newest version and
 * checked against the catalog; throws UndecodableEventError with a human reason otherwise.
 */
export function fromKafkaMessage(
  message: IncomingKafkaMessage,
  options: DecodeOptions = {},
): EventEnvelope {
  const upcasters = options.upcasters ?? defaultUpcasters;
  const headers = normaliseHeaders(message.headers ?? {});

  const missing = REQUIRED_HEADERS.filter(
    (name) => headers[name] === undefined || headers[name] === '',
  );
  if (missing.length > 0) {
    throw new UndecodableEventError(
      'missing-header',
      `missing header${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      { eventId: headers[KAFKA_HEADERS.id], type: headers[KAFKA_HEADERS.type] },
    );
  }
  const h = (name: keyof typeof KAFKA_HEADERS) => headers[KAFKA_HEADERS[name]] as string;
  const known = { eventId: h('id'), type: h('type') };

  if (h('specversion') !== SPEC_VERSION) {
    throw new UndecodableEventError(
      'bad-header',
      `header ce_specversion is ${JSON.stringify(h('specversion'))}, expected "${SPEC_VERSION}"`,
      known,
    );
  }
  if (!isJsonContentType(h('contentType'))) {
    throw new UndecodableEventError(
      'bad-header',
      `header content-type is ${JSON.stringify(h('contentType'))}, expected "${DATA_CONTENT_TYPE}"`,
      known,
    );
  }
  if (!/^[1-9][0-9]*$/.test(h('schemaVersion'))) {
    throw new UndecodableEventError(
      'bad-header',
      `header ce_schemaversion is ${JSON.stringify(h('schemaVersion'))}, expected a positive integer`,
      known,
    );
  }
  const key = message.key === null || message.key === undefined ? undefined : asString(message.key);
  if (key !== undefined && key !== h('subject')) {
    throw new UndecodableEventError('bad-key', 'message key differs from header ce_subject', known);
  }

  const data = parseJson(message.value, known);
  const envelope: EventEnvelope = {
    id: h('id'),
    type: h('type'),
    source: h('source'),
    subject: h('subject'),
    time: h('time'),
    data,
    municipality: h('municipality'),
    correlationId: h('correlationId'),
    causationId: h('causationId'),
    recordedAt: h('recordedAt'),
    schemaVersion: Number(h('schemaVersion')),
  };

  const upcastable = upcasters.has(envelope.type);
  if (!parseEventType(envelope.type) || (!findEventDefinition(envelope.type) && !upcastable)) {
    throw new UndecodableEventError('unknown-type', `unknown event type ${envelope.type}`, known);
  }
  // Check the message as written first, so the reason names the producer's own fields.
  if (findEventDefinition(envelope.type)) assertDecodable(envelope);
  if (!upcastable) return envelope;

  let upcast: EventEnvelope;
  try {
    upcast = upcasters.upcast(envelope);
  } catch (cause) {
    throw new UndecodableEventError(
      'upcast-failed',
      `upcasting ${envelope.type} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { ...known, cause },
    );
  }
  if (!findEventDefinition(upcast.type)) {
    throw new UndecodableEventError(
      'unknown-type',
      `unknown event type ${upcast.type} (upcast from ${envelope.type})`,
      known,
    );
  }
  assertDecodable(upcast);
  return upcast;
}

/** fromKafkaMessage without the throw, for consumers that route failures to the dead-letter topic. */
export function decodeKafkaMessage(
  message: IncomingKafkaMessage,
  options: DecodeOptions = {},
): DecodeResult {
  try {
    return { ok: true, envelope: fromKafkaMessage(message, options) };
  } catch (error) {
    if (error instanceof UndecodableEventError) return { ok: false, error };
    throw error;
  }
}

function assertDecodable(envelope: EventEnvelope): void {
  const result = validateEnvelope(envelope);
  if (result.ok) return;
  throw new UndecodableEventError(
    'schema-violation',
    `${envelope.type} breaks its schema: ${describeErrors(result.errors)}`,
    { eventId: envelope.id, type: envelope.type, errors: result.errors },
  );
}

/** Names attribute errors by their header (`ce_time`) and data errors by their path (`/data/x`). */
function describeErrors(errors: readonly SchemaError[]): string {
  return errors
    .map((e) => {
      const attribute = /^\/([A-Za-z]+)$/.exec(e.path)?.[1];
      const where =
        attribute && HEADER_BY_ATTRIBUTE[attribute]
          ? HEADER_BY_ATTRIBUTE[attribute]
          : e.path || '/';
      return `${where}: ${e.message}`;
    })
    .join('; ');
}

function normaliseHeaders(
  raw: Record<string, KafkaHeaderValue>,
): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || value === null) continue;
    const lower = name.toLowerCase();
    const values = (Array.isArray(value) ? value : [value]).map(asString);
    const distinct = new Set(values);
    if (distinct.size > 1) {
      throw new UndecodableEventError('bad-header', `header ${lower} has conflicting values`);
    }
    if (values.length > 0) headers[lower] = values[0];
  }
  return headers;
}

function asString(value: Buffer | string): string {
  return typeof value === 'string' ? value : value.toString('utf8');
}

function isJsonContentType(value: string): boolean {
  return /^application\/json\s*(;.*)?$/i.test(value.trim());
}

function parseJson(
  value: Buffer | string | null,
  known: { eventId: string; type: string },
): unknown {
  if (value === null || value === undefined || value.length === 0) {
    throw new UndecodableEventError('bad-json', 'message value is empty', known);
  }
  try {
    return JSON.parse(asString(value));
  } catch (cause) {
    throw new UndecodableEventError(
      'bad-json',
      `message value is not JSON: ${cause instanceof Error ? cause.message : String(cause)}`,
      { ...known, cause },
    );
  }
}
