import { Kafka, logLevel } from 'kafkajs';
import { DLQ_HEADERS } from './dead-letter';
import { headersToStrings } from './kafka-transport';
import type { OutgoingMessage, ReceivedMessage, Transport } from './transport';

export interface DeadLetterFilter {
  /** Only letters with this code (e.g. `handler-failed`). */
  code?: string;
  /** Only letters rejected by this consumer group. */
  rejectedBy?: string;
  /** Only letters of these event ids (`ce_id`). */
  eventIds?: readonly string[];
  /** Only letters dead-lettered at or after this time. */
  since?: Date;
}

/**
 * The message a consumer's dead letter came from, to publish again on its original topic: the
 * key, value and headers as they came, without the `samvirke-dlq-*` headers. Undefined for a
 * letter that is not a consumed message (the relay's letters are stored events: fix them at
 * the source) or that the filter leaves out.
 */
export function replayOf(
  letter: ReceivedMessage,
  filter: DeadLetterFilter = {},
): { topic: string; message: OutgoingMessage } | undefined {
  const { headers } = letter;
  const topic = headers[DLQ_HEADERS.originalTopic];
  if (!topic || headers[DLQ_HEADERS.originalOffset] === undefined) return undefined;
  if (filter.code !== undefined && headers[DLQ_HEADERS.code] !== filter.code) return undefined;
  if (filter.rejectedBy !== undefined && headers[DLQ_HEADERS.rejectedBy] !== filter.rejectedBy)
    return undefined;
  if (filter.eventIds !== undefined && !filter.eventIds.includes(headers['ce_id']))
    return undefined;
  if (
    filter.since !== undefined &&
    !(Date.parse(headers[DLQ_HEADERS.at]) >= filter.since.getTime())
  )
    return undefined;
  const own = new Set<string>(Object.values(DLQ_HEADERS));
  return {
    topic,
    message: {
      key: letter.key ?? '',
      value: letter.value ?? Buffer.alloc(0),
      headers: Object.fromEntries(Object.entries(headers).filter(([name]) => !own.has(name))),
    },
  };
}

/** Every message on a topic from its beginning up to its end as of now, read without a consumer group of record. */
export async function readToEnd(brokers: string[], topic: string): Promise<ReceivedMessage[]> {
  const kafka = new Kafka({ clientId: 'samvirke-dlq-reader', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(
    ends
      .filter(({ low, high }) => BigInt(high) > BigInt(low))
      .map(({ partition, high }) => [partition, BigInt(high)]),
  );
  const messages: ReceivedMessage[] = [];
  if (remaining.size === 0) return messages;
  // A group of its own each time (never committed): reading changes nothing for anyone.
  const consumer = kafka.consumer({
    groupId: `samvirke-dlq-reader-${Date.now()}-${Math.random().toString(16).slice(2)}`,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const end = remaining.get(partition);
            if (end === undefined) return;
            if (BigInt(message.offset) < end) {
              messages.push({
                topic,
                partition,
                offset: message.offset,
                key: message.key?.toString('utf8') ?? null,
                value: message.value,
                headers: headersToStrings(message.headers),
              });
            }
            if (BigInt(message.offset) + 1n >= end) remaining.delete(partition);
            if (remaining.size === 0) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return messages.sort(
    (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
  );
}

/**
 * Publishes the dead letters of `dlqTopic` that pass the filter again on their original topic,
 * in the dead-letter topic's order. Safe to repeat: the consumers drop an event they already
 * processed by its id; one that fails again is parked again.
 */
export async function replayDeadLetters({
  brokers,
  dlqTopic,
  transport,
  filter = {},
  dryRun = false,
}: {
  brokers: string[];
  dlqTopic: string;
  transport: Pick<Transport, 'publish'>;
  filter?: DeadLetterFilter;
  dryRun?: boolean;
}): Promise<{
  read: number;
  replayed: Array<{ topic: string; offset: string; eventId?: string; code?: string }>;
}> {
  const letters = await readToEnd(brokers, dlqTopic);
  const replayed: Array<{ topic: string; offset: string; eventId?: string; code?: string }> = [];
  for (const letter of letters) {
    const replay = replayOf(letter, filter);
    if (!replay) continue;
    if (!dryRun) await transport.publish(replay.topic, [replay.message]);
    replayed.push({
      topic: replay.topic,
      offset: letter.offset,
      eventId: letter.headers['ce_id'],
      code: letter.headers[DLQ_HEADERS.code],
    });
  }
  return { read: letters.length, replayed };
}
