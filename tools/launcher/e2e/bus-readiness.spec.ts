import { COORDINATION_TOPIC, HEALTH_TOPIC } from '@samvirke/contracts';
import { createCoordinationApp } from '@samvirke/coordination-service';
import { createHealthApp } from '@samvirke/health-service';
import { startKafkaBroker, uniqueTopic, type RunningKafka } from '@samvirke/testing';
import { SectorHarness, type HttpAnswer } from '@samvirke/write-side/testing';

// A sector service and the coordination service on a Kafka broker of this file's own (the shared
// one of the other test files must stay up), which is stopped and started again. No writes are
// sent: readiness must see the broker go without waiting for a publish to fail.
jest.setTimeout(180_000);

/** Readiness must turn within this of the broker stopping, and back within this of its return. */
const WITHIN_MS = 10_000;

describe('readiness while the Kafka broker is away', () => {
  let kafka: RunningKafka;
  let health: SectorHarness;
  let coordination: SectorHarness;

  beforeAll(async () => {
    // kafkajs logs each failed connection to the console while the broker is away: not printed.
    for (const level of ['warn', 'error'] as const)
      jest.spyOn(console, level).mockImplementation(() => undefined);
    kafka = await startKafkaBroker();
    const env = { KAFKA_BROKERS: kafka.brokers.join(','), LOG_LEVEL: 'warn' };
    health = await SectorHarness.start(createHealthApp, {
      role: 'sector:health',
      topic: HEALTH_TOPIC,
      name: 'health_bus_readiness',
      env,
    });
    coordination = await SectorHarness.start(
      (options) =>
        createCoordinationApp({
          ...options,
          projection: {
            topics: [options.topic ?? COORDINATION_TOPIC, health.topic],
            groupId: uniqueTopic('coordination-bus-readiness'),
          },
        }),
      {
        role: 'coordinating-unit',
        topic: COORDINATION_TOPIC,
        name: 'coordination_bus_readiness',
        env,
      },
    );
  });

  afterAll(async () => {
    await coordination?.close();
    await health?.close();
    await kafka?.stop();
    jest.restoreAllMocks();
  });

  const ready = (service: SectorHarness) => service.request('GET', '/health/ready');

  /** Polls both services' readiness until `until` holds for each; answers how long each took and its answer then. */
  async function watch(until: (answer: HttpAnswer) => boolean, timeoutMs: number) {
    const started = Date.now();
    const seen: Record<'health' | 'coordination', { ms: number; answer: HttpAnswer } | undefined> =
      { health: undefined, coordination: undefined };
    while ((!seen.health || !seen.coordination) && Date.now() - started < timeoutMs) {
      for (const [name, service] of [
        ['health', health],
        ['coordination', coordination],
      ] as const) {
        if (seen[name]) continue;
        const answer = await ready(service);
        if (until(answer)) seen[name] = { ms: Date.now() - started, answer };
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return seen;
  }

  it('turns 503 naming the bus within seconds of the broker stopping, in a sector service and in coordination, and 200 by itself once it is back', async () => {
    expect(await watch((a) => a.status === 200, 30_000)).toMatchObject({
      health: { answer: { status: 200 } },
      coordination: { answer: { status: 200 } },
    });
    for (const service of [health, coordination])
      expect((await ready(service)).body.checks.bus).toEqual({ status: 'up' });

    const stopping = Date.now();
    await kafka.stopServer();
    const stopMs = Date.now() - stopping;
    const down = await watch((a) => a.status === 503, WITHIN_MS + 5_000);
    await kafka.startServer();
    const back = await watch((a) => a.status === 200, WITHIN_MS + 20_000);
    process.stdout.write(
      `\n[bus-readiness] the broker's stop took ${stopMs} ms; 503 after it stopped: health ${down.health?.ms} ms, coordination ${down.coordination?.ms} ms; ` +
        `200 after it started: health ${back.health?.ms} ms, coordination ${back.coordination?.ms} ms\n`,
    );

    for (const name of ['health', 'coordination'] as const) {
      const answer = down[name]?.answer;
      // The problem names the check and shows no more: not the broker's address, not kafkajs's error.
      expect(answer?.status).toBe(503);
      expect(answer?.body).toMatchObject({
        detail: expect.stringContaining('bus'),
        checks: { bus: { status: 'down', reason: 'failed' } },
      });
      expect(JSON.stringify(answer?.body)).not.toContain(kafka.brokers[0].split(':')[1]);
      expect(JSON.stringify(answer?.body)).not.toMatch(/kafka|ECONNREFUSED|127\.0\.0\.1/i);
      expect(down[name]?.ms).toBeLessThanOrEqual(WITHIN_MS);
      expect(back[name]?.answer.status).toBe(200);
      expect(back[name]?.ms).toBeLessThanOrEqual(WITHIN_MS);
    }
  });
});
