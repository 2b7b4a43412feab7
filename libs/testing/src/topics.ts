import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { waitFor } from './ports';

/** A topic name no other test uses, so tests can share one broker. */
export function uniqueTopic(base: string): string {
  return `${base}.${randomBytes(4).toString('hex')}`;
}

/**
 * Creates the topics (those that exist already are left as they are) and waits for their
 * leaders. A broker that has just started may not know a new topic's partitions for a moment:
 * that answer is retried.
 */
export async function createTopics(
  brokers: string[],
  topics: string[],
  numPartitions = 3,
): Promise<void> {
  const admin = new Kafka({
    clientId: 'samvirke-test-admin',
    brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    await waitFor(
      `topics ${topics.join(', ')}`,
      async () => {
        await admin.createTopics({
          waitForLeaders: true,
          topics: topics.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
        });
        const metadata = await admin.fetchTopicMetadata({ topics });
        return metadata.topics.every(
          (t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0),
        )
          ? true
          : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 300 },
    );
  } finally {
    await admin.disconnect();
  }
}
