import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createPostgresEventStore, type PostgresEventStore } from '@samvirke/event-sourcing';
import {
  createDatabase,
  createTopics,
  testKafkaBrokers,
  testPostgresUrl,
  uniqueTopic,
} from '@samvirke/testing';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';
import { IdempotentConsumer, type BatchReport } from './idempotent-consumer';
import { KafkaTransport } from './kafka-transport';
import { silentLogger } from './logger';
import { Relay } from './relay';
import { countingHandler, countsOf, createCountingTables } from './testing/counting';
import { appendFollowUps, seqOf } from './testing/events';
import { eventually } from '@samvirke/testing';
import { pgTransactions } from './transactions';

// Jest reads testTimeout only from the root config, not from a project's.
jest.setTimeout(120_000);

const CHILDREN = 500;
const EVENTS_PER_CHILD = 20;
const TOTAL = CHILDREN * EVENTS_PER_CHILD;
const BATCH_SIZE = 500;
const CRASH_AFTER = 4_000;

describe('the relay under faults', () => {
  const brokers = testKafkaBrokers();
  const schema = `relay_fault_${Date.now()}`;
  let url: string;
  let store: PostgresEventStore;
  let pool: Pool;
  let crashing: ChildProcess | undefined;
  const cleanUp: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    url = await createDatabase(testPostgresUrl(), 'messaging_relay_fault');
    store = await createPostgresEventStore({ url, schema, poolSize: 10 });
    pool = new Pool({ connectionString: url, max: 6 });
    await createCountingTables(pool);
  });
  afterAll(async () => {
    crashing?.kill('SIGKILL');
    for (const step of cleanUp.reverse()) await step();
    await pool.end();
    await store.close();
  });

  it('delivers each of 10,000 events exactly once, in each child’s order, though the relay crashed between ack and checkpoint', async () => {
    const started = Date.now();
    const topic = uniqueTopic('health.events.v1');
    const groupId = uniqueTopic('coordination');
    await createTopics(brokers, [topic, `${topic}.dlq`], 3);
    // A quarter of the events are there before any relay starts; the rest arrive while the relays run.
    await appendFollowUps(store, CHILDREN, EVENTS_PER_CHILD / 4, 5);

    // The consumer group counts into PostgreSQL and checks each child's order as events arrive.
    const consumerTransport = new KafkaTransport({
      brokers,
      clientId: 'fault-consumer',
      logger: silentLogger,
      consumer: { maxWaitTimeInMs: 100, partitionsConsumedConcurrently: 3 },
    });
    cleanUp.push(() => consumerTransport.close());
    const reports: BatchReport[] = [];
    const lastSeq = new Map<string, number>();
    const outOfOrder: string[] = [];
    const counting = countingHandler(groupId);
    const consumer = new IdempotentConsumer({
      groupId,
      topics: [topic],
      transport: consumerTransport,
      transactions: pgTransactions(pool),
      logger: silentLogger,
      onBatch: (report) => reports.push(report),
      handler: async (events, tx) => {
        for (const { envelope } of events) {
          const expected = (lastSeq.get(envelope.subject) ?? 0) + 1;
          if (seqOf(envelope) !== expected)
            outOfOrder.push(`${envelope.subject}: got ${seqOf(envelope)}, expected ${expected}`);
          lastSeq.set(envelope.subject, seqOf(envelope));
        }
        await counting(events, tx);
      },
    });
    await consumer.start();
    cleanUp.push(() => consumer.stop());

    const appending = appendFollowUps(
      store,
      CHILDREN,
      EVENTS_PER_CHILD,
      5,
      EVENTS_PER_CHILD / 4 + 1,
    );

    // Relay one runs in its own process and is killed after Kafka acknowledged a batch it never checkpointed.
    const acknowledgedAtCrash = await runCrashingRelay(
      { topic, url, schema, brokers },
      (child) => (crashing = child),
    );
    const checkpointAtCrash = await store.loadCheckpoint('relay:fault');
    expect(acknowledgedAtCrash).toBeGreaterThanOrEqual(CRASH_AFTER);

    // Relay two takes over from the stored checkpoint, republishing the batch relay one never checkpointed.
    const relayTransport = new KafkaTransport({
      brokers,
      clientId: 'fault-relay',
      logger: silentLogger,
    });
    const relay = new Relay({
      name: 'relay:fault',
      store,
      transport: relayTransport,
      topic,
      batchSize: BATCH_SIZE,
      pollIntervalMs: 50,
      logger: silentLogger,
    });
    relay.start();
    cleanUp.push(
      () => relayTransport.close(),
      () => relay.stop(),
    );
    await appending;

    await eventually(
      async () => expect(await countsOf(pool, groupId)).toEqual({ rows: TOTAL, counter: TOTAL }),
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    const { events } = await store.readAll(null, TOTAL + 1);
    const checkpointedByRelayOne = events.findIndex((e) => e.position === checkpointAtCrash) + 1;
    await eventually(() => expect(relay.status().published).toBe(TOTAL - checkpointedByRelayOne));
    const inKafka = await messagesIn(brokers, topic);
    await eventually(() => expect(reports.reduce((sum, r) => sum + r.received, 0)).toBe(inKafka));
    const delivered = reports.reduce((sum, r) => sum + r.received, 0);
    const duplicates = reports.reduce((sum, r) => sum + r.duplicates, 0);
    const elapsedMs = Date.now() - started;

    expect(events).toHaveLength(TOTAL);
    expect(checkpointedByRelayOne).toBeGreaterThan(0);
    expect(inKafka).toBe(acknowledgedAtCrash + TOTAL - checkpointedByRelayOne);
    expect(inKafka).toBeGreaterThan(TOTAL);
    expect(duplicates).toBe(delivered - TOTAL);
    expect(outOfOrder).toEqual([]);
    expect(lastSeq.size).toBe(CHILDREN);
    expect([...lastSeq.values()].every((seq) => seq === EVENTS_PER_CHILD)).toBe(true);
    const { rows } = await pool.query<{ broken: string }>(
      `SELECT count(*) AS broken FROM (SELECT child FROM counted WHERE consumer_group = $1 GROUP BY child HAVING count(*) <> $2 OR count(DISTINCT seq) <> $2) c`,
      [groupId, EVENTS_PER_CHILD],
    );
    expect(Number(rows[0].broken)).toBe(0);

    process.stdout.write(
      `[relay fault] relay one killed after ${acknowledgedAtCrash} acknowledged, ${checkpointedByRelayOne} checkpointed; ` +
        `Kafka holds ${inKafka} messages for ${TOTAL} events; the group received ${delivered}, dropped ${duplicates} duplicates, ` +
        `counted ${TOTAL}; ${elapsedMs} ms in all\n`,
    );
  });
});

async function runCrashingRelay(
  {
    topic,
    url,
    schema,
    brokers,
  }: { topic: string; url: string; schema: string; brokers: string[] },
  started: (child: ChildProcess) => void,
): Promise<number> {
  const repoRoot = resolve(__dirname, '../../..');
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, 'testing', 'crashing-relay.ts')],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        STORE_URL: url,
        STORE_SCHEMA: schema,
        KAFKA_BROKERS: brokers.join(','),
        TOPIC: topic,
        RELAY_NAME: 'relay:fault',
        BATCH_SIZE: String(BATCH_SIZE),
        CRASH_AFTER: String(CRASH_AFTER),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  started(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += String(chunk)));
  const acknowledged = await new Promise<number>((resolveCrash, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += String(chunk);
      const match = /crash-point (\d+)/.exec(stdout);
      if (match) resolveCrash(Number(match[1]));
    });
    child.once('exit', (code) =>
      reject(new Error(`the relay process exited with ${code} before its crash point: ${stderr}`)),
    );
  });
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  child.kill('SIGKILL');
  await exited;
  return acknowledged;
}

async function messagesIn(brokers: string[], topic: string): Promise<number> {
  const admin = new Kafka({ clientId: 'fault-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}
