import { HEALTH_TOPIC } from '@samvirke/contracts';
import { syntheticPersonalIds } from '@samvirke/identity';
import { SectorHarness } from '@samvirke/write-side/testing';
import { randomUUID } from 'node:crypto';
import { createHealthApp } from '../src';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// X-Correlation-Id and X-Causation-Id travel on every event to Kafka: only a UUID may.
describe('health-service tracing headers', () => {
  const [personalId] = syntheticPersonalIds('tracing-e2e', 1);
  let harness: SectorHarness;

  beforeAll(async () => {
    harness = await SectorHarness.start(createHealthApp, {
      role: 'sector:health',
      topic: HEALTH_TOPIC,
      name: 'health_tracing',
    });
  });
  afterAll(() => harness.close());

  const admission = (admissionId: string) => ({
    admissionId,
    personalId,
    municipality: '5001',
    facility: 'St. Olavs hospital',
    kind: 'inpatient',
    admittedAt: '2026-03-02T08:15:00+01:00',
  });
  const storedTracing = async (eventId: string) => {
    const event = (await harness.storedEvents()).find((stored) => stored.event_id === eventId);
    return {
      correlationId: event?.metadata['correlationId'],
      causationId: event?.metadata['causationId'],
    };
  };

  it('keeps a UUID correlation and causation id on the event, in the store and on the topic', async () => {
    const correlationId = randomUUID();
    const causationId = randomUUID();
    const answer = await harness.post('/v1/admissions', admission('A-T1'), {
      headers: { 'x-correlation-id': correlationId, 'x-causation-id': causationId },
    });
    expect(answer.status).toBe(201);
    expect(await storedTracing(answer.body.eventId)).toEqual({ correlationId, causationId });
    const message = (await harness.messages(1)).find(
      (m) => m.headers['ce_id'] === answer.body.eventId,
    );
    expect([message?.headers['ce_correlationid'], message?.headers['ce_causationid']]).toEqual([
      correlationId,
      causationId,
    ]);
  });

  const junk = [
    ['free text', 'order 17 for Kari Nordmann'],
    ['a personal id', personalId],
    ['a UUID with more after it', `${randomUUID()}x`],
    ['markup', '<script>alert(1)</script>'],
  ];
  const junkEvents = new Map<string, string>();

  it.each(junk)(
    'ignores %s in the headers and makes a new id for the stored event',
    async (_what, value) => {
      const answer = await harness.post('/v1/admissions', admission(`A-T-${junkEvents.size}`), {
        headers: { 'x-correlation-id': value, 'x-causation-id': value },
      });
      expect(answer.status).toBe(201);
      const stored = await storedTracing(answer.body.eventId);
      expect(stored.correlationId).toMatch(UUID);
      expect(stored.causationId).toBe(stored.correlationId);
      junkEvents.set(answer.body.eventId, value);
    },
  );

  it('publishes none of that junk on the topic', async () => {
    const messages = await harness.messages(1 + junk.length);
    for (const [eventId, value] of junkEvents) {
      const message = messages.find((m) => m.headers['ce_id'] === eventId);
      expect(message?.headers['ce_correlationid']).toMatch(UUID);
      expect(JSON.stringify(message?.headers)).not.toContain(value);
    }
  });
});
