/**
 * Event-store benchmark: the PostgreSQL adapter against raw SQL on a table of the same shape,
 * in one process, on one embedded PostgreSQL.
 *
 *   node -r @swc-node/register bench/event-store/run.ts
 *
 * Environment: BENCH_ROUNDS (default 5), BENCH_SINGLE (single-event appends per round, 2000),
 * BENCH_BATCHES (appends of 100 events per round, 100), BENCH_READ_PAGE (readAll page, 1000).
 * Writes results.json and results.md beside this file and the summary into bench/README.md.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import {
  createPostgresEventStore,
  type EventToAppend,
  type PostgresEventStore,
} from '@samvirke/event-sourcing';
import { createDatabase, describeHost, startEmbeddedPostgres } from '@samvirke/testing';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SINGLE_APPENDS = Number(process.env.BENCH_SINGLE ?? 2000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 100);
const BATCH_SIZE = 100;
const READ_PAGE = Number(process.env.BENCH_READ_PAGE ?? 1000);
const POOL_SIZE = 10;
const RAW = '"bench_raw"."events"';
const COLUMNS = 'stream_id, stream_version, event_id, type, data, metadata';

interface Case {
  name: string;
  adapter: number[];
  raw: number[];
}

async function main(): Promise<void> {
  const pg = await startEmbeddedPostgres();
  let store: PostgresEventStore | undefined;
  let raw: Pool | undefined;
  try {
    const url = await createDatabase(pg.url, 'bench_event_store');
    const adapterStore = await createPostgresEventStore({
      url,
      schema: 'bench',
      poolSize: POOL_SIZE,
    });
    store = adapterStore;
    const pool = new Pool({ connectionString: url, max: POOL_SIZE });
    raw = pool;
    pool.on('error', () => undefined);
    await createRawTable(pool);
    const loadBefore = loadavg()[0];

    const single: Case = { name: 'append, 1 event per transaction', adapter: [], raw: [] };
    const batched: Case = {
      name: `append, ${BATCH_SIZE} events per transaction`,
      adapter: [],
      raw: [],
    };
    const manyStreams: Case = {
      name: `appendToStreams, ${BATCH_SIZE} new streams of 1 event per call`,
      adapter: [],
      raw: [],
    };
    const reads: Case = { name: `readAll, pages of ${READ_PAGE}`, adapter: [], raw: [] };
    for (let round = 0; round <= ROUNDS; round++) {
      // Round 0 warms caches and the JIT and is not counted; who goes first alternates per round.
      const adapterFirst = round % 2 === 1;
      await measure(
        round,
        adapterFirst,
        single,
        () => singleAppends(adapterStore),
        () => rawSingleInserts(pool),
      );
      await measure(
        round,
        adapterFirst,
        batched,
        () => batchedAppends(adapterStore),
        () => rawBatchedInserts(pool),
      );
      await measure(
        round,
        adapterFirst,
        manyStreams,
        () => manyStreamAppends(adapterStore),
        () => rawBatchedInserts(pool, { streamPerEvent: true }),
      );
      await measure(
        round,
        adapterFirst,
        reads,
        () => readAllThroughAdapter(adapterStore),
        () => rawReadAll(pool),
      );
      process.stdout.write(`round ${round}${round === 0 ? ' (warm-up)' : ''} done\n`);
    }

    const results: Results = {
      when: new Date().toISOString(),
      machine: { ...(await describeMachine(pool)), loadBefore, loadAfter: loadavg()[0] },
      settings: {
        rounds: ROUNDS,
        singleAppends: SINGLE_APPENDS,
        batches: BATCHES,
        batchSize: BATCH_SIZE,
        readPage: READ_PAGE,
        poolSize: POOL_SIZE,
      },
      cases: [single, batched, manyStreams, reads].map((c) => ({
        name: c.name,
        unit: 'events/s',
        adapterMedian: Math.round(median(c.adapter)),
        rawMedian: Math.round(median(c.raw)),
        ratio: Number((median(c.adapter) / median(c.raw)).toFixed(2)),
        adapterRounds: c.adapter.map(Math.round),
        rawRounds: c.raw.map(Math.round),
      })),
    };
    const markdown = toMarkdown(results);
    writeFileSync(join(__dirname, 'results.json'), JSON.stringify(results, null, 2) + '\n');
    writeFileSync(
      join(__dirname, 'results.md'),
      `# Event store benchmark: last results\n\n${markdown}`,
    );
    updateBenchReadme(markdown);
    process.stdout.write(`\n${markdown}`);
  } finally {
    await store?.close();
    await raw?.end();
    await pg.stop();
  }
}

async function measure(
  round: number,
  adapterFirst: boolean,
  c: Case,
  adapter: () => Promise<number>,
  baseline: () => Promise<number>,
): Promise<void> {
  let a: number;
  let b: number;
  if (adapterFirst) {
    a = await adapter();
    b = await baseline();
  } else {
    b = await baseline();
    a = await adapter();
  }
  if (round > 0) {
    c.adapter.push(a);
    c.raw.push(b);
  }
}

// --- workloads: each pair writes or reads the same rows -------------------------------------

/** A payload the size of a sector event: a child reference, ids, dates, a short note. */
function newEvents(count: number): EventToAppend[] {
  return Array.from({ length: count }, (_, i) => ({
    eventId: randomUUID(),
    type: 'no.samvirke.health.discharge-recorded.v1',
    data: {
      childRef: `${randomUUID()}${randomUUID()}`.replace(/-/g, ''),
      admissionId: `A-${i}`,
      ward: 'paediatrics',
      admittedAt: '2026-03-01T08:30:00.000Z',
      dischargedOn: '2026-03-04',
      note: 'Discharged to home; follow-up by the health visitor within a week.',
    },
    metadata: {
      correlationId: randomUUID(),
      causationId: randomUUID(),
      source: '/samvirke/health-service',
      municipality: '0301',
    },
  }));
}

const rawRow = (streamId: string, version: number, e: EventToAppend) => [
  streamId,
  version,
  e.eventId,
  e.type,
  JSON.stringify(e.data),
  JSON.stringify(e.metadata),
];

/** Each append starts a stream of its own, as commands on different children do. */
async function singleAppends(store: PostgresEventStore): Promise<number> {
  const work = Array.from({ length: SINGLE_APPENDS }, () => newEvents(1));
  const prefix = randomUUID();
  const start = process.hrtime.bigint();
  for (let i = 0; i < work.length; i++) await store.appendToStream(`${prefix}-${i}`, 0, work[i]);
  return work.length / seconds(start);
}

async function rawSingleInserts(pool: Pool): Promise<number> {
  const work = Array.from({ length: SINGLE_APPENDS }, () => newEvents(1));
  const prefix = randomUUID();
  const text = `INSERT INTO ${RAW} (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`;
  const start = process.hrtime.bigint();
  for (let i = 0; i < work.length; i++) {
    await pool.query({ name: 'raw_single', text, values: rawRow(`${prefix}-${i}`, 1, work[i][0]) });
  }
  return work.length / seconds(start);
}

async function batchedAppends(store: PostgresEventStore): Promise<number> {
  const work = Array.from({ length: BATCHES }, () => newEvents(BATCH_SIZE));
  const prefix = randomUUID();
  const start = process.hrtime.bigint();
  for (let b = 0; b < work.length; b++) await store.appendToStream(`${prefix}-${b}`, 0, work[b]);
  return (BATCHES * BATCH_SIZE) / seconds(start);
}

/** An outbox's flush: each call appends one event to each of BATCH_SIZE new streams. */
async function manyStreamAppends(store: PostgresEventStore): Promise<number> {
  const work = Array.from({ length: BATCHES }, () => newEvents(BATCH_SIZE));
  const prefix = randomUUID();
  const start = process.hrtime.bigint();
  for (let b = 0; b < work.length; b++) {
    await store.appendToStreams(
      work[b].map((event, i) => ({
        streamId: `${prefix}-${b}-${i}`,
        expectedVersion: 'any' as const,
        events: [event],
      })),
    );
  }
  return (BATCHES * BATCH_SIZE) / seconds(start);
}

/** The same rows as one multi-row INSERT per batch (one stream, or a stream per row). */
async function rawBatchedInserts(pool: Pool, { streamPerEvent = false } = {}): Promise<number> {
  const work = Array.from({ length: BATCHES }, () => newEvents(BATCH_SIZE));
  const prefix = randomUUID();
  const rows = Array.from(
    { length: BATCH_SIZE },
    (_, i) => `(${[1, 2, 3, 4, 5, 6].map((k) => `$${i * 6 + k}`).join(', ')})`,
  );
  const text = `INSERT INTO ${RAW} (${COLUMNS}) VALUES ${rows.join(', ')}`;
  const start = process.hrtime.bigint();
  for (let b = 0; b < work.length; b++) {
    const values = work[b].flatMap((e, i) =>
      streamPerEvent ? rawRow(`${prefix}-${b}-${i}`, 1, e) : rawRow(`${prefix}-${b}`, i + 1, e),
    );
    await pool.query({ name: 'raw_batch', text, values });
  }
  return (BATCHES * BATCH_SIZE) / seconds(start);
}

/** The whole log from the start, page by page, as a relay catching up reads it. */
async function readAllThroughAdapter(store: PostgresEventStore): Promise<number> {
  const expected = await countRows(
    store.dataSource.query.bind(store.dataSource),
    store.tables.events,
  );
  let read = 0;
  let checkpoint: string | null = null;
  const start = process.hrtime.bigint();
  for (;;) {
    const page = await store.readAll(checkpoint, READ_PAGE);
    if (page.events.length === 0) break;
    read += page.events.length;
    checkpoint = page.checkpoint;
  }
  const rate = read / seconds(start);
  if (read !== expected) throw new Error(`readAll returned ${read} of ${expected} events`);
  return rate;
}

/** The same rows and columns by keyset paging on the global position alone. */
async function rawReadAll(pool: Pool): Promise<number> {
  const expected = await countRows((sql) => pool.query(sql).then((r) => r.rows), RAW);
  const text = `SELECT global_position, transaction_id, ${COLUMNS}, recorded_at
                FROM ${RAW} WHERE global_position > $1 ORDER BY global_position LIMIT $2`;
  let read = 0;
  let after = '0';
  const start = process.hrtime.bigint();
  for (;;) {
    const { rows } = await pool.query<{ global_position: string }>({
      name: 'raw_read',
      text,
      values: [after, READ_PAGE],
    });
    if (rows.length === 0) break;
    read += rows.length;
    after = rows[rows.length - 1].global_position;
  }
  const rate = read / seconds(start);
  if (read !== expected) throw new Error(`raw paging returned ${read} of ${expected} rows`);
  return rate;
}

async function countRows(
  query: (sql: string) => Promise<Array<{ n: number }>>,
  table: string,
): Promise<number> {
  const [{ n }] = await query(`SELECT count(*)::int AS n FROM ${table}`);
  return n;
}

// --- setup and reporting --------------------------------------------------------------------

/** The adapter's table, column for column and key for key, without the adapter around it. */
async function createRawTable(pool: Pool): Promise<void> {
  await pool.query('CREATE SCHEMA bench_raw');
  await pool.query(`
    CREATE TABLE ${RAW} (
      global_position bigserial PRIMARY KEY,
      transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      stream_id text NOT NULL,
      stream_version integer NOT NULL CHECK (stream_version > 0),
      event_id uuid NOT NULL UNIQUE,
      type text NOT NULL,
      data jsonb NOT NULL,
      metadata jsonb NOT NULL DEFAULT '{}',
      recorded_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (stream_id, stream_version)
    )`);
  await pool.query(`CREATE INDEX ON ${RAW} (transaction_id, global_position)`);
}

async function describeMachine(pool: Pool) {
  const setting = async (name: string) =>
    (await pool.query<{ v: string }>('SELECT current_setting($1) AS v', [name])).rows[0].v;
  const { rows } = await pool.query<{ version: string }>('SELECT version()');
  return {
    ...describeHost(),
    postgres: rows[0].version.split(' on ')[0],
    postgresSettings: {
      fsync: await setting('fsync'),
      synchronous_commit: await setting('synchronous_commit'),
      shared_buffers: await setting('shared_buffers'),
    },
  };
}

interface Results {
  when: string;
  machine: Awaited<ReturnType<typeof describeMachine>> & { loadBefore: number; loadAfter: number };
  settings: Record<string, number>;
  cases: Array<{
    name: string;
    unit: string;
    adapterMedian: number;
    rawMedian: number;
    ratio: number;
    adapterRounds: number[];
    rawRounds: number[];
  }>;
}

function toMarkdown(results: Results): string {
  const m = results.machine;
  const n = (value: number) => value.toLocaleString('en-US');
  const { settings } = results;
  return [
    `Run ${results.when.slice(0, 16).replace('T', ' ')} UTC; median of ${settings.rounds} rounds after one warm-up round.`,
    '',
    '| case | PostgresEventStore | raw SQL, same table | ratio |',
    '|---|---:|---:|---:|',
    ...results.cases.map(
      (c) =>
        `| ${c.name} | ${n(c.adapterMedian)} ${c.unit} | ${n(c.rawMedian)} ${c.unit} | ${c.ratio.toFixed(2)} |`,
    ),
    '',
    `Machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGb} GB RAM, ${m.os}; Node ${m.node}; ` +
      `${m.postgres}, embedded (fsync=${m.postgresSettings.fsync}, ` +
      `synchronous_commit=${m.postgresSettings.synchronous_commit}, shared_buffers=${m.postgresSettings.shared_buffers}). ` +
      `Load average ${m.loadBefore.toFixed(1)} before and ${m.loadAfter.toFixed(1)} after: the cores were shared.`,
    '',
    `Per round: ${n(settings.singleAppends)} single-event appends, ${n(settings.batches)} appends of ` +
      `${settings.batchSize} events, each to a new stream, ${n(settings.batches)} calls of \`appendToStreams\` with ` +
      `${settings.batchSize} new streams of one event each, then the whole log read back; one client, pool of ` +
      `${settings.poolSize}. Raw SQL uses prepared statements too: one INSERT row per event, one multi-row INSERT ` +
      'per batch, keyset paging on global_position.',
    '',
    'Every round (adapter / raw):',
    '',
    ...results.cases.map(
      (c) => `- ${c.name}: ${c.adapterRounds.map(n).join(', ')} / ${c.rawRounds.map(n).join(', ')}`,
    ),
    '',
  ].join('\n');
}

/** Replaces the event-store results between the markers in bench/README.md. */
function updateBenchReadme(markdown: string): void {
  const readme = join(__dirname, '..', 'README.md');
  const begin = '<!-- event-store results: begin -->';
  const end = '<!-- event-store results: end -->';
  const text = readFileSync(readme, 'utf8');
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`bench/README.md lacks the ${begin} … ${end} markers`);
  writeFileSync(readme, `${text.slice(0, from + begin.length)}\n${markdown}${text.slice(to)}`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
