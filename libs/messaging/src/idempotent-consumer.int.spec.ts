import { toKafkaMessage } from '@samvirke/contracts';
import { pgPoolOf } from '@samvirke/event-sourcing';
import {
  createDatabase,
  createTopics,
  testKafkaBrokers,
  testPostgresUrl,
  uniqueTopic,
} from '@samvirke/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Pool, type PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { DLQ_HEADERS } from './dead-letter';
import {
  IdempotentConsumer,
  type BatchReport,
  type ConsumedEvent,
  type DeadLetterReport,
} from './idempotent-consumer';
import { InProcessBus } from './in-process-bus';
import { KafkaTransport } from './kafka-transport';
import { silentLogger } from './logger';
import { consumerUnreadiness } from './readiness';
import { CuttableLink } from './testing/cuttable-link';
import { countingHandler, countsOf, createCountingTables } from './testing/counting';
import { followUp, seqOf } from './testing/events';
import { eventually } from '@samvirke/testing';
import { pgTransactions } from './transactions';
import type { OutgoingMessage, ReceivedMessage, Subscription, Transport } from './transport';

// Jest reads testTimeout only from the root config, not from a project's.
jest.setTimeout(60_000);

interface Bus {
  /** A new connection to the bus, as a new process would have (the in-process bus is one and the same). */
  connect(): Transport;
  topic(partitions?: number): Promise<string>;
  /** The bus's own committed offset for the group (Kafka only). */
  committedOffset?(groupId: string, topic: string, partition: number): Promise<string | null>;
  close(): Promise<void>;
}

function kafkaBus(): Bus {
  const brokers = testKafkaBrokers();
  const transports: Transport[] = [];
  const admin = new Kafka({
    clientId: 'consumer-spec-admin',
    brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  return {
    connect() {
      const transport = new KafkaTransport({
        brokers,
        clientId: 'consumer-spec',
        logger: silentLogger,
        backoff: { initialMs: 20, maxMs: 200 },
        consumer: { maxWaitTimeInMs: 50, sessionTimeout: 10_000, heartbeatInterval: 1_000 },
      });
      transports.push(transport);
      return transport;
    },
    async topic(partitions = 1) {
      const topic = uniqueTopic('consumer');
      await createTopics(brokers, [topic, `${topic}.dlq`], partitions);
      return topic;
    },
    async committedOffset(groupId, topic, partition) {
      await admin.connect();
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const offset = offsets.partitions.find((p) => p.partition === partition)?.offset;
      return offset === undefined || offset === '-1' ? null : offset;
    },
    async close() {
      await Promise.all(transports.map((t) => t.close()));
      await admin.disconnect();
    },
  };
}

function inProcessBus(): Bus {
  const bus = new InProcessBus({ logger: silentLogger, backoff: { initialMs: 5, maxMs: 50 } });
  let n = 0;
  return {
    connect: () => bus,
    async topic(partitions = 1) {
      const topic = `consumer.${++n}`;
      bus.createTopic(topic, partitions);
      return topic;
    },
    close: () => bus.close(),
  };
}

const asMessage = (envelope: ReturnType<typeof followUp>): OutgoingMessage =>
  toKafkaMessage(envelope);
const raw = (key: string, value: string, headers: Record<string, string>): OutgoingMessage => ({
  key,
  value: Buffer.from(value),
  headers,
});

describe.each([
  ['Kafka', kafkaBus],
  ['the in-process bus', inProcessBus],
])('the idempotent consumer on %s', (_name, makeBus) => {
  let bus: Bus;
  let pool: Pool;
  const consumers: IdempotentConsumer<unknown>[] = [];
  const subscriptions: Subscription[] = [];

  beforeAll(async () => {
    bus = makeBus();
    pool = new Pool({
      connectionString: await createDatabase(testPostgresUrl(), 'messaging_consumer'),
      max: 8,
    });
    await createCountingTables(pool);
  });
  afterEach(async () => {
    await Promise.all([
      ...consumers.splice(0).map((c) => c.stop()),
      ...subscriptions.splice(0).map((s) => s.stop()),
    ]);
  });
  afterAll(async () => {
    await bus.close();
    await pool.end();
  });

  const consumer = (
    groupId: string,
    topic: string,
    options: {
      transport?: Transport;
      reports?: BatchReport[];
      handler?: (events: ConsumedEvent[], tx: PoolClient) => Promise<void>;
      onDeadLettered?: (letter: DeadLetterReport) => void;
    } = {},
  ) => {
    const c = new IdempotentConsumer({
      groupId,
      topics: [topic],
      transport: options.transport ?? bus.connect(),
      transactions: pgTransactions(pool),
      handler: options.handler ?? countingHandler(groupId),
      logger: silentLogger,
      onBatch: (report) => options.reports?.push(report),
      onDeadLettered: options.onDeadLettered,
    });
    consumers.push(c as IdempotentConsumer<unknown>);
    return c;
  };
  const received = (reports: BatchReport[]) => reports.reduce((sum, r) => sum + r.received, 0);

  it('counts an event delivered twice once', async () => {
    const topic = await bus.topic();
    const groupId = uniqueTopic('group');
    const event = followUp('ref-1', 1);
    const publisher = bus.connect();
    await publisher.publish(topic, [asMessage(event), asMessage(event)]);
    await publisher.publish(topic, [asMessage(event), asMessage(followUp('ref-1', 2))]);
    const reports: BatchReport[] = [];
    await consumer(groupId, topic, { reports }).start();

    await eventually(() => expect(received(reports)).toBe(4));
    expect(await countsOf(pool, groupId)).toEqual({ rows: 2, counter: 2 });
    expect(reports.reduce((sum, r) => sum + r.duplicates, 0)).toBe(2);
  });

  it('changes nothing when a member dies after its database commit but before the bus commit, and another takes over', async () => {
    const topic = await bus.topic();
    const groupId = uniqueTopic('group');
    const publisher = bus.connect();
    await publisher.publish(
      topic,
      Array.from({ length: 20 }, (_, i) => asMessage(followUp('ref-1', i + 1))),
    );

    // The first member's bus never hears that its batch went well: it "dies" right after the database commit.
    let committedToDb = false;
    const dying = dyingAfterHandler(bus.connect(), () => (committedToDb = true));
    const first = consumer(groupId, topic, { transport: dying });
    await first.start();
    await eventually(() => expect(committedToDb).toBe(true));
    await first.stop();
    const before = await countsOf(pool, groupId);
    expect(before.rows).toBeGreaterThan(0);
    if (bus.committedOffset) expect(await bus.committedOffset(groupId, topic, 0)).toBeNull();

    await publisher.publish(
      topic,
      Array.from({ length: 5 }, (_, i) => asMessage(followUp('ref-1', 21 + i))),
    );
    const reports: BatchReport[] = [];
    const handled: number[] = [];
    const counting = countingHandler(groupId);
    await consumer(groupId, topic, {
      reports,
      handler: async (events, tx) => {
        handled.push(...events.map((e) => seqOf(e.envelope)));
        await counting(events, tx);
      },
    }).start();

    await eventually(() => expect(handled).toContain(25));
    expect(await countsOf(pool, groupId)).toEqual({ rows: 25, counter: 25 });
    expect(handled).toEqual(
      Array.from({ length: 25 - before.rows }, (_, i) => before.rows + i + 1),
    );
    if (bus.committedOffset) {
      // Kafka resumed from the offset in the database, so nothing was even fetched twice.
      expect(reports.reduce((sum, r) => sum + r.duplicates, 0)).toBe(0);
      await eventually(async () =>
        expect(await bus.committedOffset?.(groupId, topic, 0)).toBe('25'),
      );
    }
  });

  it('sends malformed messages to the dead-letter topic with the reason, and goes on to the next good one', async () => {
    const topic = await bus.topic();
    const groupId = uniqueTopic('group');
    const good = toKafkaMessage(followUp('ref-1', 1));
    const { ce_id: _id, ...withoutId } = good.headers;
    await bus.connect().publish(topic, [
      good,
      raw('ref-1', '{"followUpId": ', good.headers),
      {
        ...toKafkaMessage(followUp('ref-1', 2)),
        headers: { ...good.headers, ce_id: 'other', ce_type: 'no.samvirke.health.teleported.v1' },
      },
      { ...toKafkaMessage(followUp('ref-1', 3)), headers: withoutId },
      toKafkaMessage(followUp('ref-1', 4)),
    ]);
    const letters: ReceivedMessage[] = [];
    const dlq = bus.connect();
    subscriptions.push(
      await dlq.subscribe({
        groupId: uniqueTopic('dlq-reader'),
        topics: [`${topic}.dlq`],
        handler: async (batch) => void letters.push(...batch.messages),
      }),
    );
    await consumer(groupId, topic).start();

    await eventually(async () =>
      expect(await countsOf(pool, groupId)).toEqual({ rows: 2, counter: 2 }),
    );
    await eventually(() => expect(letters).toHaveLength(3));
    expect(
      letters.map((l) => [
        l.headers[DLQ_HEADERS.code],
        l.headers[DLQ_HEADERS.originalOffset],
        l.headers[DLQ_HEADERS.originalTopic],
      ]),
    ).toEqual([
      ['bad-json', '1', topic],
      ['unknown-type', '2', topic],
      ['missing-header', '3', topic],
    ]);
    expect(letters[0].headers[DLQ_HEADERS.reason]).toMatch(/not JSON/);
    expect(letters[1].headers[DLQ_HEADERS.reason]).toMatch(/no\.samvirke\.health\.teleported\.v1/);
    expect(letters[2].headers[DLQ_HEADERS.reason]).toMatch(/ce_id/);
    expect(String(letters[0].value)).toBe('{"followUpId": ');
    expect(
      letters.every(
        (l) =>
          l.headers[DLQ_HEADERS.rejectedBy] === groupId &&
          l.headers[DLQ_HEADERS.originalPartition] === '0',
      ),
    ).toBe(true);
  });

  it('rolls a failed batch back and delivers it again, never skipping it', async () => {
    const topic = await bus.topic();
    const groupId = uniqueTopic('group');
    await bus.connect().publish(
      topic,
      Array.from({ length: 10 }, (_, i) => asMessage(followUp('ref-1', i + 1))),
    );
    let failures = 0;
    const errorsSeen: Array<string | undefined> = [];
    const counting = countingHandler(groupId);
    const c = consumer(groupId, topic, {
      handler: async (events, tx) => {
        errorsSeen.push(c.status().lastError);
        await counting(events, tx);
        if (failures < 2) {
          failures++;
          throw new Error('the projection hit a bug');
        }
      },
    });
    await c.start();

    await eventually(async () =>
      expect(await countsOf(pool, groupId)).toEqual({ rows: 10, counter: 10 }),
    );
    expect(failures).toBe(2);
    // The status names the error, not its message: a database error may quote the event's values.
    expect(errorsSeen).toEqual([undefined, 'Error', 'Error']);
    expect(c.status()).toMatchObject({ running: true, handled: 10 });
    expect(c.status().lastError).toBeUndefined();
  });

  it('parks the events the handler cannot process on the dead-letter topic with its error, and handles the rest of the partition once each, in order', async () => {
    const topic = await bus.topic();
    const groupId = uniqueTopic('group');
    // A seq beyond PostgreSQL's integer: valid to the catalog (the follow-up id is text), refused by the `counted` table.
    const refused = followUp('ref-1', 0, undefined, 'ref-1#99999999999');
    const buggy = followUp('ref-1', 0, undefined, 'ref-1#bug');
    const events = Array.from({ length: 60 }, (_, i) => followUp('ref-1', i + 1));
    await bus
      .connect()
      .publish(
        topic,
        [...events.slice(0, 13), refused, ...events.slice(13, 41), buggy, ...events.slice(41)].map(
          asMessage,
        ),
      );
    const letters: ReceivedMessage[] = [];
    subscriptions.push(
      await bus.connect().subscribe({
        groupId: uniqueTopic('dlq-reader'),
        topics: [`${topic}.dlq`],
        handler: async (batch) => void letters.push(...batch.messages),
      }),
    );
    const handled: number[] = [];
    const counted: DeadLetterReport[] = [];
    const counting = countingHandler(groupId);
    const c = consumer(groupId, topic, {
      onDeadLettered: (letter) => counted.push(letter),
      handler: async (batch, tx) => {
        if (batch.some((e) => e.envelope.id === buggy.id))
          throw new TypeError("Cannot read properties of undefined (reading 'kind')");
        await counting(batch, tx);
        handled.push(...batch.map((e) => seqOf(e.envelope)));
      },
    });
    await c.start();

    await eventually(async () =>
      expect(await countsOf(pool, groupId)).toEqual({ rows: 60, counter: 60 }),
    );
    await eventually(() => expect(letters).toHaveLength(2));
    // Of the handler's calls only the committed ones count: each good event once, in the partition's order.
    const { rows } = await pool.query<{ seq: number }>(
      `SELECT seq FROM counted WHERE consumer_group = $1 ORDER BY seq`,
      [groupId],
    );
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(handled).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(
      letters.map((l) => [
        l.headers[DLQ_HEADERS.code],
        l.headers[DLQ_HEADERS.originalOffset],
        l.headers['ce_id'],
      ]),
    ).toEqual([
      ['handler-failed', '13', refused.id],
      ['handler-failed', '42', buggy.id],
    ]);
    expect(letters[0].headers[DLQ_HEADERS.reason]).toMatch(/SQLSTATE 22003.*out of range/);
    expect(letters[1].headers[DLQ_HEADERS.reason]).toBe(
      "TypeError: Cannot read properties of undefined (reading 'kind')",
    );
    expect(
      letters.every(
        (l) =>
          l.headers[DLQ_HEADERS.rejectedBy] === groupId && l.headers[DLQ_HEADERS.at] !== undefined,
      ),
    ).toBe(true);
    expect(String(letters[0].value)).toContain('ref-1#99999999999');
    expect(counted.map((l) => [l.code, l.eventId])).toEqual([
      ['handler-failed', refused.id],
      ['handler-failed', buggy.id],
    ]);
    await eventually(() => expect(c.status()).toMatchObject({ handled: 60, deadLettered: 2 }));
    expect([c.status().lastError, c.status().failingSince]).toEqual([undefined, undefined]);
    const { rows: offsets } = await pool.query(
      `SELECT next_offset::int AS next FROM consumer_offsets WHERE consumer_group = $1`,
      [groupId],
    );
    expect(offsets).toEqual([{ next: 62 }]);
  });

  it('stops parking when event after event fails the same way (a broken handler), and goes on once it is mended', async () => {
    const topic = await bus.topic();
    const groupId = uniqueTopic('group');
    await bus.connect().publish(
      topic,
      Array.from({ length: 30 }, (_, i) => asMessage(followUp('ref-1', i + 1))),
    );
    const letters: ReceivedMessage[] = [];
    subscriptions.push(
      await bus.connect().subscribe({
        groupId: uniqueTopic('dlq-reader'),
        topics: [`${topic}.dlq`],
        handler: async (batch) => void letters.push(...batch.messages),
      }),
    );
    let mended = false;
    const counting = countingHandler(groupId);
    const c = new IdempotentConsumer({
      groupId,
      topics: [topic],
      transport: bus.connect(),
      transactions: pgTransactions(pool),
      logger: silentLogger,
      maxParkedInARow: 3,
      handler: async (events, tx) => {
        if (!mended) throw new TypeError("Cannot read properties of undefined (reading 'kind')");
        await counting(events, tx);
      },
    });
    consumers.push(c as IdempotentConsumer<unknown>);
    await c.start();

    await eventually(() => expect(letters).toHaveLength(3));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(letters).toHaveLength(3);
    expect(c.status().lastError).toBe('TypeError');
    expect(await countsOf(pool, groupId)).toEqual({ rows: 0, counter: 0 });

    mended = true;
    await eventually(async () =>
      expect(await countsOf(pool, groupId)).toEqual({ rows: 27, counter: 27 }),
    );
    expect(letters.map((l) => l.headers[DLQ_HEADERS.originalOffset])).toEqual(['0', '1', '2']);
  });

  it('waits out a database outage, dead-lettering nothing and losing nothing, and says it is an outage meanwhile', async () => {
    const topic = await bus.topic();
    const groupId = uniqueTopic('group');
    const { link, url } = await CuttableLink.open(pool.options.connectionString as string);
    const linked = new Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 1_000 });
    // Connections the cut drops while idle must not crash the test; the pool replaces them.
    linked.on('error', () => undefined);
    const letters: ReceivedMessage[] = [];
    subscriptions.push(
      await bus.connect().subscribe({
        groupId: uniqueTopic('dlq-reader'),
        topics: [`${topic}.dlq`],
        handler: async (batch) => void letters.push(...batch.messages),
      }),
    );
    const publisher = bus.connect();
    const c = new IdempotentConsumer({
      groupId,
      topics: [topic],
      transport: bus.connect(),
      transactions: pgTransactions(linked),
      handler: countingHandler(groupId),
      logger: silentLogger,
    });
    consumers.push(c as IdempotentConsumer<unknown>);
    try {
      await c.start();
      await publisher.publish(
        topic,
        Array.from({ length: 20 }, (_, i) => asMessage(followUp('ref-1', i + 1))),
      );
      await eventually(async () =>
        expect(await countsOf(pool, groupId)).toEqual({ rows: 20, counter: 20 }),
      );

      await link.cut();
      await publisher.publish(
        topic,
        Array.from({ length: 20 }, (_, i) => asMessage(followUp('ref-1', 21 + i))),
      );
      await eventually(() => expect(c.status()).toMatchObject({ outage: true }));
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(consumerUnreadiness(c.status(), new Date())).toMatch(/^outage for [0-9]+ s/);
      expect(await countsOf(pool, groupId)).toEqual({ rows: 20, counter: 20 });

      await link.mend();
      await eventually(async () =>
        expect(await countsOf(pool, groupId)).toEqual({ rows: 40, counter: 40 }),
      );
      await eventually(() => expect(consumerUnreadiness(c.status(), new Date())).toBeUndefined());
      expect(letters).toEqual([]);
      expect(c.status().deadLettered).toBe(0);
    } finally {
      await c.stop();
      await linked.end();
      await link.close();
    }
  });

  it("commits a handler on a TypeORM DataSource's own pg pool with the offsets", async () => {
    const topic = await bus.topic();
    const groupId = uniqueTopic('group');
    const dataSource = new DataSource({
      type: 'postgres',
      url: pool.options.connectionString,
      logging: false,
    });
    await dataSource.initialize();
    try {
      await bus
        .connect()
        .publish(topic, [asMessage(followUp('ref-7', 1)), asMessage(followUp('ref-7', 2))]);
      const c = new IdempotentConsumer({
        groupId,
        topics: [topic],
        transport: bus.connect(),
        transactions: pgTransactions(pgPoolOf(dataSource)),
        logger: silentLogger,
        handler: async (events, tx) => {
          for (const { envelope } of events) {
            await tx.query(
              `INSERT INTO counted (consumer_group, event_id, child, seq) VALUES ($1, $2, $3, $4)`,
              [groupId, envelope.id, envelope.subject, seqOf(envelope)],
            );
          }
        },
      });
      await c.start();
      await eventually(async () => expect((await countsOf(pool, groupId)).rows).toBe(2));
      await c.stop();
      const { rows } = await pool.query(
        `SELECT next_offset::int AS next FROM consumer_offsets WHERE consumer_group = $1`,
        [groupId],
      );
      expect(rows).toEqual([{ next: 2 }]);
    } finally {
      await dataSource.destroy();
    }
  });
});

/** A transport whose consumer dies right after its handler's first success: the bus never commits that batch. */
function dyingAfterHandler(transport: Transport, onDeath: () => void): Transport {
  return {
    publish: (topic, messages) => transport.publish(topic, messages),
    ping: () => transport.ping(),
    close: () => transport.close(),
    subscribe: (options) => {
      let dead = false;
      return transport.subscribe({
        ...options,
        handler: async (batch) => {
          if (dead) throw new Error('this member is dead');
          await options.handler(batch);
          dead = true;
          onDeath();
          throw new Error('died before the bus commit');
        },
      });
    },
  };
}
