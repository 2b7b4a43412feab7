import { toKafkaMessage, type EventEnvelope } from '@samvirke/contracts';
import {
  createPostgresEventStore,
  pgPoolOf,
  type PostgresEventStore,
} from '@samvirke/event-sourcing';
import { KafkaTransport, Relay, silentLogger } from '@samvirke/messaging';
import { createTopics, uniqueTopic } from '@samvirke/testing';
import type { DataSource } from 'typeorm';
import { GapScheduler } from '../../scheduler/gap-scheduler';
import { CoordinationProjection } from '../coordination-projection';
import { readModelDatabase } from './database';
import type { SyntheticEvent, SyntheticTopics } from '@samvirke/gap-engine/testing';

/** Unique names for the four topics (and their dead-letter topics), created with 3 partitions. */
export async function createSyntheticTopics(
  brokers: string[],
  tag: string,
): Promise<SyntheticTopics> {
  const topics: SyntheticTopics = {
    health: uniqueTopic(`${tag}.health.events.v1`),
    school: uniqueTopic(`${tag}.school.events.v1`),
    childwelfare: uniqueTopic(`${tag}.childwelfare.events.v1`),
    coordination: uniqueTopic(`${tag}.coordination.events.v1`),
  };
  const names = Object.values(topics);
  await createTopics(brokers, [...names, ...names.map((name) => `${name}.dlq`)], 3);
  return topics;
}

/** Publishes the events, each topic's in the order given, in chunks. */
export async function publishEvents(
  transport: KafkaTransport,
  events: readonly SyntheticEvent[],
  chunk = 1000,
): Promise<void> {
  const byTopic = new Map<string, EventEnvelope[]>();
  for (const { topic, envelope } of events)
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), envelope]);
  await Promise.all(
    [...byTopic].map(async ([topic, envelopes]) => {
      for (let i = 0; i < envelopes.length; i += chunk) {
        await transport.publish(topic, envelopes.slice(i, i + chunk).map(toKafkaMessage));
      }
    }),
  );
}

export interface ProjectionRun {
  url: string;
  dataSource: DataSource;
  store: PostgresEventStore;
  relay: Relay;
  transport: KafkaTransport;
  projection: CoordinationProjection;
  scheduler: GapScheduler;
  topics: SyntheticTopics;
  groupId: string;
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The coordination service's read side as it runs, on a fresh database: event store, relay to
 * its coordination topic, the projection (Kafka catch-up gate) and a scheduler.
 */
export async function projectionRun(options: {
  prefix: string;
  brokers: string[];
  topics: SyntheticTopics;
  clock: () => Date;
  schedulerPollMs?: number;
  partitionsConsumedConcurrently?: number;
}): Promise<ProjectionRun> {
  // One DataSource, as the service has: the event store on it, the projection on its pg pool.
  const { url, dataSource } = await readModelDatabase(options.prefix, 10);
  const store = await createPostgresEventStore({ dataSource, schema: 'event_store' });
  const transport = new KafkaTransport({
    brokers: options.brokers,
    clientId: options.prefix,
    logger: silentLogger,
    consumer: {
      maxWaitTimeInMs: 100,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 2,
    },
  });
  const relay = new Relay({
    name: 'relay:coordination',
    store,
    transport,
    topic: options.topics.coordination,
    pollIntervalMs: 50,
    logger: silentLogger,
  });
  const groupId = uniqueTopic(`${options.prefix}.projection`);
  const topics = Object.values(options.topics);
  const projection = new CoordinationProjection({
    pool: pgPoolOf(dataSource),
    transport,
    topics,
    groupId,
    clock: options.clock,
    store,
    onGapEventsAppended: () => relay.notify(),
    gate: { brokers: options.brokers },
    logger: silentLogger,
  });
  const scheduler = new GapScheduler({
    transactions: projection.transactions,
    projector: projection.projector,
    gate: projection.gate,
    outbox: projection.outbox,
    pollIntervalMs: options.schedulerPollMs ?? 200,
    logger: silentLogger,
  });
  return {
    url,
    dataSource,
    store,
    relay,
    transport,
    projection,
    scheduler,
    topics: options.topics,
    groupId,
    async start() {
      relay.start();
      await projection.start();
      scheduler.start();
    },
    async close() {
      await scheduler.stop();
      await projection.close();
      await relay.stop();
      await transport.close();
      await store.close();
      await dataSource.destroy();
    },
  };
}

/**
 * Resolves once the run is at rest: caught up, every due timer judged, the outbox empty, every
 * event on the timeline (the sector events and the engine's stored gap events), and the engine's
 * events published and read back from the coordination topic.
 */
export async function settled(
  run: ProjectionRun,
  expectedSectorEvents: number,
  timeoutMs = 90_000,
): Promise<void> {
  const started = Date.now();
  for (;;) {
    const [state] = (await run.dataSource.query(
      `SELECT (SELECT count(*) FROM read_model.children WHERE next_check_at <= $2)::int AS due,
              (SELECT count(*) FROM coordination_gap_outbox)::int AS queued,
              (SELECT count(*) FROM event_store.events)::int AS stored,
              (SELECT count(*) FROM read_model.timeline_entries)::int AS timeline,
              (SELECT coalesce(sum(next_offset), 0) FROM consumer_offsets WHERE consumer_group = $1 AND topic = $3)::int AS back`,
      [run.groupId, run.projection.projector.now().toISOString(), run.topics.coordination],
    )) as Array<{ due: number; queued: number; stored: number; timeline: number; back: number }>;
    const live = await run.projection.gate.isLive();
    if (
      live &&
      state.due === 0 &&
      state.queued === 0 &&
      state.timeline === expectedSectorEvents + state.stored &&
      state.back >= state.stored
    )
      return;
    if (Date.now() - started > timeoutMs) {
      throw new Error(
        `not settled in ${timeoutMs} ms: live ${live}, ${JSON.stringify(state)}, expected ${expectedSectorEvents} sector events`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
