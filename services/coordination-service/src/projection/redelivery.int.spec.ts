import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { KafkaTransport, silentLogger } from '@samvirke/messaging';
import { testKafkaBrokers, uniqueTopic } from '@samvirke/testing';
import type { DataSource } from 'typeorm';
import { seededRandom, shuffle } from '@samvirke/gap-engine/testing';
import { Projector } from './projector';
import { eventually, inTransaction, readModelDatabase } from './testing/database';
import { createSyntheticTopics, publishEvents } from './testing/harness';
import { snapshotReadModel } from './testing/read-model-snapshot';
import { syntheticYear } from '@samvirke/gap-engine/testing';

const CLOCK = '2026-01-01T00:00:00.000Z';

describe('the projection killed mid-batch', () => {
  const brokers = testKafkaBrokers();
  const workers: ChildProcess[] = [];
  const open: DataSource[] = [];
  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await Promise.all(open.map((dataSource) => dataSource.destroy()));
  });

  it('applies every event once though killed inside a batch’s transaction and again between the database and Kafka commits', async () => {
    const topics = await createSyntheticTopics(brokers, 'redelivery');
    const events = shuffle(
      syntheticYear({ seed: 404, children: 100, topics, recordedBefore: new Date(CLOCK) }),
      seededRandom(9),
    );
    const publisher = new KafkaTransport({
      brokers,
      clientId: 'redelivery-publisher',
      logger: silentLogger,
    });
    await publishEvents(publisher, events);
    await publisher.close();

    const ids = events.map((event) => event.envelope.id);
    const { url, dataSource } = await readModelDatabase('projection_redelivery');
    open.push(dataSource);
    const env = {
      DATABASE_URL: url,
      KAFKA_BROKERS: brokers.join(','),
      TOPICS: Object.values(topics).join(','),
      GROUP_ID: uniqueTopic('redelivery.projection'),
      CLOCK,
      MAX_BYTES_PER_PARTITION: '16384',
      SESSION_TIMEOUT_MS: '6000',
    };

    // One: killed while its third batch's transaction is open (written, not committed).
    const first = await runUntilPaused({ ...env, PAUSE_AT: 'in-batch', PAUSE_BATCH: '3' }, workers);
    await kill(first.worker);
    expect(first.committed).toBe(await projected(dataSource, ids));

    // Two: killed after its fourth batch committed in PostgreSQL, before Kafka heard of it.
    const second = await runUntilPaused(
      { ...env, PAUSE_AT: 'after-commit', PAUSE_BATCH: '4' },
      workers,
    );
    await kill(second.worker);
    expect(second.committed).toBeGreaterThan(0);

    // Three: runs to the end.
    const third = startWorker(env, workers);
    await eventually(
      async () => {
        expect(await projected(dataSource, ids)).toBe(events.length);
        const [row] = (await dataSource.query(
          `SELECT count(*)::int AS n FROM read_model.children WHERE next_check_at <= $1`,
          [CLOCK],
        )) as Array<{ n: number }>;
        expect(row.n).toBe(0);
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    await kill(third.worker, 'SIGTERM');

    // Each event counted once on its child (the published ones and the engine's gap events), and
    // the model equals one built without faults.
    const [counted] = (await dataSource.query(
      `SELECT (SELECT sum(event_count) FROM read_model.children)::int AS counted, (SELECT count(*) FROM read_model.timeline_entries)::int AS entries`,
    )) as Array<{ counted: number; entries: number }>;
    expect(counted.counted).toBe(counted.entries);
    expect(counted.entries).toBeGreaterThan(events.length);
    const reference = await referenceModel(events.map((e) => e.envelope));
    const actual = await snapshotReadModel(dataSource);
    expect(actual.timeline).toEqual(reference.timeline);
    expect(actual.children).toEqual(reference.children);
    expect(actual.gaps).toEqual(reference.gaps);
    process.stdout.write(
      `[redelivery] ${events.length} events; killed in batch 3 (${first.committed} committed before) and after the database commit of batch 4; every event applied once\n`,
    );
  });

  async function referenceModel(envelopes: Parameters<Projector['project']>[0]) {
    const { dataSource } = await readModelDatabase('projection_redelivery_reference');
    open.push(dataSource);
    const projector = new Projector({ clock: () => new Date(CLOCK) });
    await inTransaction(dataSource, (sql) =>
      projector.project(envelopes, sql, { evaluate: false }),
    );
    while (
      (await inTransaction(dataSource, (sql) => projector.evaluateDue(sql, 500))).children > 0
    );
    return snapshotReadModel(dataSource);
  }
});

/** How many of the published events are on the timeline (each event id is there once at most). */
async function projected(dataSource: DataSource, ids: string[]): Promise<number> {
  const [row] = (await dataSource.query(
    `SELECT count(*)::int AS n FROM read_model.timeline_entries WHERE event_id = ANY($1::text[])`,
    [ids],
  )) as Array<{ n: number }>;
  return row.n;
}

function startWorker(
  env: Record<string, string>,
  workers: ChildProcess[],
): { worker: ChildProcess; lines: Array<Record<string, unknown>> } {
  const repoRoot = resolve(__dirname, '../../../..');
  const worker = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, 'testing', 'projection-worker.ts')],
    {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  workers.push(worker);
  const lines: Array<Record<string, unknown>> = [];
  let buffer = '';
  worker.stdout?.on('data', (chunk: Buffer) => {
    buffer += String(chunk);
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buffer.slice(0, newline)) as Record<string, unknown>);
      buffer = buffer.slice(newline + 1);
    }
  });
  worker.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return { worker, lines };
}

async function runUntilPaused(
  env: Record<string, string>,
  workers: ChildProcess[],
): Promise<{ worker: ChildProcess; committed: number }> {
  const { worker, lines } = startWorker(env, workers);
  await eventually(() => expect(lines.some((line) => line.type === 'paused')).toBe(true), {
    timeoutMs: 60_000,
    intervalMs: 50,
  });
  const committed = lines
    .filter((line) => line.type === 'batch')
    .reduce((sum, line) => sum + Number(line.handled), 0);
  return { worker, committed };
}

async function kill(worker: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise((done) => worker.once('exit', done));
  worker.kill(signal);
  await exited;
}
