/**
 * The coordination projection's benchmark: pushes synthetic history (default 1,000,000 events)
 * through Kafka into the projection with the gap rules on, and beside it, in the same run, the
 * raw kafkajs consume rate of the same topics (the ceiling); then times a full rebuild.
 *
 *   node -r @swc-node/register bench/projection/run.ts [--events N] [--concurrency C] [--max-bytes B]
 *     [--profile] [--sample-pg] [--projection-only]
 *
 * --concurrency: partitions the projection consumes at once (default 2); --max-bytes: kafkajs's
 * fetch size per partition (bytes); --profile writes the projection process's CPU profile to
 * tmp/projection-profile/; --sample-pg counts PostgreSQL's active statements every 10 ms;
 * --projection-only stops before the rebuild and writes no results (for trying changes).
 *
 * Starts its own embedded PostgreSQL and Kafka broker. The projection and the rebuild run as
 * processes of their own (the coordination service's scripts), as in production; so does the
 * publisher (publish-synthetic.ts, the synthetic history of @samvirke/gap-engine/testing).
 * Writes bench/projection/results.json, results.md and its section of bench/README.md.
 */
import {
  createDatabase,
  createTopics,
  describeHost,
  kafkaVersion,
  postgresCpuSeconds,
  startEmbeddedPostgres,
  startKafkaBroker,
} from '@samvirke/testing';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';

const repoRoot = resolve(__dirname, '../..');
// The service under test, started as processes (project.json names it for Nx), not imported.
const service = join(repoRoot, 'services/coordination-service/src');
const CLOCK = '2026-01-01T00:00:00.000Z';
const TOPICS = {
  health: 'health.events.v1',
  school: 'school.events.v1',
  childwelfare: 'childwelfare.events.v1',
  coordination: 'coordination.events.v1',
};

function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

interface ProcessResult {
  lines: Array<Record<string, unknown>>;
  code: number | null;
}

/** Runs a TypeScript script of the service as its own process; its JSON lines come back as they arrive. */
function runScript(
  script: string,
  env: Record<string, string>,
  options: { onLine?: (line: Record<string, unknown>) => void; nodeArgs?: string[] } = {},
): { done: Promise<ProcessResult>; stop: () => void } {
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '-r', '@swc-node/register', script],
    {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: Array<Record<string, unknown>> = [];
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += String(chunk);
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      try {
        const line = JSON.parse(text) as Record<string, unknown>;
        lines.push(line);
        options.onLine?.(line);
      } catch {
        log(text);
      }
    }
  });
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const done = new Promise<ProcessResult>((resolveDone) =>
    child.once('exit', (code) => resolveDone({ lines, code })),
  );
  return { done, stop: () => child.kill('SIGTERM') };
}

/** kafkajs alone: a fresh group reads every message of the topics, counting them (no decoding). */
async function rawConsume(
  brokers: string[],
  topics: string[],
  expected: number,
): Promise<{ ms: number; wallMs: number }> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `bench-raw-${Date.now()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const started = Date.now();
  let first = 0;
  let count = 0;
  const finished = new Promise<number>((resolveFinished) => {
    void consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        if (first === 0) first = Date.now();
        count += batch.messages.length;
        if (count >= expected) resolveFinished(Date.now());
      },
    });
  });
  const last = await finished;
  await consumer.disconnect();
  return { ms: last - first, wallMs: last - started };
}

/**
 * Where PostgreSQL spends its time, roughly: samples the active statements of the benchmark's
 * database every 10 ms and counts them by their first words.
 */
function samplePostgres(url: string): { stop: () => Promise<string> } {
  const client = new Client({ connectionString: url });
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const done = (async () => {
    await client.connect();
    while (running) {
      const { rows } = await client.query<{ query: string; wait: string | null }>(
        `SELECT query, wait_event_type AS wait FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`,
      );
      samples += 1;
      for (const row of rows) {
        const key = `${row.wait ? `[${row.wait}] ` : ''}${row.query.replace(/\s+/g, ' ').trim().slice(0, 90)}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await new Promise((resolveWait) => setTimeout(resolveWait, 10));
    }
    await client.end();
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 25);
      return [
        `PostgreSQL: ${samples} samples of active statements (busy backends per sample, by statement):`,
        ...top.map(([key, n]) => `${(n / samples).toFixed(3)} ${key}`),
      ].join('\n');
    },
  };
}

/**
 * The floor: the projection's consumer (same transport, decoding, one transaction per batch with
 * the offsets) writing only the timeline rows, as its own process, over the same topics.
 */
async function timelineOnly(options: {
  url: string;
  brokers: string[];
  topics: string[];
  total: number;
  concurrency: string;
}): Promise<{
  ms: number;
  cpu: { projectionUsPerEvent: number; postgresUsPerEvent: number };
}> {
  const pgCpuBefore = postgresCpuSeconds();
  let firstAt = 0;
  let doneAt = 0;
  let cpuSeconds = 0;
  let pgCpuAtDone = 0;
  const worker = runScript(
    join(service, 'projection/testing/timeline-only-worker.ts'),
    {
      DATABASE_URL: options.url,
      KAFKA_BROKERS: options.brokers.join(','),
      TOPICS: options.topics.join(','),
      GROUP_ID: 'bench.timeline-only',
      CONCURRENCY: options.concurrency,
    },
    {
      onLine: (line) => {
        if (line.type !== 'summary') return;
        const handled = Number(line.handled);
        if (handled > 0 && firstAt === 0) firstAt = Number(line.at);
        if (handled >= options.total && doneAt === 0) {
          doneAt = Number(line.at);
          cpuSeconds = Number(line.cpuSeconds);
          pgCpuAtDone = postgresCpuSeconds();
          worker.stop();
        }
      },
    },
  );
  await worker.done;
  if (doneAt === 0) throw new Error('the timeline-only consumer stopped before it had every event');
  return {
    ms: doneAt - firstAt + 250,
    cpu: {
      projectionUsPerEvent: Math.round((cpuSeconds * 1e6) / options.total),
      postgresUsPerEvent: Math.round(((pgCpuAtDone - pgCpuBefore) * 1e6) / options.total),
    },
  };
}

async function main(): Promise<void> {
  const events = Number(flag('events', '1000000'));
  const concurrency = flag('concurrency', '2');
  const profile = process.argv.includes('--profile');
  const maxBytes = flag('max-bytes', '');
  const projectionOnly = process.argv.includes('--projection-only');
  const loadBefore = loadavg()[0];
  log(`starting PostgreSQL and Kafka; ${events} events, ${concurrency} partitions at once`);
  const [pg, kafka] = await Promise.all([startEmbeddedPostgres(), startKafkaBroker()]);
  try {
    const brokers = kafka.brokers;
    const topics = Object.values(TOPICS);
    await createTopics(brokers, [...topics, ...topics.map((t) => `${t}.dlq`)], 3);
    const url = await createDatabase(pg.url, 'projection_bench');

    log('publishing synthetic history');
    const published = await runScript(join(__dirname, 'publish-synthetic.ts'), {
      KAFKA_BROKERS: brokers.join(','),
      TOPICS_JSON: JSON.stringify(TOPICS),
      EVENTS: String(events),
      SEED: '1',
      RECORDED_BEFORE: CLOCK,
    }).done;
    const publication = published.lines.at(-1) as {
      published: number;
      children: number;
      ms: number;
    };
    log(
      `published ${publication.published} events of ${publication.children} children in ${publication.ms} ms`,
    );
    const total = publication.published;

    log('raw kafkajs consume of the same topics');
    const raw = await rawConsume(brokers, topics, total);
    const rawRate = total / (raw.ms / 1000);
    log(`raw: ${total} messages in ${raw.ms} ms (${Math.round(rawRate)}/s)`);

    log('floor: the same consumer writing the timeline only (no facts, no rules, no gap events)');
    const floorUrl = await createDatabase(pg.url, 'projection_bench_floor');
    const floor = await timelineOnly({ url: floorUrl, brokers, topics, total, concurrency });
    const floorRate = total / (floor.ms / 1000);
    log(
      `floor: ${total} events in ${floor.ms} ms (${Math.round(floorRate)}/s), CPU per event ${floor.cpu.projectionUsPerEvent} µs + PostgreSQL ${floor.cpu.postgresUsPerEvent} µs`,
    );

    log('projection with the gap rules in every batch');
    const sampler = process.argv.includes('--sample-pg') ? samplePostgres(url) : undefined;
    const groupId = 'coordination-service.projection';
    let firstAt = 0;
    let doneAt = 0;
    let startedAt = 0;
    let settledAt = 0;
    let last: Record<string, unknown> = {};
    const pgCpuBefore = postgresCpuSeconds();
    let pgCpuAtDone = 0;
    let workerCpuAtDone = 0;
    const projection = runScript(
      join(service, 'projection/testing/projection-worker.ts'),
      {
        DATABASE_URL: url,
        KAFKA_BROKERS: brokers.join(','),
        TOPICS: topics.join(','),
        GROUP_ID: groupId,
        CLOCK,
        GATE: 'live',
        CONCURRENCY: concurrency,
        STORE_SCHEMA: 'event_store',
        RELAY_TOPIC: TOPICS.coordination,
        REPORT: 'summary',
        ...(maxBytes ? { MAX_BYTES_PER_PARTITION: maxBytes } : {}),
      },
      {
        nodeArgs: profile
          ? ['--cpu-prof', '--cpu-prof-dir', join(repoRoot, 'tmp', 'projection-profile')]
          : [],
        onLine: (line) => {
          if (line.type === 'started') startedAt = Date.now();
          if (line.type !== 'summary') return;
          last = line;
          // New events (the published ones; the history holds no coordinator's gap events), and
          // repeats: the engine's own gap events coming back from the bus (the publisher sends each event once).
          const handled = Number(line.handled);
          const back = Number(line.duplicates);
          if (handled > 0 && firstAt === 0) firstAt = Number(line.at);
          // The measure: every published event projected (the engine's gap events coming back are extra work).
          if (handled >= total && doneAt === 0) {
            doneAt = Number(line.at);
            pgCpuAtDone = postgresCpuSeconds();
            workerCpuAtDone = Number(line.cpuSeconds);
            log(`projected ${total} events (and ${back} gap events back from the bus so far)`);
          }
          // Then wait for the gap events' round trip: stored, relayed, read back.
          const appended = Number(line.gapEventsAppended);
          if (
            doneAt > 0 &&
            settledAt === 0 &&
            appended > 0 &&
            Number(line.relayed) >= appended &&
            back >= appended &&
            line.outboxEmpty === true
          ) {
            settledAt = Number(line.at);
            projection.stop();
          }
        },
      },
    );
    await projection.done;
    if (sampler) log(await sampler.stop());
    if (doneAt === 0 || settledAt === 0)
      throw new Error(`the projection stopped before it settled: ${JSON.stringify(last)}`);
    // Summaries come every 250 ms: the first one with work marks the start of consumption within that.
    const projectionMs = doneAt - firstAt + 250;
    const projectionRate = total / (projectionMs / 1000);
    const projectionWallMs = doneAt - startedAt;
    const gapEventsBack = Number(last.duplicates);
    const settleMs = settledAt - doneAt;
    // CPU per published event until all of them were projected: the projection process (with its
    // relay and outbox) and PostgreSQL.
    const cpu = {
      projectionUsPerEvent: Math.round((workerCpuAtDone * 1e6) / total),
      postgresUsPerEvent: Math.round(((pgCpuAtDone - pgCpuBefore) * 1e6) / total),
    };
    log(
      `CPU per event: projection process ${cpu.projectionUsPerEvent} µs, PostgreSQL ${cpu.postgresUsPerEvent} µs`,
    );

    const db = new Client({ connectionString: url });
    await db.connect();
    const counts = async () =>
      (
        await db.query<{
          children: number;
          timeline: number;
          gaps: number;
          open: number;
          outbox: number;
          stored: number;
        }>(
          `SELECT (SELECT count(*) FROM read_model.children)::int AS children,
                  (SELECT count(*) FROM read_model.timeline_entries)::int AS timeline,
                  (SELECT count(*) FROM read_model.gaps)::int AS gaps,
                  (SELECT count(*) FROM read_model.gaps WHERE status <> 'resolved')::int AS open,
                  (SELECT count(*) FROM coordination_gap_outbox)::int AS outbox,
                  (SELECT count(*) FROM event_store.events)::int AS stored`,
        )
      ).rows[0];
    const live = await counts();
    const pgVersion = (
      await db.query<{ version: string }>('SELECT version()')
    ).rows[0].version.split(' on ')[0];
    log(
      `projection: ${total} events in ${projectionMs} ms (${Math.round(projectionRate)}/s), ${JSON.stringify(live)}`,
    );
    log(
      `batches: ${String(last.batches)}, events per batch ${(Number(last.handled) / Number(last.batches)).toFixed(0)}, children written per event ${(Number(last.childrenWritten) / Number(last.handled)).toFixed(2)}`,
    );

    if (projectionOnly) {
      await db.end();
      return;
    }
    log('rebuild: drop the read model and replay from the beginning');
    const rebuild = await runScript(join(service, 'rebuild/cli.ts'), {
      DATABASE_URL: url,
      KAFKA_BROKERS: brokers.join(','),
      TOPICS: topics.join(','),
      PROJECTION_GROUP_ID: groupId,
      CLOCK,
      // The command needs the service's keys; the synthetic enrolments carry their birth dates in clear.
      SAMVIRKE_KEYRING_MASTER_KEY: randomBytes(32).toString('base64'),
      SAMVIRKE_CHILDREF_KEY: randomBytes(32).toString('base64'),
    }).done;
    if (rebuild.code !== 0) throw new Error(`the rebuild failed (exit code ${rebuild.code})`);
    const report = rebuild.lines.at(-1) as {
      totalMs: number;
      catchUpMs: number;
      evaluateMs: number;
      resetMs: number;
    };
    const rebuilt = await counts();
    await db.end();
    log(`rebuild: ${JSON.stringify(report)}, ${JSON.stringify(rebuilt)}`);

    const results = {
      when: new Date().toISOString(),
      settings: {
        events: total,
        children: publication.children,
        partitionsPerTopic: 3,
        topics: topics.length,
        partitionsConsumedConcurrently: Number(concurrency),
      },
      machine: {
        ...describeHost(),
        postgres: `${pgVersion.replace(/^PostgreSQL /, '')}, embedded (fsync=off, synchronous_commit=off)`,
        kafka: `${kafkaVersion()}, one KRaft broker on loopback`,
        loadBefore,
        loadAfter: loadavg()[0],
      },
      raw: { ms: raw.ms, wallMs: raw.wallMs, perSecond: Math.round(rawRate) },
      floor: {
        ms: floor.ms,
        perSecond: Math.round(floorRate),
        ratioToRaw: Number((floorRate / rawRate).toFixed(3)),
        cpu: floor.cpu,
      },
      projection: {
        ms: projectionMs,
        wallMs: projectionWallMs,
        perSecond: Math.round(projectionRate),
        ratioToRaw: Number((projectionRate / rawRate).toFixed(3)),
        gapEventsBack,
        settleMs,
        cpu,
        readModel: live,
      },
      rebuild: { ...report, readModel: rebuilt },
    };
    writeFileSync(join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    const markdown = resultsMarkdown(results);
    writeFileSync(
      join(__dirname, 'results.md'),
      `# Projection benchmark: last results\n\n${markdown}\n`,
    );
    updateReadme(markdown);
    log(markdown);
  } finally {
    await Promise.allSettled([kafka.stop(), pg.stop()]);
  }
}

type Results = {
  when: string;
  settings: {
    events: number;
    children: number;
    partitionsPerTopic: number;
    topics: number;
    partitionsConsumedConcurrently: number;
  };
  machine: Record<string, string | number>;
  raw: { ms: number; wallMs: number; perSecond: number };
  floor: {
    ms: number;
    perSecond: number;
    ratioToRaw: number;
    cpu: { projectionUsPerEvent: number; postgresUsPerEvent: number };
  };
  projection: {
    ms: number;
    wallMs: number;
    perSecond: number;
    ratioToRaw: number;
    gapEventsBack: number;
    settleMs: number;
    cpu: { projectionUsPerEvent: number; postgresUsPerEvent: number };
    readModel: Record<string, number>;
  };
  rebuild: {
    totalMs: number;
    catchUpMs: number;
    evaluateMs: number;
    resetMs: number;
    readModel: Record<string, number>;
  };
};

const n = (value: number) => value.toLocaleString('en-US');

function resultsMarkdown(r: Results): string {
  const m = r.machine;
  return [
    `Run ${r.when.slice(0, 16).replace('T', ' ')} UTC: ${n(r.settings.events)} events of ${n(r.settings.children)} synthetic children, ${r.settings.topics} topics × ${r.settings.partitionsPerTopic} partitions, ${r.settings.partitionsConsumedConcurrently} partitions consumed at once.`,
    '',
    '| measure | events/s | time |',
    '|---|---:|---:|',
    `| projection, gap rules in every batch (one transaction per batch) | ${n(r.projection.perSecond)} | ${(r.projection.ms / 1000).toFixed(1)} s |`,
    `| raw kafkajs consume of the same topics (ceiling) | ${n(r.raw.perSecond)} | ${(r.raw.ms / 1000).toFixed(1)} s |`,
    `| ratio projection / raw | ${r.projection.ratioToRaw.toFixed(2)} | |`,
    `| floor: the same consumer writing the timeline only (no facts, rules or gap events) | ${n(r.floor.perSecond)} | ${(r.floor.ms / 1000).toFixed(1)} s |`,
    `| ratio floor / raw | ${r.floor.ratioToRaw.toFixed(2)} | |`,
    `| projection until the engine's gap events are back too (published events over that time) | ${n(Math.round(r.settings.events / ((r.projection.ms + r.projection.settleMs) / 1000)))} | ${((r.projection.ms + r.projection.settleMs) / 1000).toFixed(1)} s |`,
    `| CPU per published event, projection: its process (with its outbox and relay) + PostgreSQL | | ${r.projection.cpu.projectionUsPerEvent} µs + ${r.projection.cpu.postgresUsPerEvent} µs |`,
    `| CPU per published event, floor: its process + PostgreSQL | | ${r.floor.cpu.projectionUsPerEvent} µs + ${r.floor.cpu.postgresUsPerEvent} µs |`,
    `| full rebuild (reset, replay, then the rules for every child) | ${n(Math.round(r.settings.events / (r.rebuild.totalMs / 1000)))} | ${(r.rebuild.totalMs / 1000).toFixed(1)} s (replay ${(r.rebuild.catchUpMs / 1000).toFixed(1)} s, rules ${(r.rebuild.evaluateMs / 1000).toFixed(1)} s) |`,
    '',
    `The engine's ${n(r.projection.readModel.stored)} gap events went through the outbox, the event store and the relay to \`coordination.events.v1\` and back into the projection (${n(r.projection.gapEventsBack)} consumed; all back ${(r.projection.settleMs / 1000).toFixed(1)} s after the last published event was projected). ` +
      `Read model after the live run: ${n(r.projection.readModel.children)} children, ${n(r.projection.readModel.timeline)} timeline entries, ${n(r.projection.readModel.gaps)} gaps (${n(r.projection.readModel.open)} open). ` +
      `After the rebuild: ${n(r.rebuild.readModel.children)} children, ${n(r.rebuild.readModel.timeline)} timeline entries, ${n(r.rebuild.readModel.gaps)} gaps (${n(r.rebuild.readModel.open)} open)${sameModel(r) ? ': the same counts' : ': DIFFERENT counts'}.`,
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB RAM, ${m.os}; Node ${m.node}; PostgreSQL ${m.postgres}; Kafka ${m.kafka}. Load average ${Number(m.loadBefore).toFixed(1)} before and ${Number(m.loadAfter).toFixed(1)} after: the cores were shared.`,
  ].join('\n');
}

function sameModel(r: Results): boolean {
  return (['children', 'timeline', 'gaps', 'open'] as const).every(
    (key) => r.projection.readModel[key] === r.rebuild.readModel[key],
  );
}

function updateReadme(markdown: string): void {
  const path = join(repoRoot, 'bench/README.md');
  const readme = readFileSync(path, 'utf8');
  const begin = '<!-- projection results: begin -->';
  const end = '<!-- projection results: end -->';
  const from = readme.indexOf(begin);
  const to = readme.indexOf(end);
  if (from < 0 || to < 0) return;
  writeFileSync(path, `${readme.slice(0, from + begin.length)}\n${markdown}\n${readme.slice(to)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
