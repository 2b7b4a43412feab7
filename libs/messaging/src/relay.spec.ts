import { fromKafkaMessage, type EventEnvelope } from '@samvirke/contracts';
import type { EventStore } from '@samvirke/event-sourcing';
import { InMemoryEventStore } from '@samvirke/event-sourcing/testing';
import { DLQ_HEADERS } from './dead-letter';
import { envelopeOf, eventToAppend } from './envelope-mapping';
import { InProcessBus } from './in-process-bus';
import { silentLogger } from './logger';
import { Relay, type RelayOptions } from './relay';
import { appendFollowUps, followUp, longExtension, seqOf } from './testing/events';
import { eventually } from '@samvirke/testing';
import type { ReceivedMessage } from './transport';

const TOPIC = 'health.events.v1';
const byId = (a: EventEnvelope, b: EventEnvelope) => a.id.localeCompare(b.id);

describe('the relay', () => {
  let bus: InProcessBus;
  let store: InMemoryEventStore;
  let received: ReceivedMessage[];
  const relays: Relay[] = [];

  const relay = (options: Partial<RelayOptions> = {}) => {
    const r = new Relay({
      name: 'relay:health',
      store,
      transport: bus,
      topic: TOPIC,
      batchSize: 7,
      pollIntervalMs: 20,
      logger: silentLogger,
      backoff: { initialMs: 5, maxMs: 20 },
      ...options,
    });
    relays.push(r);
    return r;
  };
  const envelopes = (): EventEnvelope[] =>
    received.filter((m) => m.topic === TOPIC).map((m) => fromKafkaMessage(m));

  beforeEach(async () => {
    bus = new InProcessBus({ logger: silentLogger });
    store = new InMemoryEventStore();
    received = [];
    await bus.subscribe({
      groupId: 'observer',
      topics: [TOPIC, `${TOPIC}.dlq`],
      handler: async (batch) => void received.push(...batch.messages),
    });
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await bus.close();
  });

  it('publishes every stored event as its envelope, keyed by the child, in each child’s order', async () => {
    await appendFollowUps(store, 5, 6, 2);
    relay().start();

    await eventually(() => expect(envelopes()).toHaveLength(30));
    const byChild = new Map<string, number[]>();
    for (const envelope of envelopes())
      byChild.set(envelope.subject, [...(byChild.get(envelope.subject) ?? []), seqOf(envelope)]);
    expect([...byChild.values()]).toEqual(Array.from({ length: 5 }, () => [1, 2, 3, 4, 5, 6]));
    expect(received.every((m) => m.key === m.headers['ce_subject'])).toBe(true);
    const { events } = await store.readAll(null, 100);
    expect(envelopes().sort(byId)).toEqual(events.map(envelopeOf).sort(byId));
  });

  it('stores its checkpoint after the batch is acknowledged, so a new relay goes on from there', async () => {
    await appendFollowUps(store, 2, 5);
    const first = relay();
    expect(await first.relayBatch()).toBe(7);
    expect(await store.loadCheckpoint('relay:health')).toBe(first.status().checkpoint);

    const second = relay();
    expect(await second.relayBatch()).toBe(3);
    expect(await second.relayBatch()).toBe(0);
    await eventually(() => expect(new Set(envelopes().map((e) => e.id)).size).toBe(10));
    expect(envelopes()).toHaveLength(10);
  });

  it('keeps its checkpoint when the bus refuses a batch, and publishes the batch once the bus is back', async () => {
    await appendFollowUps(store, 1, 3);
    let down = true;
    const flaky = {
      publish: async (topic: string, messages: Parameters<InProcessBus['publish']>[1]) =>
        down ? Promise.reject(new Error('broker down')) : bus.publish(topic, messages),
    };
    const r = relay({ transport: flaky });
    r.start();

    await eventually(() => expect(r.status().lastError).toMatch(/broker down/));
    expect(await store.loadCheckpoint('relay:health')).toBeNull();
    down = false;
    await eventually(() => expect(envelopes()).toHaveLength(3));
    await eventually(() => expect(r.status().lastError).toBeUndefined());
    // An outage is waited out, never dead-lettered.
    expect(received.filter((m) => m.topic === `${TOPIC}.dlq`)).toEqual([]);
    expect(r.status().deadLettered).toBe(0);
  });

  it('publishes a batch again when it could not store the checkpoint after the acknowledgement', async () => {
    await appendFollowUps(store, 1, 3);
    let failNext = true;
    const forgetful: EventStore = Object.assign(Object.create(store) as EventStore, {
      storeCheckpoint: async (name: string, checkpoint: string) => {
        if (failNext) {
          failNext = false;
          throw new Error('connection reset');
        }
        return store.storeCheckpoint(name, checkpoint);
      },
    });
    relay({ store: forgetful }).start();

    await eventually(() => expect(envelopes()).toHaveLength(6));
    expect(envelopes().map(seqOf)).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it('sends a stored event that breaks the contract to the dead-letter topic and goes on', async () => {
    const broken = eventToAppend(followUp('ref-1', 1));
    await store.appendToStream('child-1', 0, [
      { ...broken, metadata: { ...broken.metadata, municipality: 'Oslo' } },
    ]);
    await store.appendToStream('child-1', 1, [eventToAppend(followUp('ref-1', 2))]);
    const r = relay();
    r.start();

    await eventually(() => expect(received).toHaveLength(2));
    const letter = received.find((m) => m.topic === `${TOPIC}.dlq`);
    expect(letter?.headers[DLQ_HEADERS.reason]).toMatch(/municipality/);
    expect(letter?.headers[DLQ_HEADERS.streamId]).toBe('child-1');
    expect(JSON.parse(String(letter?.value))).toMatchObject({ eventId: broken.eventId });
    expect(envelopes().map(seqOf)).toEqual([2]);
    expect(r.status()).toMatchObject({ published: 2, deadLettered: 1 });
  });

  it('parks a stored event the bus refuses as too large on the dead-letter topic without its data, and publishes the others in order', async () => {
    const small = new InProcessBus({ logger: silentLogger, maxMessageBytes: 1_500 });
    const seen: ReceivedMessage[] = [];
    await small.subscribe({
      groupId: 'observer',
      topics: [TOPIC, `${TOPIC}.dlq`],
      handler: async (batch) => void seen.push(...batch.messages),
    });
    const large = longExtension('ref-1');
    await store.appendToStream(
      'child-1',
      0,
      [1, 2, 3].map((seq) => eventToAppend(followUp('ref-1', seq))),
    );
    await store.appendToStream('child-1', 3, [eventToAppend(large)]);
    await store.appendToStream(
      'child-1',
      4,
      [4, 5, 6].map((seq) => eventToAppend(followUp('ref-1', seq))),
    );
    const letters: Array<{ topic: string; code: string }> = [];
    const r = relay({
      transport: small,
      onDeadLettered: ({ topic, code }) => void letters.push({ topic, code }),
    });
    r.start();

    try {
      await eventually(() => expect(seen).toHaveLength(7));
      expect(seen.filter((m) => m.topic === TOPIC).map((m) => seqOf(fromKafkaMessage(m)))).toEqual([
        1, 2, 3, 4, 5, 6,
      ]);
      const letter = seen.find((m) => m.topic === `${TOPIC}.dlq`);
      expect(letter?.headers[DLQ_HEADERS.code]).toBe('refused-by-bus');
      expect(letter?.headers[DLQ_HEADERS.reason]).toMatch(/MESSAGE_TOO_LARGE/);
      expect(letter?.headers[DLQ_HEADERS.streamVersion]).toBe('4');
      expect(JSON.parse(String(letter?.value))).toMatchObject({
        eventId: large.id,
        type: large.type,
        data: null,
      });
      expect(letters).toEqual([{ topic: TOPIC, code: 'refused-by-bus' }]);
      await eventually(() => expect(r.status()).toMatchObject({ published: 7, deadLettered: 1 }));
      expect(r.status().lastError).toBeUndefined();
    } finally {
      await r.stop();
      await small.close();
    }
  });

  it('publishes at once when notified, without waiting for the next poll', async () => {
    const r = relay({ pollIntervalMs: 60_000 });
    r.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await appendFollowUps(store, 1, 1);
    const notifiedAt = Date.now();
    r.notify();

    await eventually(() => expect(envelopes()).toHaveLength(1));
    expect(Date.now() - notifiedAt).toBeLessThan(1_000);
  });

  it('stops cleanly with nothing in flight, and publishes nothing after', async () => {
    const r = relay();
    r.start();
    await r.stop();
    await appendFollowUps(store, 1, 1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(received).toHaveLength(0);
    expect(r.status().running).toBe(false);
  });
});
