import type { NestExpressApplication } from '@nestjs/platform-express';
import { ALL_TOPICS, dlqTopic } from '@samvirke/contracts';
import { CoordinationConfig, createCoordinationApp } from '@samvirke/coordination-service';
import { createHealthApp } from '@samvirke/health-service';
import { syntheticPersonalIds } from '@samvirke/identity';
import { loadConfig, signDemoToken, TEST_JWT_SECRET } from '@samvirke/platform';
import {
  createDatabase,
  createTopics,
  eventually,
  LogCapture,
  startEmbeddedPostgres,
  startKafkaBroker,
  type RunningKafka,
  type RunningPostgres,
} from '@samvirke/testing';
import { WriteSideConfig } from '@samvirke/write-side';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';

// A sector system writing steadily to the health service while PostgreSQL, and then the Kafka
// broker, is stopped for 10 s and started again, with the coordination service projecting the
// topic. Servers of its own: the shared ones of the other test files must stay up.
jest.setTimeout(300_000);

const MUNICIPALITY = '5001';
const CHILDREN = 6;
const WRITES_PER_SECOND = 20;
const MAX_WRITES = 2_000;
const OUTAGE_MS = 10_000;
const STEADY_MS = 3_000;
const REQUEST_TIMEOUT_MS = 10_000;
// Kafka consumers' session timeout is 10 s (KafkaTransport); the broker waits that out before the projection resumes.
const PROJECTION_RESUMES_WITHIN_MS = 25_000;
// Readiness looks at the broker at most every 2 s (KafkaTransport's probe), each look bounded by 1.5 s.
const BUS_UNREADY_WITHIN_MS = 10_000;

type Window = 'steady' | 'PostgreSQL down' | 'Kafka down';
const WINDOWS: Window[] = ['steady', 'PostgreSQL down', 'Kafka down'];

interface Answer {
  /** 0: no answer (refused, reset, or timed out). */
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reads whatever came back
  body: any;
}

/** One write the load sent: what, with which key, when, and its answer. */
interface Write {
  id: string;
  path: string;
  body: Record<string, unknown>;
  key: string;
  window: Window;
  answer?: Answer;
  retry?: Answer;
}

async function call(
  url: string,
  options: { method?: string; token?: string; key?: string; body?: unknown } = {},
): Promise<Answer> {
  try {
    const response = await fetch(url, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.key ? { 'idempotency-key': options.key } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body };
  } catch {
    return { status: 0, headers: new Headers(), body: undefined };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A 503 as the contract wants it: problem+json, with Retry-After. */
const isProperUnavailable = (answer: Answer) =>
  answer.status === 503 &&
  /^\d+$/.test(answer.headers.get('retry-after') ?? '') &&
  (answer.headers.get('content-type') ?? '').startsWith('application/problem+json');

describe('writes under a steady load while PostgreSQL, then Kafka, is down for 10 s', () => {
  const personalIds = syntheticPersonalIds('outages-e2e', CHILDREN);
  const run = randomBytes(3).toString('hex');
  const logs = new LogCapture();
  const messagingLog: string[] = [];
  let postgres: RunningPostgres;
  let kafka: RunningKafka;
  let coordination: NestExpressApplication | undefined;
  let health: NestExpressApplication | undefined;
  let readModel: Pool;
  let healthUrl = '';
  let coordinationUrl = '';
  const tokens = { sector: '', unit: '', kari: '' };

  beforeAll(async () => {
    // The relay and consumer log each failed attempt to the console: kept, not printed.
    for (const level of ['warn', 'error'] as const) {
      jest
        .spyOn(console, level)
        .mockImplementation(
          (...args: unknown[]) => void messagingLog.push(args.map(String).join(' ')),
        );
    }
    [postgres, kafka] = await Promise.all([startEmbeddedPostgres(), startKafkaBroker()]);
    await createTopics(kafka.brokers, [...ALL_TOPICS], 3);
    await createTopics(kafka.brokers, ALL_TOPICS.map(dlqTopic), 1);
    const shared = {
      SAMVIRKE_JWT_SECRET: TEST_JWT_SECRET,
      SAMVIRKE_CHILDREF_KEY: randomBytes(32).toString('base64'),
      SAMVIRKE_KEYRING_MASTER_KEY: randomBytes(32).toString('base64'),
      BUS: 'kafka',
      KAFKA_BROKERS: kafka.brokers.join(','),
      LOG_LEVEL: 'warn',
    };
    const coordinationConfig = loadConfig(CoordinationConfig, {
      ...shared,
      DATABASE_URL: await createDatabase(postgres.url, 'coordination'),
    });
    const healthConfig = loadConfig(WriteSideConfig, {
      ...shared,
      DATABASE_URL: await createDatabase(postgres.url, 'health'),
    });
    readModel = new Pool({ connectionString: coordinationConfig.DATABASE_URL, max: 2 });
    readModel.on('error', () => undefined);
    // As `npm run start:kafka` runs them: coordination first, so its group is there before the first event.
    coordination = await createCoordinationApp({
      config: coordinationConfig,
      logDestination: logs,
      relay: { pollIntervalMs: 50 },
      scheduler: { pollIntervalMs: 500 },
    });
    await coordination.listen(0, '127.0.0.1');
    coordinationUrl = `http://127.0.0.1:${(coordination.getHttpServer().address() as { port: number }).port}`;
    health = await createHealthApp({
      config: healthConfig,
      logDestination: logs,
      relay: { pollIntervalMs: 50 },
    });
    await health.listen(0, '127.0.0.1');
    healthUrl = `http://127.0.0.1:${(health.getHttpServer().address() as { port: number }).port}`;
    tokens.sector = await signDemoToken(
      { sub: 'dips-st-olav', roles: ['sector:health'] },
      TEST_JWT_SECRET,
      '1h',
    );
    tokens.unit = await signDemoToken(
      { sub: 'ke-5001', roles: ['coordinating-unit'], municipality: MUNICIPALITY },
      TEST_JWT_SECRET,
      '1h',
    );
    tokens.kari = await signDemoToken(
      { sub: 'coord-kari', roles: ['coordinator'], municipality: MUNICIPALITY },
      TEST_JWT_SECRET,
      '1h',
    );
  });

  afterAll(async () => {
    await health?.close();
    await coordination?.close();
    await readModel?.end();
    await Promise.all([postgres?.stop(), kafka?.stop()]);
    jest.restoreAllMocks();
  });

  /** The children, enrolled with Kari as coordinator and a consent to health details, so her timeline shows each write's own id. */
  async function enrolChildren(): Promise<string[]> {
    const childRefs: string[] = [];
    for (const [n, personalId] of personalIds.entries()) {
      const enrolled = await call(`${coordinationUrl}/v1/children`, {
        token: tokens.unit,
        body: { personalId, name: `Barn ${n}`, municipality: MUNICIPALITY },
      });
      expect(enrolled.status).toBe(201);
      const childRef: string = enrolled.body.childRef;
      childRefs.push(childRef);
      const assigned = await call(`${coordinationUrl}/v1/children/${childRef}/coordinator`, {
        method: 'PUT',
        token: tokens.unit,
        body: { coordinatorId: 'coord-kari', assignedAt: '2026-11-02T09:00:00+01:00' },
      });
      expect(assigned.status).toBe(201);
      await eventually(async () => {
        const consent = await call(`${coordinationUrl}/v1/children/${childRef}/consents`, {
          token: tokens.kari,
          body: { sectors: ['health'], givenBy: 'parent', givenAt: '2026-11-02T10:00:00+01:00' },
        });
        expect(consent.status).toBe(201);
      });
    }
    return childRefs;
  }

  /** The steady load: a write every 1000/WRITES_PER_SECOND ms, each with its own Idempotency-Key, alternately an admission and a follow-up. */
  function startLoad() {
    const writes: Write[] = [];
    const answering = new Set<Promise<void>>();
    const state = { window: 'steady' as Window, stopped: false };
    const send = (write: Write) => {
      const answered = call(`${healthUrl}${write.path}`, {
        token: tokens.sector,
        key: write.key,
        body: write.body,
      }).then((answer) => {
        write.answer = answer;
        answering.delete(answered);
      });
      answering.add(answered);
    };
    const loop = (async () => {
      const started = Date.now();
      for (let i = 0; i < MAX_WRITES && !state.stopped; i++) {
        const personalId = personalIds[i % CHILDREN];
        const occurredAt = new Date(Date.parse('2026-11-03T08:00:00+01:00') + i * 60_000)
          .toISOString()
          .replace('Z', '+00:00');
        const id = `${i % 2 === 0 ? 'adm' : 'fu'}-${run}-${i}`;
        const write: Write =
          i % 2 === 0
            ? {
                id,
                path: '/v1/admissions',
                key: `key-${id}`,
                window: state.window,
                body: {
                  admissionId: id,
                  personalId,
                  municipality: MUNICIPALITY,
                  facility: 'St. Olavs hospital',
                  kind: 'day',
                  admittedAt: occurredAt,
                },
              }
            : {
                id,
                path: '/v1/follow-ups',
                key: `key-${id}`,
                window: state.window,
                body: {
                  followUpId: id,
                  personalId,
                  municipality: MUNICIPALITY,
                  kind: 'gp',
                  occurredAt,
                },
              };
        writes.push(write);
        send(write);
        await sleep(Math.max(0, started + ((i + 1) * 1000) / WRITES_PER_SECOND - Date.now()));
      }
    })();
    return {
      writes,
      state,
      async stop() {
        state.stopped = true;
        await loop;
        while (answering.size > 0) await Promise.all([...answering]);
      },
    };
  }

  /** Stops a server for OUTAGE_MS and starts it again, polling meanwhile what an operator and a coordinator see. */
  async function outage(server: { stopServer(): Promise<void>; startServer(): Promise<void> }) {
    await server.stopServer();
    const down = Date.now();
    let back = false;
    const restart = sleep(OUTAGE_MS)
      .then(() => server.startServer())
      .finally(() => (back = true));
    const seen = {
      healthReady: new Set<number>(),
      coordinationReady: new Set<number>(),
      coordinationReads: [] as Answer[],
      /** When each service's readiness first named the bus as down, in ms after the stop. */
      busDownAfterMs: {
        health: undefined as number | undefined,
        coordination: undefined as number | undefined,
      },
    };
    while (!back) {
      const [healthReady, coordinationReady, read] = await Promise.all([
        call(`${healthUrl}/health/ready`),
        call(`${coordinationUrl}/health/ready`),
        call(`${coordinationUrl}/v1/children`, { token: tokens.unit }),
      ]);
      seen.healthReady.add(healthReady.status);
      seen.coordinationReady.add(coordinationReady.status);
      seen.coordinationReads.push(read);
      const busDown = (ready: Answer) =>
        ready.status === 503 && ready.body?.checks?.bus?.status === 'down';
      seen.busDownAfterMs.health ??= busDown(healthReady) ? Date.now() - down : undefined;
      seen.busDownAfterMs.coordination ??= busDown(coordinationReady)
        ? Date.now() - down
        : undefined;
      await Promise.race([sleep(500), restart]);
    }
    await restart;
    return { ...seen, downMs: Date.now() - down };
  }

  /** Waits until both services are ready again, by themselves; answers how long it took. */
  async function bothReady(): Promise<number> {
    const started = Date.now();
    await eventually(
      async () => {
        expect((await call(`${healthUrl}/health/ready`)).status).toBe(200);
        expect((await call(`${coordinationUrl}/health/ready`)).status).toBe(200);
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    return Date.now() - started;
  }

  /** Waits until every acknowledged write so far is in the read model (relay and projection resumed); answers how long it took. */
  async function projected(writes: Write[]): Promise<number> {
    const started = Date.now();
    const eventIds = writes
      .filter((w) => w.answer?.status === 201)
      .map((w) => w.answer?.body.eventId as string);
    await eventually(
      async () => {
        const { rows } = await readModel.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM read_model.timeline_entries WHERE event_id = ANY($1)',
          [eventIds],
        );
        expect(rows[0].n).toBe(eventIds.length);
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    return Date.now() - started;
  }

  /** How many times each write's own id is on its child's timeline, as Kari reads it through the API. */
  async function timelineCounts(childRefs: string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const childRef of childRefs) {
      let cursor: string | null = null;
      do {
        const query = `sector=health&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const page = await call(`${coordinationUrl}/v1/children/${childRef}/timeline?${query}`, {
          token: tokens.kari,
        });
        expect(page.status).toBe(200);
        for (const entry of page.body.entries as Array<{
          details?: { admissionId?: string; followUpId?: string };
        }>) {
          const id = entry.details?.admissionId ?? entry.details?.followUpId;
          if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
        }
        cursor = page.body.nextCursor;
      } while (cursor);
    }
    return counts;
  }

  it('loses, doubles and answers 500 to none of the acknowledged writes, and resumes by itself after each outage', async () => {
    const childRefs = await enrolChildren();
    const load = startLoad();
    await sleep(STEADY_MS);

    // PostgreSQL: writes and reads answer 503 with Retry-After, readiness goes 503.
    load.state.window = 'PostgreSQL down';
    const duringPostgres = await outage(postgres);
    load.state.window = 'steady';
    const readyAfterPostgres = await bothReady();
    const projectedAfterPostgres = await projected(load.writes);
    // The idempotency records survived: a retry of a write acknowledged before the outage is its first answer again.
    const early = load.writes.find(
      (w) => w.window === 'steady' && w.answer?.status === 201,
    ) as Write;
    const replay = await call(`${healthUrl}${early.path}`, {
      token: tokens.sector,
      key: early.key,
      body: early.body,
    });

    // Kafka: the sector service still takes writes (its store is PostgreSQL), coordination still reads.
    await sleep(STEADY_MS);
    load.state.window = 'Kafka down';
    const duringKafka = await outage(kafka);
    load.state.window = 'steady';
    const resumedAfterKafka = await projected(load.writes);
    const readyAfterKafka = await bothReady();
    await sleep(STEADY_MS);
    await load.stop();
    const projectedAfterKafka = await projected(load.writes);

    // What came back, per window. Then the sector system retries what was not acknowledged, with the same key.
    const { writes } = load;
    const acknowledged = writes.filter((w) => w.answer?.status === 201);
    const firstCounts = await timelineCounts(childRefs);
    for (const write of writes.filter((w) => w.answer?.status !== 201)) {
      write.retry = await call(`${healthUrl}${write.path}`, {
        token: tokens.sector,
        key: write.key,
        body: write.body,
      });
    }
    await projected(
      writes
        .map((w) => ({ ...w, answer: w.retry ?? w.answer }))
        .filter((w) => w.answer?.status === 201),
    );
    const finalCounts = await eventually(async () => {
      const counts = await timelineCounts(childRefs);
      expect(writes.filter((w) => counts.get(w.id) !== 1).map((w) => w.id)).toEqual([]);
      return counts;
    }).catch(() => timelineCounts(childRefs));
    const notOnce = writes.filter((w) => finalCounts.get(w.id) !== 1);

    const rows = WINDOWS.map((window) => {
      const sent = writes.filter((w) => w.window === window);
      const status = (s: number) => sent.filter((w) => w.answer?.status === s).length;
      return {
        window,
        sent: sent.length,
        '201': status(201),
        '503': status(503),
        '500': status(500),
        other: sent.length - status(201) - status(503),
        lost: sent.filter((w) => w.answer?.status === 201 && (firstCounts.get(w.id) ?? 0) === 0)
          .length,
        doubled: sent.filter((w) => (finalCounts.get(w.id) ?? 0) > 1).length,
      };
    });
    const lost = acknowledged.filter((w) => (firstCounts.get(w.id) ?? 0) === 0).length;
    const doubled = writes.filter((w) => (finalCounts.get(w.id) ?? 0) > 1).length;
    const retried = writes.filter((w) => w.retry);
    const unavailable = writes.filter((w) => w.answer?.status === 503);
    process.stdout.write(
      [
        '',
        `[outages] ${writes.length} writes at ${WRITES_PER_SECOND}/s; PostgreSQL and Kafka each down ${OUTAGE_MS / 1000} s`,
        `[outages]   by when sent:`,
        ...rows.map(
          (r) =>
            `[outages]   ${r.window.padEnd(16)} sent ${String(r.sent).padStart(4)}  201 ${String(r['201']).padStart(4)}  503 ${String(r['503']).padStart(4)}  500 ${r['500']}  other ${r.other}  lost ${r.lost}  doubled ${r.doubled}`,
        ),
        `[outages]   acknowledged (201) ${acknowledged.length}: lost ${lost}, doubled ${doubled}; 503s with Retry-After and problem+json ${unavailable.filter((w) => isProperUnavailable(w.answer as Answer)).length}/${unavailable.length}`,
        `[outages]   retried with the same key ${retried.length}: 201 ${retried.filter((w) => w.retry?.status === 201).length}, 200 (recorded after all) ${retried.filter((w) => w.retry?.status === 200).length}`,
        `[outages]   PostgreSQL: down ${duringPostgres.downMs} ms (stopped to started), ready again after ${readyAfterPostgres} ms, projected after ${projectedAfterPostgres} ms more; readiness seen health ${[...duringPostgres.healthReady]}, coordination ${[...duringPostgres.coordinationReady]}`,
        `[outages]   Kafka: down ${duringKafka.downMs} ms (stopped to started), projection caught up ${resumedAfterKafka} ms after, ready ${readyAfterKafka} ms later, projected ${projectedAfterKafka} ms after the load stopped; readiness seen health ${[...duringKafka.healthReady]}, coordination ${[...duringKafka.coordinationReady]}; bus down after health ${duringKafka.busDownAfterMs.health} ms, coordination ${duringKafka.busDownAfterMs.coordination} ms`,
        `[outages]   relay and consumer log lines while down: ${messagingLog.length}`,
        ...notOnce.map(
          (w) =>
            `[outages]   NOT ONCE ${w.id} (${w.window}) ×${finalCounts.get(w.id) ?? 0}: ${w.answer?.status} ${JSON.stringify(w.answer?.body)} → retry ${w.retry?.status} ${JSON.stringify(w.retry?.body)}`,
        ),
        '',
      ].join('\n'),
    );

    // Nothing acknowledged is lost or doubled, nothing is a 500, every 503 says when to come back.
    expect({ lost, doubled }).toEqual({ lost: 0, doubled: 0 });
    expect(notOnce.map((w) => w.id)).toEqual([]);
    expect(rows.map((r) => [r.window, r['500'], r.other])).toEqual(WINDOWS.map((w) => [w, 0, 0]));
    expect(
      unavailable.filter((w) => !isProperUnavailable(w.answer as Answer)).map((w) => w.id),
    ).toEqual([]);
    expect(
      retried
        .filter((w) => w.retry?.status !== 201 && w.retry?.status !== 200)
        .map((w) => [w.id, w.retry?.status]),
    ).toEqual([]);

    // PostgreSQL down: writes were refused with 503, not held; reads too; readiness said so.
    expect(rows[1]['503']).toBeGreaterThan(0);
    expect(duringPostgres.healthReady.has(503) && duringPostgres.coordinationReady.has(503)).toBe(
      true,
    );
    expect(
      duringPostgres.coordinationReads
        .filter((read) => read.status !== 200 && !isProperUnavailable(read))
        .map((read) => read.status),
    ).toEqual([]);
    expect(replay).toMatchObject({ status: 200, body: early.answer?.body });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');

    // Kafka down: every write was taken, coordination's reads answered; both readinesses named the bus
    // within seconds (bothReady saw them 200 again after); then the timelines caught up within seconds.
    expect(rows[2]['201']).toBe(rows[2].sent);
    expect(
      duringKafka.coordinationReads.map((read) => read.status).filter((status) => status !== 200),
    ).toEqual([]);
    expect(duringKafka.busDownAfterMs.health).toBeLessThanOrEqual(BUS_UNREADY_WITHIN_MS);
    expect(duringKafka.busDownAfterMs.coordination).toBeLessThanOrEqual(BUS_UNREADY_WITHIN_MS);
    expect(resumedAfterKafka).toBeLessThan(PROJECTION_RESUMES_WITHIN_MS);
  });
});
