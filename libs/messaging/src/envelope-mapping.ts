import type { EventEnvelope } from '@samvirke/contracts';
import type { EventToAppend, StoredEvent } from '@samvirke/event-sourcing';

/**
 * How an envelope is kept in an event store, so the relay can rebuild it: the stored event's
 * `eventId`, `type` and `data` are the envelope's `id`, `type` and `data`; its `metadata`
 * holds every other envelope attribute under the envelope's own names.
 */
export type EnvelopeMetadata = Omit<EventEnvelope, 'id' | 'type' | 'data'>;

/** A stored event the relay cannot turn into a valid message; it goes to the dead-letter topic. */
export class UnpublishableEventError extends Error {
  override readonly name = 'UnpublishableEventError';
  constructor(
    readonly eventId: string,
    readonly reason: string,
  ) {
    super(`event ${eventId} cannot be published: ${reason}`);
  }
}

/** What to append for an envelope (from `makeEnvelope`), keeping what the relay needs. */
export function eventToAppend<Type extends string, Data>(
  envelope: EventEnvelope<Type, Data>,
): EventToAppend<Type, Data> {
  const { id, type, data, ...attributes } = envelope;
  const metadata: EnvelopeMetadata = {
    source: attributes.source,
    subject: attributes.subject,
    time: attributes.time,
    municipality: attributes.municipality,
    correlationId: attributes.correlationId,
    causationId: attributes.causationId,
    recordedAt: attributes.recordedAt,
    schemaVersion: attributes.schemaVersion,
  };
  return { eventId: id, type, data, metadata: { ...metadata } };
}

/**
 * The envelope of a stored event (the inverse of `eventToAppend`). `recordedAt` falls back to
 * the store's own timestamp when the writer left it out. Throws `UnpublishableEventError`
 * naming the first missing attribute; the full contract check is `toKafkaMessage`'s.
 */
export function envelopeOf(event: StoredEvent): EventEnvelope {
  const metadata = event.metadata ?? {};
  const text = (name: keyof EnvelopeMetadata): string => {
    const value = metadata[name];
    if (typeof value !== 'string' || value === '') {
      throw new UnpublishableEventError(
        event.eventId,
        `metadata.${name} is missing or not a string`,
      );
    }
    return value;
  };
  const recordedAt =
    typeof metadata['recordedAt'] === 'string'
      ? metadata['recordedAt']
      : event.recordedAt.toISOString();
  const schemaVersion = Number(metadata['schemaVersion'] ?? versionOfType(event.type));
  return {
    id: event.eventId,
    type: event.type,
    source: text('source'),
    subject: text('subject'),
    time: text('time'),
    data: event.data,
    municipality: text('municipality'),
    correlationId: text('correlationId'),
    causationId: text('causationId'),
    recordedAt,
    schemaVersion,
  };
}

function versionOfType(type: string): number | undefined {
  const match = /\.v([1-9][0-9]*)$/.exec(type);
  return match ? Number(match[1]) : undefined;
}
