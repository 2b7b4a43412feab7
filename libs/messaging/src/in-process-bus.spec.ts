import { InProcessBus, partitionFor } from './in-process-bus';
import { silentLogger } from './logger';
import { describeTransportContract } from './testing/transport-contract';
import { eventually } from '@samvirke/testing';

let n = 0;
describeTransportContract('the in-process bus', async () => {
  const bus = new InProcessBus({
    logger: silentLogger,
    backoff: { initialMs: 5, maxMs: 20 },
    maxBatchSize: 7,
  });
  return {
    transport: bus,
    topic: async (partitions = 3) => {
      const topic = `topic-${++n}`;
      bus.createTopic(topic, partitions);
      return topic;
    },
    groupId: () => `group-${++n}`,
  };
});

describe('the in-process bus', () => {
  it('maps a key to the same partition every time', () => {
    expect(partitionFor('child-1', 3)).toBe(partitionFor('child-1', 3));
    const spread = new Set(Array.from({ length: 50 }, (_, i) => partitionFor(`child-${i}`, 3)));
    expect(spread).toEqual(new Set([0, 1, 2]));
  });

  it('refuses a second member in a busy consumer group', async () => {
    const bus = new InProcessBus({ logger: silentLogger });
    const subscription = await bus.subscribe({
      groupId: 'g',
      topics: ['t'],
      handler: async () => undefined,
    });
    await expect(
      bus.subscribe({ groupId: 'g', topics: ['t'], handler: async () => undefined }),
    ).rejects.toThrow(/already has a member/);
    await subscription.stop();
    await bus.close();
  });

  it('starts a group at the end of the log when it is not to read from the beginning', async () => {
    const bus = new InProcessBus({ logger: silentLogger });
    await bus.publish('t', [{ key: 'k', value: Buffer.from('old'), headers: {} }]);
    const seen: string[] = [];
    const subscription = await bus.subscribe({
      groupId: 'g',
      topics: ['t'],
      fromBeginning: false,
      handler: async (batch) => void seen.push(...batch.messages.map((m) => String(m.value))),
    });
    await bus.publish('t', [{ key: 'k', value: Buffer.from('new'), headers: {} }]);
    await eventually(() => expect(seen).toEqual(['new']));
    await subscription.stop();
    await bus.close();
  });

  it('refuses to publish once closed', async () => {
    const bus = new InProcessBus({ logger: silentLogger });
    await bus.close();
    await expect(bus.publish('t', [])).rejects.toThrow(/closed/);
  });
});
