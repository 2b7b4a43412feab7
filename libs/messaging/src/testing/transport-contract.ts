import type {
  MessageBatch,
  OutgoingMessage,
  ReceivedMessage,
  Subscription,
  Transport,
} from '../transport';
import { eventually } from '@samvirke/testing';

export interface TransportUnderTest {
  transport: Transport;
  /** A topic no other test uses, with `partitions` partitions. */
  topic(partitions?: number): Promise<string>;
  /** A consumer group id no other test uses. */
  groupId(): string;
  /** Called after each test. */
  cleanUp?(): Promise<void>;
}

const message = (
  key: string,
  body: unknown,
  headers: Record<string, string> = {},
): OutgoingMessage => ({
  key,
  value: Buffer.from(JSON.stringify(body)),
  headers,
});

const body = (m: ReceivedMessage) => JSON.parse(String(m.value)) as { key: string; seq: number };

/**
 * The behaviour every `Transport` promises, run against each implementation (Kafka in an
 * integration spec, the in-process bus in a unit spec).
 */
export function describeTransportContract(
  name: string,
  setUp: () => Promise<TransportUnderTest>,
): void {
  describe(`${name} as a transport`, () => {
    let sut: TransportUnderTest;
    const subscriptions: Subscription[] = [];

    beforeAll(async () => {
      sut = await setUp();
    });
    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
    });
    afterAll(async () => {
      await sut.cleanUp?.();
      await sut.transport.close();
    });

    const consume = async (
      topic: string,
      groupId: string,
      onBatch: (batch: MessageBatch) => Promise<void> | void,
    ) => {
      const subscription = await sut.transport.subscribe({
        groupId,
        topics: [topic],
        handler: async (batch) => onBatch(batch),
      });
      subscriptions.push(subscription);
      return subscription;
    };

    it('answers a ping while the bus is there', async () => {
      await expect(sut.transport.ping()).resolves.toBeUndefined();
    });

    it('delivers a published message with its key, value and headers', async () => {
      const topic = await sut.topic();
      await sut.transport.publish(topic, [
        message('child-1', { key: 'child-1', seq: 1 }, { ce_id: 'e-1', 'x-note': 'æøå' }),
      ]);
      const received: ReceivedMessage[] = [];
      await consume(topic, sut.groupId(), (batch) => void received.push(...batch.messages));

      await eventually(() => expect(received).toHaveLength(1));
      expect(received[0]).toMatchObject({
        topic,
        key: 'child-1',
        headers: { ce_id: 'e-1', 'x-note': 'æøå' },
      });
      expect(body(received[0])).toEqual({ key: 'child-1', seq: 1 });
      expect(received[0].offset).toMatch(/^\d+$/);
    });

    it('keeps the publish order of messages with the same key', async () => {
      const topic = await sut.topic(3);
      const keys = Array.from({ length: 12 }, (_, i) => `child-${i}`);
      for (let round = 0; round < 5; round++) {
        const batch = Array.from({ length: 40 }, (_, i) => i + round * 40).map((seq) =>
          message(keys[seq % keys.length], { key: keys[seq % keys.length], seq }),
        );
        await sut.transport.publish(topic, batch);
      }
      const seen = new Map<string, number[]>();
      const partitionsByKey = new Map<string, Set<number>>();
      await consume(topic, sut.groupId(), (batch) => {
        for (const m of batch.messages) {
          const { key, seq } = body(m);
          seen.set(key, [...(seen.get(key) ?? []), seq]);
          partitionsByKey.set(key, (partitionsByKey.get(key) ?? new Set()).add(m.partition));
        }
      });

      await eventually(() => expect([...seen.values()].flat()).toHaveLength(200));
      for (const key of keys) {
        const expected = Array.from({ length: 200 }, (_, seq) => seq).filter(
          (seq) => seq % keys.length === keys.indexOf(key),
        );
        expect(seen.get(key)).toEqual(expected);
        expect(partitionsByKey.get(key)?.size).toBe(1);
      }
      expect(new Set([...partitionsByKey.values()].map((s) => [...s][0])).size).toBeGreaterThan(1);
    });

    it('gives every consumer group every message', async () => {
      const topic = await sut.topic();
      await sut.transport.publish(
        topic,
        Array.from({ length: 30 }, (_, seq) => message(`child-${seq % 4}`, { key: 'k', seq })),
      );
      const a: number[] = [];
      const b: number[] = [];
      await consume(
        topic,
        sut.groupId(),
        (batch) => void a.push(...batch.messages.map((m) => body(m).seq)),
      );
      await consume(
        topic,
        sut.groupId(),
        (batch) => void b.push(...batch.messages.map((m) => body(m).seq)),
      );

      await eventually(() => {
        expect(a.sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
        expect(b.sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
      });
    });

    it('resumes a group after the last batch it handled, while a new group starts from the beginning', async () => {
      const topic = await sut.topic(1);
      const groupId = sut.groupId();
      await sut.transport.publish(
        topic,
        [1, 2, 3].map((seq) => message('child-1', { key: 'child-1', seq })),
      );
      const first: number[] = [];
      const subscription = await consume(
        topic,
        groupId,
        (batch) => void first.push(...batch.messages.map((m) => body(m).seq)),
      );
      await eventually(() => expect(first).toEqual([1, 2, 3]));
      await subscription.stop();

      await sut.transport.publish(
        topic,
        [4, 5].map((seq) => message('child-1', { key: 'child-1', seq })),
      );
      const again: number[] = [];
      const fresh: number[] = [];
      await consume(
        topic,
        groupId,
        (batch) => void again.push(...batch.messages.map((m) => body(m).seq)),
      );
      await consume(
        topic,
        sut.groupId(),
        (batch) => void fresh.push(...batch.messages.map((m) => body(m).seq)),
      );

      await eventually(() => {
        expect(again).toEqual([4, 5]);
        expect(fresh).toEqual([1, 2, 3, 4, 5]);
      });
    });

    it('delivers a batch again after its handler fails, and never skips it', async () => {
      const topic = await sut.topic(1);
      await sut.transport.publish(
        topic,
        Array.from({ length: 10 }, (_, seq) => message('child-1', { key: 'child-1', seq })),
      );
      let failures = 0;
      const handled: number[] = [];
      await consume(topic, sut.groupId(), (batch) => {
        const seqs = batch.messages.map((m) => body(m).seq);
        if (seqs.includes(5) && failures < 2) {
          failures++;
          throw new Error('the database is down');
        }
        handled.push(...seqs);
      });

      await eventually(() => expect(handled).toEqual(Array.from({ length: 10 }, (_, i) => i)));
      expect(failures).toBe(2);
    });

    it('delivers nothing more after a subscription stops', async () => {
      const topic = await sut.topic(1);
      const handled: number[] = [];
      const subscription = await consume(
        topic,
        sut.groupId(),
        (batch) => void handled.push(...batch.messages.map((m) => body(m).seq)),
      );
      await sut.transport.publish(topic, [message('child-1', { key: 'child-1', seq: 1 })]);
      await eventually(() => expect(handled).toEqual([1]));
      await subscription.stop();

      await sut.transport.publish(topic, [message('child-1', { key: 'child-1', seq: 2 })]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(handled).toEqual([1]);
    });
  });
}
