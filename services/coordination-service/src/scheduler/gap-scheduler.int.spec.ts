import { pgPoolOf } from '@samvirke/event-sourcing';
import { KafkaTransport, pgTransactions, silentLogger } from '@samvirke/messaging';
import { testKafkaBrokers } from '@samvirke/testing';
import { DataSource } from 'typeorm';
import { events as build } from '@samvirke/gap-engine/testing';
import { Projector } from '../projection/projector';
import { eventually, inTransaction, readModelDatabase } from '../projection/testing/database';
import {
  createSyntheticTopics,
  projectionRun,
  publishEvents,
  type ProjectionRun,
} from '../projection/testing/harness';
import { gapIdOf } from '../read-model';
import { GapScheduler } from './gap-scheduler';

const DAY = 86_400_000;

describe('the gap scheduler', () => {
  const cleanUp: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const step of cleanUp.reverse()) await step();
  });

  it('opens a gap when its deadline passes on the injected clock, escalates it at twice the threshold, and resolves it late when the fact comes', async () => {
    const { dataSource } = await readModelDatabase('scheduler_clock');
    cleanUp.push(() => dataSource.destroy());
    const discharged = new Date('2026-03-02T09:00:00Z');
    let now = new Date(discharged.getTime() + 3_600_000);
    const projector = new Projector({ clock: () => now });
    const scheduler = new GapScheduler({
      transactions: pgTransactions(pgPoolOf(dataSource)),
      projector,
    });
    const child = 'child-timer';
    const gapId = gapIdOf(child, 'health.discharge-summary:adm-1');
    const gap = async () =>
      (
        (await dataSource.query(
          `SELECT status, escalated, opened_at, due_at, detected_at, resolution, late_by_ms::bigint AS late FROM read_model.gaps WHERE gap_id = $1`,
          [gapId],
        )) as Array<Record<string, unknown>>
      )[0];
    const timer = async () =>
      (
        (await dataSource.query(
          `SELECT next_check_at FROM read_model.children WHERE child_ref = $1`,
          [child],
        )) as Array<{ next_check_at: Date }>
      )[0].next_check_at;

    await inTransaction(dataSource, (sql) =>
      projector.project(
        [build.discharged('adm-1', discharged.toISOString(), false, { subject: child })],
        sql,
        { evaluate: true },
      ),
    );
    const due = new Date(discharged.getTime() + 7 * DAY);
    expect(await timer()).toEqual(due);

    now = new Date(due.getTime() - 60_000);
    expect((await scheduler.tick()).children).toBe(0);
    expect(await gap()).toBeUndefined();

    now = due;
    expect(await scheduler.tick()).toEqual({ children: 1, opened: 1, resolved: 0 });
    expect(await gap()).toEqual(
      expect.objectContaining({
        status: 'open',
        escalated: false,
        opened_at: due,
        due_at: due,
        detected_at: due,
      }),
    );
    expect(await timer()).toEqual(new Date(discharged.getTime() + 14 * DAY));

    now = new Date(discharged.getTime() + 14 * DAY);
    expect(await scheduler.tick()).toEqual({ children: 1, opened: 0, resolved: 0 });
    expect(await gap()).toEqual(expect.objectContaining({ status: 'open', escalated: true }));
    expect(await timer()).toBeNull();
    expect((await scheduler.tick()).children).toBe(0);

    now = new Date(discharged.getTime() + 16 * DAY);
    const sent = build.summarySent(
      'adm-1',
      new Date(discharged.getTime() + 15 * DAY).toISOString(),
      { subject: child },
    );
    await inTransaction(dataSource, (sql) => projector.project([sent], sql, { evaluate: true }));
    expect(await gap()).toEqual(
      expect.objectContaining({
        status: 'resolved',
        resolution: 'auto',
        escalated: true,
        late: String(8 * DAY),
      }),
    );
  });

  it('shares due children between two instances ticking at once, and no gap is opened twice', async () => {
    const { url, dataSource } = await readModelDatabase('scheduler_two');
    const other = await new DataSource({ type: 'postgres', url, poolSize: 4 }).initialize();
    cleanUp.push(
      () => dataSource.destroy(),
      () => other.destroy(),
    );
    const discharged = new Date('2026-03-02T09:00:00Z');
    let now = new Date(discharged.getTime() + 60_000);
    const clock = () => now;
    const children = 300;
    const projector = new Projector({ clock });
    await inTransaction(dataSource, (sql) =>
      projector.project(
        Array.from({ length: children }, (_, i) =>
          build.discharged(`adm-${i}`, discharged.toISOString(), true, {
            subject: `child-${i}`,
            id: `two-${i}`,
          }),
        ),
        sql,
        { evaluate: true },
      ),
    );
    const one = new GapScheduler({
      transactions: pgTransactions(pgPoolOf(dataSource)),
      projector,
      batchSize: 10,
    });
    const two = new GapScheduler({
      transactions: pgTransactions(pgPoolOf(other)),
      projector: new Projector({ clock }),
      batchSize: 10,
    });

    now = new Date(discharged.getTime() + 7 * DAY);
    const [a, b] = await Promise.all([one.tick(), two.tick()]);
    // Two rules fall due for each child at the same instant: the summary and the follow-up.
    expect(a.opened + b.opened).toBe(2 * children);
    expect(a.children + b.children).toBe(children);
    expect(Math.min(a.children, b.children)).toBeGreaterThan(0);
    const [counts] = (await dataSource.query(
      `SELECT (SELECT count(*) FROM read_model.gaps)::int AS gaps, (SELECT count(*) FROM coordination_gap_outbox)::int AS events`,
    )) as Array<{ gaps: number; events: number }>;
    expect(counts).toEqual({ gaps: 2 * children, events: 2 * children });
    process.stdout.write(
      `[timers] two schedulers ticking at once judged ${a.children} and ${b.children} children\n`,
    );
  });

  describe('in real time on Kafka', () => {
    const brokers = testKafkaBrokers();
    let run: ProjectionRun;
    let publisher: KafkaTransport;
    let secondScheduler: GapScheduler;

    beforeAll(async () => {
      const topics = await createSyntheticTopics(brokers, 'timers');
      run = await projectionRun({
        prefix: 'scheduler_realtime',
        brokers,
        topics,
        clock: () => new Date(),
        schedulerPollMs: 1000,
      });
      cleanUp.push(() => run.close());
      // A second instance: its own connections, its own projector and scheduler, the same database.
      const secondDataSource = await new DataSource({
        type: 'postgres',
        url: run.url,
        poolSize: 4,
      }).initialize();
      cleanUp.push(() => secondDataSource.destroy());
      secondScheduler = new GapScheduler({
        transactions: pgTransactions(pgPoolOf(secondDataSource)),
        projector: new Projector({ clock: () => new Date() }),
        gate: run.projection.gate,
        pollIntervalMs: 1000,
        batchSize: 5,
      });
      publisher = new KafkaTransport({
        brokers,
        clientId: 'timers-publisher',
        logger: silentLogger,
      });
      cleanUp.push(() => publisher.close());
      await run.start();
      secondScheduler.start();
      cleanUp.push(() => secondScheduler.stop());
    });

    it('opens a gap whose deadline is 3 seconds ahead within 5 seconds of it, once, with two schedulers side by side', async () => {
      const children = 40;
      const sentAt = Date.now();
      const dischargedAt = new Date(sentAt - 7 * DAY + 3_000).toISOString();
      const discharges = Array.from({ length: children }, (_, i) => ({
        topic: run.topics.health,
        envelope: build.discharged(`adm-${i}`, dischargedAt, false, {
          subject: `child-rt-${i}`,
          id: `rt-discharge-${i}`,
        }),
      }));
      await publishEvents(publisher, discharges);
      const due = new Date(dischargedAt).getTime() + 7 * DAY;

      const rows = await eventually(
        async () => {
          const found = (await run.dataSource.query(
            `SELECT gap_id::text AS gap_id, detected_at, due_at FROM read_model.gaps WHERE rule_id = 'health.discharge-summary'`,
          )) as Array<{ gap_id: string; detected_at: Date; due_at: Date }>;
          expect(found).toHaveLength(children);
          return found;
        },
        { timeoutMs: 20_000, intervalMs: 100 },
      );
      const delays = rows.map((row) => row.detected_at.getTime() - due);
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...delays)).toBeLessThanOrEqual(5_000);
      expect(rows.every((row) => row.due_at.getTime() === due)).toBe(true);

      // Each gap was opened by exactly one of the two schedulers, and its event stored once.
      const opened =
        run.scheduler.status().opened +
        secondScheduler.status().opened +
        run.projection.status().opened;
      expect(opened).toBe(children);
      await eventually(async () => {
        const [stored] = (await run.dataSource.query(
          `SELECT count(*)::int AS events, count(DISTINCT stream_id)::int AS streams FROM event_store.events WHERE type = 'no.samvirke.coordination.gap-opened.v1'`,
        )) as Array<{ events: number; streams: number }>;
        expect(stored).toEqual({ events: children, streams: children });
      });
      process.stdout.write(
        `[timers] ${children} gaps due 3 s after sending opened ${Math.min(...delays)}–${Math.max(...delays)} ms after their deadline; ` +
          `scheduler one opened ${run.scheduler.status().opened}, scheduler two ${secondScheduler.status().opened}\n`,
      );
    });
  });
});
