/**
 * The benchmark's floor: the projection's consumer with nothing but the timeline. The same
 * Kafka transport, decoding and checking of each event against the catalog, one PostgreSQL
 * transaction per batch with the offsets, and the timeline insert the projection makes, but
 * no children, no facts, no gap rules and no gap events. What any projection that keeps this
 * timeline in PostgreSQL costs at least, on the same machine. Reports a JSON summary line every
 * 250 ms on stdout, as the projection worker does with REPORT=summary.
 *
 *   DATABASE_URL, KAFKA_BROKERS, TOPICS (comma-separated), GROUP_ID, CONCURRENCY
 */
import { pgPoolOf } from '@samvirke/event-sourcing';
import {
  IdempotentConsumer,
  KafkaTransport,
  pgTransactions,
  silentLogger,
  sqlOf,
} from '@samvirke/messaging';
import { DataSource } from 'typeorm';
import { ensureReadModel } from '../../read-model';
import { insertTimeline } from '../sql';
import { timelineRowOf } from '../timeline';
import { cpuSeconds, env, say } from './worker-io';

async function main(): Promise<void> {
  const dataSource = await new DataSource({
    type: 'postgres',
    url: env('DATABASE_URL'),
    poolSize: 6,
  }).initialize();
  const transport = new KafkaTransport({
    brokers: env('KAFKA_BROKERS').split(','),
    clientId: 'timeline-only-worker',
    logger: silentLogger,
    consumer: {
      maxWaitTimeInMs: 100,
      partitionsConsumedConcurrently: Number(env('CONCURRENCY', '1')),
    },
  });
  const transactions = pgTransactions(pgPoolOf(dataSource));
  await transactions.inTransaction((_tx, sql) => ensureReadModel(sql));
  let handled = 0;
  let duplicates = 0;
  const consumer = new IdempotentConsumer({
    groupId: env('GROUP_ID'),
    topics: env('TOPICS').split(','),
    transport,
    transactions,
    logger: silentLogger,
    dedupe: 'handler',
    handler: async (events, client) => {
      const now = new Date();
      const fresh = await insertTimeline(
        sqlOf(client),
        events.map((event) => timelineRowOf(event.envelope, false)),
        now,
      );
      return fresh.size;
    },
    onBatch: (report) => {
      handled += report.handled;
      duplicates += report.duplicates;
    },
  });
  await consumer.start();
  say({ type: 'started', pid: process.pid });
  setInterval(() => {
    say({ type: 'summary', at: Date.now(), cpuSeconds: cpuSeconds(), handled, duplicates });
  }, 250).unref();
  const shutdown = async () => {
    await consumer.stop();
    await transport.close();
    await dataSource.destroy();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  process.stderr.write(
    `timeline-only worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
