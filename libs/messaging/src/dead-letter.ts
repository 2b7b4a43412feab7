import type { StoredEvent } from '@samvirke/event-sourcing';
import type { OutgoingMessage, ReceivedMessage } from './transport';

/** Headers a dead-lettered message carries besides its original ones. */
export const DLQ_HEADERS = {
  /** Why it was dead-lettered, in words. */
  reason: 'samvirke-dlq-reason',
  /** The reason as a short code (e.g. `bad-json`, `unknown-type`), for metrics and alerts. */
  code: 'samvirke-dlq-code',
  originalTopic: 'samvirke-dlq-original-topic',
  originalPartition: 'samvirke-dlq-original-partition',
  originalOffset: 'samvirke-dlq-original-offset',
  /** The consumer group (for a consumed message) or relay (for a stored event) that gave up on it. */
  rejectedBy: 'samvirke-dlq-rejected-by',
  at: 'samvirke-dlq-at',
  /** For a stored event the relay could not publish: where it lives in the store. */
  streamId: 'samvirke-dlq-stream-id',
  streamVersion: 'samvirke-dlq-stream-version',
} as const;

/** The code of an event a consumer's handler failed on alone, again and again, while its database answered. */
export const HANDLER_FAILED = 'handler-failed';
/** The code of a stored event that breaks the contract (missing metadata, invalid envelope). */
export const UNPUBLISHABLE = 'unpublishable';
/** The code of a stored event the bus refused (too large, or otherwise invalid for the broker). */
export const REFUSED_BY_BUS = 'refused-by-bus';

// Headers travel with every fetch of the message; a schema error list can be long.
const MAX_REASON_LENGTH = 2_000;

export interface Rejection {
  code: string;
  reason: string;
  rejectedBy: string;
  at: Date;
}

/** The dead letter of a consumed message: its key, value and headers as they came, plus why. */
export function deadLetterOfMessage(
  message: ReceivedMessage,
  rejection: Rejection,
): OutgoingMessage {
  return {
    key: message.key ?? '',
    value: message.value ?? Buffer.alloc(0),
    headers: {
      ...message.headers,
      ...rejectionHeaders(rejection),
      [DLQ_HEADERS.originalTopic]: message.topic,
      [DLQ_HEADERS.originalPartition]: String(message.partition),
      [DLQ_HEADERS.originalOffset]: message.offset,
    },
  };
}

/**
 * The dead letter of a stored event the relay cannot publish: the stored event as JSON, plus why.
 * `withoutData` leaves its `data` out (null), for an event the bus refused as too large.
 */
export function deadLetterOfStoredEvent(
  event: StoredEvent,
  topic: string,
  rejection: Rejection,
  { withoutData = false } = {},
): OutgoingMessage {
  const subject = event.metadata?.['subject'];
  return {
    key: typeof subject === 'string' && subject !== '' ? subject : event.streamId,
    value: Buffer.from(JSON.stringify(withoutData ? { ...event, data: null } : event), 'utf8'),
    headers: {
      ...rejectionHeaders(rejection),
      [DLQ_HEADERS.originalTopic]: topic,
      [DLQ_HEADERS.streamId]: event.streamId,
      [DLQ_HEADERS.streamVersion]: String(event.streamVersion),
      'content-type': 'application/json',
    },
  };
}

function rejectionHeaders({ code, reason, rejectedBy, at }: Rejection): Record<string, string> {
  return {
    [DLQ_HEADERS.reason]:
      reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason,
    [DLQ_HEADERS.code]: code,
    [DLQ_HEADERS.rejectedBy]: rejectedBy,
    [DLQ_HEADERS.at]: at.toISOString(),
  };
}
