import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { startKafkaBroker, type RunningKafka } from './kafka';
import { startEmbeddedPostgres, type RunningPostgres } from './postgres';
import { createTopics, uniqueTopic } from './topics';

// Servers of this file's own: stopping the shared ones would break the other test files.
describe('a test server stopped and started again', () => {
  let postgres: RunningPostgres | undefined;
  let kafka: RunningKafka | undefined;
  afterAll(async () => {
    await Promise.all([postgres?.stop(), kafka?.stop()]);
  });

  const query = async (url: string, sql: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };

  it('is the same PostgreSQL, on the same port with the same data, after an outage', async () => {
    postgres = await startEmbeddedPostgres();
    await query(
      postgres.url,
      `CREATE TABLE kept (fact text); INSERT INTO kept VALUES ('before the outage')`,
    );

    await postgres.stopServer();
    await expect(query(postgres.url, 'SELECT 1')).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    await postgres.startServer();
    expect(await query(postgres.url, 'SELECT fact FROM kept')).toEqual([
      { fact: 'before the outage' },
    ]);
  });

  it('is the same Kafka broker, with its topics and messages, after an outage', async () => {
    kafka = await startKafkaBroker({ partitions: 1 });
    const topic = uniqueTopic('restart.check');
    await createTopics(kafka.brokers, [topic], 1);
    // No retries for the writer, so a send to the stopped broker fails at once.
    const client = new Kafka({
      clientId: 'restart-check',
      brokers: kafka.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
    });
    const send = async (value: string) => {
      const producer = client.producer();
      await producer.connect();
      try {
        await producer.send({ topic, messages: [{ value }] });
      } finally {
        await producer.disconnect();
      }
    };
    await send('before');
    const firstPid = kafka.pid;

    await kafka.stopServer();
    await expect(send('while down')).rejects.toThrow();

    await kafka.startServer();
    expect(kafka.pid).not.toBe(firstPid);
    await send('after');
    const reader = new Kafka({
      clientId: 'restart-check-reader',
      brokers: kafka.brokers,
      logLevel: logLevel.NOTHING,
    });
    const consumer = reader.consumer({ groupId: uniqueTopic('restart-check') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen: string[] = [];
    await new Promise<void>((done) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(String(message.value));
          if (seen.length === 2) done();
        },
      });
    });
    await consumer.disconnect();
    expect(seen).toEqual(['before', 'after']);
  });
});
