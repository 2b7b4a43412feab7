/**
 * bench/sector-write: the health service's write path under load, over HTTP.
 *
 *   node -r @swc-node/register bench/sector-write/run.ts
 *   BENCH_SECONDS=20 BENCH_ROUNDS=2 BENCH_CONCURRENCY=32 (the defaults)
 *
 * Starts an embedded PostgreSQL and a Kafka broker, runs the health service as its own
 * process (as in production: PostgreSQL event store, relay to Kafka), and in each round
 * drives it with closed-loop clients: first `GET /health/live` (the baseline: the same HTTP
 * stack, auth-free, no database), then `POST /v1/admissions` (validation, JWT, idempotency
 * key claim, childRef, sealing the personal id, decide, append, relay). Beside the rates, the
 * CPU per request of the service process and of PostgreSQL: on shared cores a rate is mostly
 * the share a process got, CPU per request moves less.
 */
import { signDemoToken } from '@samvirke/platform';
import { TOPICS } from '@samvirke/contracts';
import { syntheticPersonalIds } from '@samvirke/identity';
import {
  createDatabase,
  createTopics,
  describeHost,
  kafkaVersion,
  postgresCpuSeconds,
  processCpuSeconds,
  startEmbeddedPostgres,
  startKafkaBroker,
  waitFor,
} from '@samvirke/testing';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { runLoad, type LoadResult } from './load';

const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 32);
const profile = process.env.BENCH_PROFILE === '1';
const root = join(__dirname, '..', '..');
const secret = randomBytes(32).toString('base64');

async function main() {
  const loadBefore = loadavg()[0];
  const [pg, kafka] = await Promise.all([startEmbeddedPostgres(), startKafkaBroker()]);
  const databaseUrl = await createDatabase(pg.url, 'bench_sector_write');
  // The service publishes on its own topic and hears erasures on the coordination topic.
  await createTopics(kafka.brokers, [TOPICS.health], 3);
  await createTopics(kafka.brokers, [TOPICS.coordination], 1);
  const port = 3900 + Math.floor(Math.random() * 90);
  const service = spawn(
    process.execPath,
    [
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${join(__dirname, 'profile.tmp')}`] : []),
      '-r',
      '@swc-node/register',
      'services/health-service/src/main.ts',
    ],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        SAMVIRKE_JWT_SECRET: secret,
        SAMVIRKE_CHILDREF_KEY: randomBytes(32).toString('base64'),
        SAMVIRKE_KEYRING_MASTER_KEY: randomBytes(32).toString('base64'),
        BUS: 'kafka',
        KAFKA_BROKERS: kafka.brokers.join(','),
        LOG_LEVEL: 'info',
      },
    },
  );
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      'the health service',
      async () => ((await fetch(`${base}/health/ready`)).ok ? true : undefined),
      { timeoutMs: 60_000 },
    );
    const token = await signDemoToken(
      { sub: 'bench-hospital', roles: ['sector:health'] },
      secret,
      '1h',
    );
    const ids = syntheticPersonalIds('bench-sector-write', 2000);
    const run = randomBytes(3).toString('hex');
    const write = (n: number) => ({
      body: JSON.stringify({
        admissionId: `bench-${run}-${n}`,
        personalId: ids[n % ids.length],
        municipality: '0301',
        facility: 'Oslo universitetssykehus, Rikshospitalet',
        kind: 'inpatient',
        admittedAt: '2026-03-02T08:15:00+01:00',
      }),
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': `bench-${run}-${n}` },
    });
    let offset = 0;
    const writes = (s: number) => {
      const start = offset;
      offset += 10_000_000;
      return withCpu(() =>
        runLoad({
          url: `${base}/v1/admissions`,
          method: 'POST',
          concurrency,
          seconds: s,
          expectStatus: 201,
          next: (n) => write(start + n),
        }),
      );
    };
    const live = (s: number) =>
      withCpu(() =>
        runLoad({
          url: `${base}/health/live`,
          method: 'GET',
          concurrency,
          seconds: s,
          expectStatus: 200,
        }),
      );
    const servicePid = service.pid;
    if (servicePid === undefined) throw new Error('the health service did not start');
    const withCpu = async (load: () => Promise<LoadResult>): Promise<Round> => {
      const serviceBefore = processCpuSeconds(servicePid);
      const postgresBefore = postgresCpuSeconds();
      const result = await load();
      const perRequest = (seconds: number) =>
        Math.round((seconds * 1e6) / Math.max(1, result.requests));
      return {
        ...result,
        serviceCpuUsPerRequest: perRequest(processCpuSeconds(servicePid) - serviceBefore),
        postgresCpuUsPerRequest: perRequest(postgresCpuSeconds() - postgresBefore),
      };
    };

    process.stdout.write('warming up (5 s each)\n');
    await live(5);
    const warm = await writes(5);
    const baseline: Round[] = [];
    const measured: Round[] = [];
    for (let r = 1; r <= rounds; r++) {
      baseline.push(await live(seconds));
      measured.push(await writes(seconds));
      const [b, m] = [baseline[r - 1], measured[r - 1]];
      process.stdout.write(
        `round ${r}: live ${b.perSecond.toFixed(0)}/s (CPU ${b.serviceCpuUsPerRequest} µs), writes ${m.perSecond.toFixed(0)}/s p99 ${m.p99Ms.toFixed(1)} ms (CPU ${m.serviceCpuUsPerRequest} µs + PostgreSQL ${m.postgresCpuUsPerRequest} µs)\n`,
      );
    }

    // Every 201 is one stored event, and the relay publishes every stored event.
    const created = [warm, ...measured].reduce((sum, r) => sum + r.requests - r.failures, 0);
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const stored = Number(
      (await db.query('SELECT count(*) AS n FROM event_store.events')).rows[0].n,
    );
    const pgVersion = (await db.query('SELECT version()')).rows[0].version.split(' on ')[0];
    await db.end();
    const published = await waitFor(
      'the relay to catch up',
      async () => {
        const n = await topicSize(kafka.brokers, TOPICS.health);
        return n >= stored ? n : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );

    const results = {
      when: new Date().toISOString(),
      settings: { seconds, rounds, concurrency },
      machine: {
        ...describeHost(),
        postgres: `${pgVersion}, embedded (fsync=off, synchronous_commit=off)`,
        kafka: `${kafkaVersion()}, one KRaft broker on loopback`,
        loadBefore,
        loadAfter: loadavg()[0],
      },
      baseline,
      writes: measured,
      median: {
        livePerSecond: median(baseline.map((r) => r.perSecond)),
        writesPerSecond: median(measured.map((r) => r.perSecond)),
        writeP50Ms: median(measured.map((r) => r.p50Ms)),
        writeP99Ms: median(measured.map((r) => r.p99Ms)),
        liveP50Ms: median(baseline.map((r) => r.p50Ms)),
        liveP99Ms: median(baseline.map((r) => r.p99Ms)),
        writeServiceCpuUs: median(measured.map((r) => r.serviceCpuUsPerRequest)),
        writePostgresCpuUs: median(measured.map((r) => r.postgresCpuUsPerRequest)),
        liveServiceCpuUs: median(baseline.map((r) => r.serviceCpuUsPerRequest)),
      },
      check: { created, stored, published, failures: measured.reduce((s, r) => s + r.failures, 0) },
    };
    writeFileSync(join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
    const markdown = render(results);
    writeFileSync(join(__dirname, 'results.md'), markdown);
    updateReadme(markdown);
    process.stdout.write(markdown);
    if (stored !== created)
      throw new Error(`${created} writes answered 201 but ${stored} events are stored`);
  } finally {
    // A service that failed to start has exited already, and would never emit 'exit' again.
    if (service.exitCode === null && service.signalCode === null) {
      const exited = new Promise((r) => service.once('exit', r));
      service.kill('SIGTERM');
      await exited;
    }
    await Promise.all([kafka.stop(), pg.stop()]);
  }
}

async function topicSize(brokers: string[], topic: string): Promise<number> {
  const admin = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One round's load with the CPU the service process and PostgreSQL used per request in it. */
type Round = LoadResult & { serviceCpuUsPerRequest: number; postgresCpuUsPerRequest: number };

type Results = {
  when: string;
  settings: { seconds: number; rounds: number; concurrency: number };
  machine: Record<string, string | number>;
  median: Record<string, number>;
  check: Record<string, number>;
  writes: Round[];
  baseline: Round[];
};

function render(r: Results): string {
  const m = r.median;
  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  return [
    `Run ${r.when.slice(0, 16).replace('T', ' ')} UTC; ${r.settings.concurrency} concurrent clients, ${r.settings.rounds} rounds of ${r.settings.seconds} s each, medians over the rounds.`,
    '',
    '| | requests/s | p50 | p99 | CPU per request: service + PostgreSQL |',
    '|---|---:|---:|---:|---:|',
    `| \`POST /v1/admissions\` (the write) | ${f(m.writesPerSecond)} | ${m.writeP50Ms.toFixed(1)} ms | ${m.writeP99Ms.toFixed(1)} ms | ${f(m.writeServiceCpuUs)} µs + ${f(m.writePostgresCpuUs)} µs |`,
    `| \`GET /health/live\` (baseline) | ${f(m.livePerSecond)} | ${m.liveP50Ms.toFixed(1)} ms | ${m.liveP99Ms.toFixed(1)} ms | ${f(m.liveServiceCpuUs)} µs |`,
    `| ratio write / baseline | ${(m.writesPerSecond / m.livePerSecond).toFixed(2)} | | | ${(m.liveServiceCpuUs / m.writeServiceCpuUs).toFixed(2)} (service) |`,
    '',
    `Checked: ${f(r.check.created)} writes answered 201, ${f(r.check.stored)} events stored, ${f(r.check.published)} messages on the topic; ${r.check.failures} failed requests.`,
    '',
    `Machine: ${r.machine.cpuModel}, ${r.machine.cores} cores, ${r.machine.memoryGb} GB RAM, ${r.machine.os}; Node ${r.machine.node}; ${r.machine.postgres}; Kafka ${r.machine.kafka}. The service, PostgreSQL, Kafka and the load generator share the cores. Load average ${Number(r.machine.loadBefore).toFixed(1)} before and ${Number(r.machine.loadAfter).toFixed(1)} after.`,
    '',
  ].join('\n');
}

function updateReadme(markdown: string) {
  const file = join(__dirname, '..', 'README.md');
  const text = readFileSync(file, 'utf8');
  const begin = '<!-- sector-write results: begin -->';
  const end = '<!-- sector-write results: end -->';
  if (!text.includes(begin)) return;
  writeFileSync(
    file,
    text.replace(new RegExp(`${begin}[\\s\\S]*${end}`), `${begin}\n${markdown}${end}`),
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
