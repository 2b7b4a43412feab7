/**
 * The Samvirke event envelope: CloudEvents 1.0 attributes plus Samvirke's extensions. On
 * Kafka it travels in binary mode: attributes as `ce_*` headers, `data` as the JSON value.
 */
export interface EventEnvelope<Type extends string = string, Data = unknown> {
  /** CloudEvents `id`: the event id, unique across Samvirke; consumers dedupe on it. */
  id: string;
  /** CloudEvents `type`, e.g. `no.samvirke.health.discharge-recorded.v1`. */
  type: Type;
  /** CloudEvents `source`, e.g. `/samvirke/health-service`. */
  source: string;
  /** CloudEvents `subject`: the child's pseudonymous reference (childRef). Also the Kafka key. */
  subject: string;
  /** CloudEvents `time`: when the fact happened (occurredAt), RFC 3339. */
  time: string;
  data: Data;
  /** Extension `municipality`: kommunenummer, 4 digits. */
  municipality: string;
  /** Extension `correlationid`. */
  correlationId: string;
  /** Extension `causationid`. */
  causationId: string;
  /** Extension `recordedat`: when the sector service stored it, RFC 3339. */
  recordedAt: string;
  /** Extension `schemaversion`: the payload schema's version (the `.vN` of the type). */
  schemaVersion: number;
}

export interface KafkaMessageShape {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}
