import { createTopics, testKafkaBrokers, uniqueTopic } from '@samvirke/testing';
import { KafkaTransport, headersToStrings } from './kafka-transport';
import { silentLogger } from './logger';
import { describeTransportContract } from './testing/transport-contract';

// Jest reads testTimeout only from the root config, not from a project's.
jest.setTimeout(60_000);

describeTransportContract('Kafka', async () => {
  const brokers = testKafkaBrokers();
  return {
    transport: new KafkaTransport({
      brokers,
      clientId: 'messaging-contract',
      logger: silentLogger,
      backoff: { initialMs: 20, maxMs: 100 },
      consumer: { maxWaitTimeInMs: 50, sessionTimeout: 10_000, heartbeatInterval: 1_000 },
    }),
    topic: async (partitions = 3) => {
      const topic = uniqueTopic('contract');
      await createTopics(brokers, [topic], partitions);
      return topic;
    },
    groupId: () => uniqueTopic('contract-group'),
  };
});

describe('Kafka headers', () => {
  it('reads repeated and binary headers as text, the last value winning', () => {
    expect(headersToStrings({ a: Buffer.from('x'), b: ['1', Buffer.from('2')], c: undefined })).toEqual({ a: 'x', b: '2' });
  });
});
