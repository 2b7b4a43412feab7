import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { randomBytes } from 'node:crypto';

export interface ReadMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/**
 * Everything on a topic from its beginning, read by a throwaway consumer group: waits until
 * `atLeast` messages came, then for `quietMs` more in which nothing new arrives (so a test
 * also sees messages that should not be there).
 */
export async function readTopic(
  brokers: string[],
  topic: string,
  { atLeast = 0, quietMs = 1500, timeoutMs = 30_000 } = {},
): Promise<ReadMessage[]> {
  const kafka = new Kafka({
    clientId: 'samvirke-test-reader',
    brokers,
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: `test-reader-${randomBytes(6).toString('hex')}` });
  const messages: ReadMessage[] = [];
  let last = Date.now();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic: t, partition, message }) => {
        messages.push({
          topic: t,
          partition,
          offset: message.offset,
          key: message.key ? message.key.toString('utf8') : null,
          value: message.value,
          headers: headerStrings(message.headers),
        });
        last = Date.now();
      },
    });
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (messages.length >= atLeast && Date.now() - last >= quietMs) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const one = Array.isArray(value) ? value[value.length - 1] : value;
    out[name] = Buffer.isBuffer(one) ? one.toString('utf8') : String(one);
  }
  return out;
}
