import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

/** A topic name no other test uses, so tests can share one broker. */
export function uniqueTopic(base: string): string {
  return `${base}.${randomBytes(4).toString('hex')}`;
}

export async function createTopics(brokers: string[], topics: string[], numPartitions = 3): Promise<void> {
  const admin = new Kafka({ clientId: 'samvirke-test-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
    });
  } finally {
    await admin.disconnect();
  }
}
