/** What the integration-test global setup started, as the tests see it. */
export const TEST_PG_URL = 'SAMVIRKE_TEST_PG_URL';
export const TEST_KAFKA_BROKERS = 'SAMVIRKE_TEST_KAFKA_BROKERS';

export function testPostgresUrl(): string {
  const url = process.env[TEST_PG_URL];
  if (!url) throw new Error(`${TEST_PG_URL} is not set: run integration specs through 'npm test'`);
  return url;
}

export function testKafkaBrokers(): string[] {
  const brokers = process.env[TEST_KAFKA_BROKERS];
  if (!brokers)
    throw new Error(`${TEST_KAFKA_BROKERS} is not set: run integration specs through 'npm test'`);
  return brokers.split(',');
}
