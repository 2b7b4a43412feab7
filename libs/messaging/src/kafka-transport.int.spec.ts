import { createTopics, freePort, testKafkaBrokers, uniqueTopic } from '@samvirke/testing';
import { createServer, type Server, type Socket } from 'node:net';
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
    expect(
      headersToStrings({ a: Buffer.from('x'), b: ['1', Buffer.from('2')], c: undefined }),
    ).toEqual({ a: 'x', b: '2' });
  });
});

describe("Kafka's ping, for readiness", () => {
  const transports: KafkaTransport[] = [];
  const transport = (brokers: string[]) => {
    const made = new KafkaTransport({
      brokers,
      clientId: 'ping-check',
      logger: silentLogger,
      probe: { everyMs: 1_000, timeoutMs: 500 },
    });
    transports.push(made);
    return made;
  };
  afterAll(() => Promise.all(transports.map((t) => t.close())));

  /** How long a ping takes to settle, and whether it resolved. */
  const timed = async (ping: Promise<void>) => {
    const started = Date.now();
    const up = await ping.then(
      () => true,
      () => false,
    );
    return { up, ms: Date.now() - started };
  };

  it('fails at once when nothing listens at the broker address', async () => {
    const answer = await timed(transport([`127.0.0.1:${await freePort()}`]).ping());
    expect(answer.up).toBe(false);
    expect(answer.ms).toBeLessThan(1_000);
  });

  it('fails within its bound when the broker takes the connection and never answers, asking it at most once a second', async () => {
    // A broker that hangs: it accepts connections and says nothing.
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const kafka = transport([`127.0.0.1:${port}`]);
      const answers: Array<{ up: boolean; ms: number }> = [];
      const started = Date.now();
      while (Date.now() - started < 4_000) {
        answers.push(await timed(kafka.ping()));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(answers.every((a) => !a.up)).toBe(true);
      // Bounded by the probe's 500 ms timeout, never the 30 s of a kafkajs request.
      expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(800);
      // Looks of up to 0.5 s at most once a second after the last: 3 in 4 s (a new connection each,
      // as each timed out), however often it was asked.
      expect(answers.length).toBeGreaterThan(20);
      expect(sockets.length).toBeGreaterThanOrEqual(2);
      expect(sockets.length).toBeLessThanOrEqual(3);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
