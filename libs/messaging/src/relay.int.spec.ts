import { fromKafkaMessage } from '@samvirke/contracts';
import { createPostgresEventStore, type PostgresEventStore } from '@samvirke/event-sourcing';
import {
  createDatabase,
  readTopic,
  testKafkaBrokers,
  testPostgresUrl,
  uniqueTopic,
} from '@samvirke/testing';
import { Kafka, logLevel } from 'kafkajs';
import { DLQ_HEADERS } from './dead-letter';
import { eventToAppend } from './envelope-mapping';
import { InProcessBus } from './in-process-bus';
import { KafkaTransport } from './kafka-transport';
import { silentLogger } from './logger';
import { Relay } from './relay';
import { followUp, longExtension, seqOf } from './testing/events';
import { eventually } from '@samvirke/testing';
import type { ReceivedMessage } from './transport';

// Jest reads testTimeout only from the root config, not from a project's.
jest.setTimeout(60_000);

const TOPIC = 'health.events.v1';

/** The relay on the PostgreSQL store, with the in-process bus as `npm start` runs it. */
describe('the relay on the PostgreSQL event store', () => {
  let url: string;
  let store: PostgresEventStore;
  let bus: InProcessBus;
  let relay: Relay;
  const cleanUp: Array<() => Promise<void>> = [];
  let received: ReceivedMessage[];
  let n = 0;

  beforeAll(async () => {
    url = await createDatabase(testPostgresUrl(), 'messaging_relay');
  });
  beforeEach(async () => {
    received = [];
    bus = new InProcessBus({ logger: silentLogger });
    cleanUp.push(() => bus.close());
    store = await createPostgresEventStore({ url, schema: `relay_${++n}`, poolSize: 4 });
    cleanUp.push(() => store.close());
    await bus.subscribe({
      groupId: 'observer',
      topics: [TOPIC],
      handler: async (batch) => void received.push(...batch.messages),
    });
  });
  afterEach(async () => {
    for (const step of cleanUp.splice(0).reverse()) await step();
  });

  it('publishes an event appended after it started within milliseconds of notify()', async () => {
    relay = new Relay({
      name: 'relay:health',
      store,
      transport: bus,
      topic: TOPIC,
      pollIntervalMs: 60_000,
      logger: silentLogger,
    });
    relay.start();
    cleanUp.push(() => relay.stop());
    await eventually(async () => expect(await store.loadCheckpoint('relay:health')).toBeNull());

    const envelope = followUp('ref-1', 1);
    await store.appendToStream('child-1', 0, [eventToAppend(envelope)]);
    const appendedAt = Date.now();
    relay.notify();

    await eventually(() => expect(received).toHaveLength(1), { intervalMs: 2 });
    expect(Date.now() - appendedAt).toBeLessThan(500);
    expect(fromKafkaMessage(received[0])).toEqual(envelope);
    expect(await store.loadCheckpoint('relay:health')).toBe(relay.status().checkpoint);
  });

  it('never skips an event whose transaction commits after a later one', async () => {
    const slow = store.dataSource.createQueryRunner();
    await slow.connect();
    await slow.startTransaction();
    try {
      await store.appendInTransaction(slow, 'child-slow', 0, [
        eventToAppend(followUp('ref-slow', 1)),
      ]);
      await store.appendToStream('child-fast', 0, [eventToAppend(followUp('ref-fast', 1))]);
      relay = new Relay({
        name: 'relay:health',
        store,
        transport: bus,
        topic: TOPIC,
        pollIntervalMs: 10,
        logger: silentLogger,
      });
      relay.start();
      cleanUp.push(() => relay.stop());
      await new Promise((resolve) => setTimeout(resolve, 200));
      // The later event waits for the earlier, still open transaction rather than overtaking it for good.
      expect(received.map((m) => m.key)).not.toContain('ref-slow');
      await slow.commitTransaction();
    } finally {
      await slow.release();
    }

    await eventually(() =>
      expect(received.map((m) => m.key).sort()).toEqual(['ref-fast', 'ref-slow']),
    );
  });

  it('parks an event the Kafka broker refuses as too large on the dead-letter topic, and publishes the rest of the feed', async () => {
    const brokers = testKafkaBrokers();
    const topic = uniqueTopic('health.events.v1');
    const admin = new Kafka({
      clientId: 'relay-spec-admin',
      brokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    // A topic that takes 1,500 bytes at most (a record batch); its dead-letter topic the broker's default.
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          numPartitions: 1,
          replicationFactor: 1,
          configEntries: [{ name: 'max.message.bytes', value: '1500' }],
        },
        { topic: `${topic}.dlq`, numPartitions: 1, replicationFactor: 1 },
      ],
    });
    await admin.disconnect();
    const kafka = new KafkaTransport({ brokers, clientId: 'relay-spec', logger: silentLogger });
    cleanUp.push(() => kafka.close());
    const large = longExtension('ref-1');
    await store.appendToStream(
      'child-1',
      0,
      [1, 2, 3].map((seq) => eventToAppend(followUp('ref-1', seq))),
    );
    await store.appendToStream('child-1', 3, [eventToAppend(large)]);
    await store.appendToStream(
      'child-1',
      4,
      [4, 5, 6].map((seq) => eventToAppend(followUp('ref-1', seq))),
    );
    relay = new Relay({
      name: 'relay:health',
      store,
      transport: kafka,
      topic,
      pollIntervalMs: 20,
      logger: silentLogger,
      backoff: { initialMs: 20, maxMs: 200 },
    });
    relay.start();
    cleanUp.push(() => relay.stop());

    const published = await readTopic(brokers, topic, { atLeast: 6, quietMs: 500 });
    expect(published.map((m) => seqOf(fromKafkaMessage(m)))).toEqual([1, 2, 3, 4, 5, 6]);
    const [letter, ...more] = await readTopic(brokers, `${topic}.dlq`, {
      atLeast: 1,
      quietMs: 300,
    });
    expect(more).toEqual([]);
    expect(letter.headers[DLQ_HEADERS.code]).toBe('refused-by-bus');
    expect(letter.headers[DLQ_HEADERS.reason]).toMatch(/MESSAGE_TOO_LARGE|RECORD_LIST_TOO_LARGE/);
    expect(letter.headers[DLQ_HEADERS.originalTopic]).toBe(topic);
    expect(JSON.parse(String(letter.value))).toMatchObject({
      eventId: large.id,
      streamId: 'child-1',
      data: null,
    });
    await eventually(() => expect(relay.status()).toMatchObject({ published: 7, deadLettered: 1 }));
    expect(relay.status().lastError).toBeUndefined();
  });
});
