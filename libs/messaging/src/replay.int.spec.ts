import { toKafkaMessage } from '@samvirke/contracts';
import {
  createDatabase,
  createTopics,
  eventually,
  testKafkaBrokers,
  testPostgresUrl,
  uniqueTopic,
} from '@samvirke/testing';
import { Pool } from 'pg';
import { IdempotentConsumer } from './idempotent-consumer';
import { KafkaTransport } from './kafka-transport';
import { silentLogger } from './logger';
import { readToEnd, replayDeadLetters } from './replay';
import { countingHandler, countsOf, createCountingTables } from './testing/counting';
import { followUp } from './testing/events';
import { pgTransactions } from './transactions';

jest.setTimeout(60_000);

// An operator's round: a bug parks an event, the fix is deployed, the dead letter is replayed.
describe('replaying dead letters on Kafka', () => {
  const brokers = testKafkaBrokers();
  let pool: Pool;
  let transport: KafkaTransport;

  beforeAll(async () => {
    pool = new Pool({
      connectionString: await createDatabase(testPostgresUrl(), 'messaging_replay'),
      max: 4,
    });
    await createCountingTables(pool);
    transport = new KafkaTransport({
      brokers,
      clientId: 'replay-spec',
      logger: silentLogger,
      backoff: { initialMs: 20, maxMs: 200 },
      consumer: { maxWaitTimeInMs: 50 },
    });
  });
  afterAll(async () => {
    await transport.close();
    await pool.end();
  });

  it('brings a parked event back to its consumer once the handler is mended, once however often it is replayed', async () => {
    const topic = uniqueTopic('health.events.v1');
    await createTopics(brokers, [topic, `${topic}.dlq`], 1);
    const groupId = uniqueTopic('group');
    const events = Array.from({ length: 10 }, (_, i) => followUp('ref-1', i + 1));
    const unlucky = events[4];
    let mended = false;
    const counting = countingHandler(groupId);
    const consumer = new IdempotentConsumer({
      groupId,
      topics: [topic],
      transport,
      transactions: pgTransactions(pool),
      logger: silentLogger,
      handler: async (batch, tx) => {
        if (!mended && batch.some((e) => e.envelope.id === unlucky.id))
          throw new TypeError('a bug the next release fixes');
        await counting(batch, tx);
      },
    });
    await consumer.start();
    try {
      await transport.publish(topic, events.map(toKafkaMessage));
      await eventually(async () =>
        expect(await countsOf(pool, groupId)).toEqual({ rows: 9, counter: 9 }),
      );
      await eventually(async () =>
        expect(await readToEnd(brokers, `${topic}.dlq`)).toHaveLength(1),
      );

      const dry = await replayDeadLetters({
        brokers,
        dlqTopic: `${topic}.dlq`,
        transport,
        filter: { code: 'handler-failed', rejectedBy: groupId },
        dryRun: true,
      });
      expect(dry).toEqual({
        read: 1,
        replayed: [{ topic, offset: '0', eventId: unlucky.id, code: 'handler-failed' }],
      });
      expect(await readToEnd(brokers, topic)).toHaveLength(10);

      mended = true;
      await replayDeadLetters({
        brokers,
        dlqTopic: `${topic}.dlq`,
        transport,
        filter: { rejectedBy: groupId },
      });
      await eventually(async () =>
        expect(await countsOf(pool, groupId)).toEqual({ rows: 10, counter: 10 }),
      );
      await replayDeadLetters({
        brokers,
        dlqTopic: `${topic}.dlq`,
        transport,
        filter: { rejectedBy: groupId },
      });
      await eventually(async () => expect(await readToEnd(brokers, topic)).toHaveLength(12));
      await eventually(() => expect(consumer.status().duplicates).toBe(1));
      expect(await countsOf(pool, groupId)).toEqual({ rows: 10, counter: 10 });
      expect(await readToEnd(brokers, `${topic}.dlq`)).toHaveLength(1);
    } finally {
      await consumer.stop();
    }
  });
});
