/**
 * The coordination read side in a process of its own, configured by environment, for the fault
 * tests and the benchmark: the projection (one transaction per batch), the scheduler and, with
 * STORE_SCHEMA, the gap outbox into that event store (and a relay to RELAY_TOPIC). Reports each
 * committed batch as a JSON line on stdout.
 *
 *   DATABASE_URL, KAFKA_BROKERS, TOPICS (comma-separated), GROUP_ID
 *   CLOCK            fixed ISO instant for "now" (default: the real clock)
 *   GATE             kafka (default) | live (the rules run in every batch)
 *   CONCURRENCY      partitions consumed at once (default 1)
 *   MAX_BYTES_PER_PARTITION  kafkajs fetch size per partition (smaller batches)
 *   SESSION_TIMEOUT_MS       kafkajs session timeout (a killed member's partitions move sooner)
 *   PAUSE_AT         in-batch | after-commit: block at the PAUSE_BATCH-th batch, for a kill
 *   REPORT           batches (default) | summary (one line a second)
 */
import { createPostgresEventStore, pgPoolOf } from '@samvirke/event-sourcing';
import { KafkaTransport, Relay, silentLogger } from '@samvirke/messaging';
import { DataSource } from 'typeorm';
import { cpuSeconds, env, say } from './worker-io';
import { GapScheduler } from '../../scheduler/gap-scheduler';
import { CoordinationProjection } from '../coordination-projection';

async function main(): Promise<void> {
  const brokers = env('KAFKA_BROKERS').split(',');
  const fixed = process.env.CLOCK ? new Date(process.env.CLOCK) : undefined;
  const clock = fixed ? () => fixed : () => new Date();
  const pauseAt = process.env.PAUSE_AT;
  const pauseBatch = Number(process.env.PAUSE_BATCH ?? '3');
  // One DataSource, as the service has: the event store on it, the projection on its pg pool.
  const dataSource = await new DataSource({
    type: 'postgres',
    url: env('DATABASE_URL'),
    poolSize: 10,
  }).initialize();
  const maxBytes = process.env.MAX_BYTES_PER_PARTITION
    ? Number(process.env.MAX_BYTES_PER_PARTITION)
    : undefined;
  const transport = new KafkaTransport({
    brokers,
    clientId: 'projection-worker',
    logger: silentLogger,
    consumer: {
      maxWaitTimeInMs: 100,
      partitionsConsumedConcurrently: Number(env('CONCURRENCY', '1')),
      ...(maxBytes ? { maxBytesPerPartition: maxBytes, maxBytes: maxBytes * 8 } : {}),
      ...(process.env.SESSION_TIMEOUT_MS
        ? { sessionTimeout: Number(process.env.SESSION_TIMEOUT_MS), heartbeatInterval: 500 }
        : {}),
    },
  });
  const store = process.env.STORE_SCHEMA
    ? await createPostgresEventStore({ dataSource, schema: process.env.STORE_SCHEMA })
    : undefined;
  const relay =
    store && process.env.RELAY_TOPIC
      ? new Relay({
          name: 'relay:coordination',
          store,
          transport,
          topic: process.env.RELAY_TOPIC,
          logger: silentLogger,
        })
      : undefined;

  let batches = 0;
  let handled = 0;
  let duplicates = 0;
  let evaluatedEvents = 0;
  let gapEventsIn = 0;
  let childrenWritten = 0;
  const projection = new CoordinationProjection({
    pool: pgPoolOf(dataSource),
    transport,
    topics: env('TOPICS').split(','),
    groupId: env('GROUP_ID'),
    clock,
    store,
    onGapEventsAppended: () => relay?.notify(),
    gate: env('GATE', 'kafka') === 'live' ? undefined : { brokers },
    logger: silentLogger,
    beforeCommit: async () => {
      if (pauseAt === 'in-batch' && batches + 1 === pauseBatch) {
        say({ type: 'paused', at: 'in-batch', batch: batches + 1 });
        await new Promise(() => undefined); // Holds the transaction open until the process is killed.
      }
    },
    onBatch: (report, outcome) => {
      batches += 1;
      handled += report.handled;
      duplicates += report.duplicates;
      if (outcome.evaluated) evaluatedEvents += outcome.events;
      gapEventsIn += outcome.gapEventsIn;
      childrenWritten += outcome.children;
      if (process.env.REPORT !== 'summary')
        say({ type: 'batch', batch: batches, ...report, outcome });
      if (pauseAt === 'after-commit' && batches === pauseBatch) {
        say({ type: 'paused', at: 'after-commit', batch: batches });
        // Committed in PostgreSQL, not yet in Kafka: block here (synchronously) until killed.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
      }
    },
  });
  const scheduler = new GapScheduler({
    transactions: projection.transactions,
    projector: projection.projector,
    gate: projection.gate,
    outbox: projection.outbox,
    pollIntervalMs: 200,
    logger: silentLogger,
  });
  relay?.start();
  await projection.start();
  scheduler.start();
  say({ type: 'started', pid: process.pid });
  if (process.env.REPORT === 'summary') {
    let outboxEmpty = false;
    setInterval(() => {
      void dataSource
        .query(`SELECT NOT EXISTS (SELECT 1 FROM coordination_gap_outbox) AS empty`)
        .then((rows: Array<{ empty: boolean }>) => (outboxEmpty = rows[0].empty))
        .catch(() => undefined);
      const status = projection.status();
      say({
        type: 'summary',
        at: Date.now(),
        // CPU seconds of this process so far (user + system).
        cpuSeconds: cpuSeconds(),
        handled,
        gapEventsIn,
        duplicates,
        batches,
        childrenWritten,
        evaluatedEvents,
        live: status.gate.live,
        judged: scheduler.status().children,
        gapEventsAppended: status.gapEventsAppended,
        relayed: relay?.status().published ?? 0,
        outboxEmpty,
      });
    }, 250).unref();
  }
  const shutdown = async () => {
    await scheduler.stop();
    await projection.close();
    await relay?.stop();
    await transport.close();
    await store?.close();
    await dataSource.destroy();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  process.stderr.write(
    `projection worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
