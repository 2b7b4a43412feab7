/**
 * The rebuild command: drops the coordination read model and replays it from the topics.
 * Run it with the coordination service's instances stopped (Kafka refuses to reset a group
 * with members):
 *
 *   DATABASE_URL=postgres://… KAFKA_BROKERS=localhost:9092 \
 *     node -r @swc-node/register services/coordination-service/src/rebuild/cli.ts
 *
 * It needs SAMVIRKE_KEYRING_MASTER_KEY and SAMVIRKE_CHILDREF_KEY, as the service does: the
 * transition rule reads each child's birth date, kept encrypted under the child's key.
 *
 * Optional: PROJECTION_GROUP_ID (default coordination-service.projection), TOPICS (comma-separated;
 * default the four topics), EVENT_STORE_SCHEMA (default event_store: gap events found anew go
 * there; the service's relay publishes them), CLOCK (a fixed ISO instant, for tests and benchmarks).
 * Prints the steps, and the report as one JSON line at the end.
 */
import { ALL_TOPICS } from '@samvirke/contracts';
import { createPostgresEventStore, pgPoolOf } from '@samvirke/event-sourcing';
import { KafkaTransport, silentLogger } from '@samvirke/messaging';
import { ChildRefKey, masterKeysFromEnv, PostgresChildKeyring } from '@samvirke/identity';
import { ChildIdentity } from '@samvirke/write-side';
import { DataSource } from 'typeorm';
import { PersonalDataOpener } from '../app.module';
import { ChildPersonalData } from '../commands/child-personal-data';
import { CoordinationProjection } from '../projection/coordination-projection';
import { DEFAULT_GROUP_ID } from '../projection/projection.module';
import { GapScheduler } from '../scheduler/gap-scheduler';
import { rebuildReadModel } from './rebuild';

async function main(): Promise<void> {
  const url = required('DATABASE_URL');
  const brokers = required('KAFKA_BROKERS').split(',');
  const fixed = process.env.CLOCK ? new Date(process.env.CLOCK) : undefined;
  const clock = fixed ? () => fixed : () => new Date();
  // One DataSource, as the service has (12 connections, as many as its three pools had): the
  // event store on it, the projection and the keyring on its pg pool.
  const dataSource = await new DataSource({ type: 'postgres', url, poolSize: 12 }).initialize();
  const pool = pgPoolOf(dataSource);
  const store = await createPostgresEventStore({
    dataSource,
    schema: process.env.EVENT_STORE_SCHEMA ?? 'event_store',
  });
  const keyring = new PostgresChildKeyring({ pool, masterKeys: masterKeysFromEnv() });
  const opener = new PersonalDataOpener().bind(
    new ChildPersonalData(new ChildIdentity(ChildRefKey.fromEnv(), keyring)),
  );
  const transport = new KafkaTransport({
    brokers,
    clientId: 'coordination-rebuild',
    logger: silentLogger,
    consumer: { partitionsConsumedConcurrently: 2 },
  });
  const projection = new CoordinationProjection({
    pool,
    transport,
    topics: process.env.TOPICS ? process.env.TOPICS.split(',') : [...ALL_TOPICS],
    groupId: process.env.PROJECTION_GROUP_ID ?? DEFAULT_GROUP_ID,
    clock,
    store,
    gate: { brokers },
    logger: silentLogger,
    revealBirthDate: opener.revealBirthDate,
    revealNote: opener.revealNote,
  });
  const scheduler = new GapScheduler({
    transactions: projection.transactions,
    projector: projection.projector,
    gate: projection.gate,
    outbox: projection.outbox,
    pollIntervalMs: 200,
    // After the replay every child is due at once: two transactions keep both cores busy.
    concurrency: 2,
    batchSize: 500,
  });
  const report = await rebuildReadModel({
    projection,
    scheduler,
    brokers,
    onStep: (step) => process.stderr.write(`rebuild: ${step}\n`),
  });
  await scheduler.stop();
  await projection.close();
  await transport.close();
  await store.close();
  await dataSource.destroy();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
