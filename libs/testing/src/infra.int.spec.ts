import { Client } from 'pg';
import { Kafka, logLevel } from 'kafkajs';
import {
  createDatabase,
  createTopics,
  testKafkaBrokers,
  testPostgresUrl,
  uniqueTopic,
} from './index';

describe('the integration infrastructure', () => {
  it('gives each test a fresh database on a real PostgreSQL server', async () => {
    const url = await createDatabase(testPostgresUrl(), 'infra');
    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ version: string; db: string }>(
      'select version() as version, current_database() as db',
    );
    await client.end();
    expect(rows[0].version).toMatch(/^PostgreSQL \d+/);
    expect(url.endsWith(`/${rows[0].db}`)).toBe(true);
  });

  it('round-trips a message through a real Kafka broker', async () => {
    const brokers = testKafkaBrokers();
    const topic = uniqueTopic('infra.check');
    await createTopics(brokers, [topic], 1);
    const kafka = new Kafka({ clientId: 'infra-check', brokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k', value: 'hello' }] });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: uniqueTopic('infra-check') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<string>((resolve) => {
      void consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) });
    });
    await consumer.disconnect();
    expect(received).toBe('hello');
  });
});
