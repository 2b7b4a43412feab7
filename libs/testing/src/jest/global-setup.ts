import { startEmbeddedPostgres, type RunningPostgres } from '../postgres';
import { startKafkaBroker, type RunningKafka } from '../kafka';
import { TEST_KAFKA_BROKERS, TEST_PG_URL } from '../env';

declare global {
  var __samvirkeInfra: { postgres?: RunningPostgres; kafka?: RunningKafka } | undefined;
}

/**
 * Starts one embedded PostgreSQL and one Kafka broker for the whole integration run, in
 * parallel, unless the environment already names running ones. Workers inherit the
 * environment variables set here.
 */
export default async function globalSetup(): Promise<void> {
  const started: { postgres?: RunningPostgres; kafka?: RunningKafka } = {};
  globalThis.__samvirkeInfra = started;
  const t0 = Date.now();
  await Promise.all([
    process.env[TEST_PG_URL]
      ? undefined
      : startEmbeddedPostgres().then((pg) => {
          started.postgres = pg;
          process.env[TEST_PG_URL] = pg.url;
        }),
    process.env[TEST_KAFKA_BROKERS]
      ? undefined
      : startKafkaBroker().then((kafka) => {
          started.kafka = kafka;
          process.env[TEST_KAFKA_BROKERS] = kafka.brokers.join(',');
        }),
  ]);
  process.stdout.write(
    `\n[samvirke] integration infrastructure ready in ${Date.now() - t0} ms: ` +
      `PostgreSQL ${process.env[TEST_PG_URL]?.replace(/:[^:@/]+@/, ':***@')}, Kafka ${process.env[TEST_KAFKA_BROKERS]}\n`,
  );
}
