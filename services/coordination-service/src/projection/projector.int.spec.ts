import type { EventEnvelope } from '@samvirke/contracts';
import type { DataSource } from 'typeorm';
import { events as build, seededRandom, shuffle } from '@samvirke/gap-engine/testing';
import { gapRules } from '@samvirke/gap-engine';
import { gapEventIdOf, gapIdOf } from '../read-model';
import { Projector, RULE_ERROR_RETRY_MS } from './projector';
import { inTransaction, readModelDatabase } from './testing/database';
import { describeSnapshot, snapshotReadModel } from './testing/read-model-snapshot';
import { inTimeOrder, syntheticYear } from '@samvirke/gap-engine/testing';

const END_OF_YEAR = new Date('2026-01-01T00:00:00Z');

async function projectInBatches(
  dataSource: DataSource,
  projector: Projector,
  envelopes: EventEnvelope[],
  sizes: () => number,
  evaluate: boolean,
) {
  for (let i = 0; i < envelopes.length;) {
    const batch = envelopes.slice(i, i + sizes());
    i += batch.length;
    await inTransaction(dataSource, (sql) => projector.project(batch, sql, { evaluate }));
  }
}

async function evaluateAllDue(dataSource: DataSource, projector: Projector) {
  for (;;) {
    const outcome = await inTransaction(dataSource, (sql) => projector.evaluateDue(sql, 100));
    if (outcome.children === 0) return;
  }
}

describe('the projector on PostgreSQL', () => {
  const open: DataSource[] = [];
  const database = async (prefix: string) => {
    const { dataSource } = await readModelDatabase(prefix);
    open.push(dataSource);
    return dataSource;
  };
  afterAll(() => Promise.all(open.map((dataSource) => dataSource.destroy())));

  it('gives the same timeline, children and gaps for a year of 200 children in time order and shuffled into other batches', async () => {
    const history = syntheticYear({ seed: 11, children: 200 }).map((e) => e.envelope);
    const ordered = inTimeOrder(history.map((envelope) => ({ topic: '', envelope }))).map(
      (e) => e.envelope,
    );
    const random = seededRandom(5);
    const shuffled = shuffle(history, random);

    const a = await database('projector_ordered');
    const b = await database('projector_shuffled');
    const projector = new Projector({ clock: () => END_OF_YEAR });
    await projectInBatches(a, projector, ordered, () => 250, false);
    await projectInBatches(b, projector, shuffled, () => 1 + Math.floor(random() * 400), false);
    await evaluateAllDue(a, projector);
    await evaluateAllDue(b, projector);

    const left = await snapshotReadModel(a);
    const right = await snapshotReadModel(b);
    expect(left.timeline).toHaveLength(
      history.length + left.gaps.length + left.gaps.filter((g) => g.status === 'resolved').length,
    );
    expect(right.timeline).toEqual(left.timeline);
    expect(right.children).toEqual(left.children);
    expect(right.gaps).toEqual(left.gaps);
    const rules = new Set(left.gaps.map((gap) => gap.rule_id));
    expect(rules.size).toBeGreaterThanOrEqual(12);
    expect(left.gaps.some((gap) => gap.status === 'open')).toBe(true);
    expect(left.gaps.some((gap) => gap.resolution === 'auto' && Number(gap.late_by_ms) > 0)).toBe(
      true,
    );
    process.stdout.write(`[projector] ${describeSnapshot(left)}; rules: ${rules.size}\n`);
  });

  it('records a deadline missed in history as a gap resolved late, with both gap events queued', async () => {
    const db = await database('projector_history');
    const projector = new Projector({ clock: () => new Date('2026-04-01T00:00:00Z') });
    const child = 'child-history';
    const discharge = build.discharged('adm-1', '2026-03-02T10:00:00+01:00', false, {
      subject: child,
    });
    const summary = build.summarySent('adm-1', '2026-03-12T10:00:00+01:00', { subject: child });
    await inTransaction(db, (sql) =>
      projector.project([summary, discharge], sql, { evaluate: true }),
    );

    const gapId = gapIdOf(child, 'health.discharge-summary:adm-1');
    const [gap] = (await db.query(
      `SELECT status, resolution, late_by_ms::int AS late, opened_at, due_at, resolved_at FROM read_model.gaps WHERE gap_id = $1`,
      [gapId],
    )) as Array<Record<string, unknown>>;
    expect(gap).toEqual(
      expect.objectContaining({ status: 'resolved', resolution: 'auto', late: 3 * 86_400_000 }),
    );
    expect(gap.opened_at).toEqual(gap.due_at);
    expect(gap.resolved_at).toEqual(new Date('2026-03-12T09:00:00Z'));
    const outbox = (await db.query(
      `SELECT event_id::text AS id, envelope->>'type' AS type FROM coordination_gap_outbox ORDER BY seq`,
    )) as Array<Record<string, unknown>>;
    expect(outbox).toEqual([
      { id: gapEventIdOf(gapId, 'opened'), type: 'no.samvirke.coordination.gap-opened.v1' },
      { id: gapEventIdOf(gapId, 'resolved'), type: 'no.samvirke.coordination.gap-resolved.v2' },
    ]);
  });

  it('takes the engine’s own gap events coming back from the bus, and a redelivered batch, as repeats that change nothing', async () => {
    const db = await database('projector_repeats');
    const projector = new Projector({ clock: () => new Date('2026-04-01T00:00:00Z') });
    const child = 'child-repeats';
    const discharge = build.discharged('adm-1', '2026-03-02T10:00:00+01:00', false, {
      subject: child,
    });
    const summary = build.summarySent('adm-1', '2026-03-12T10:00:00+01:00', { subject: child });
    const first = await inTransaction(db, (sql) =>
      projector.project([discharge, summary], sql, { evaluate: true }),
    );
    expect(first).toEqual(expect.objectContaining({ events: 2, repeats: 0, gapEvents: 2 }));
    const before = await snapshotReadModel(db);
    // The two sector events and the engine's gap-opened and gap-resolved, each on the timeline and counted once.
    expect(before.timeline).toHaveLength(4);
    expect(before.children).toEqual([
      expect.objectContaining({ child_ref: child, event_count: 4 }),
    ]);

    const queued = (await db.query(
      `SELECT envelope FROM coordination_gap_outbox ORDER BY seq`,
    )) as Array<{ envelope: EventEnvelope }>;
    const back = queued.map((row) => row.envelope);
    const again = await inTransaction(db, (sql) =>
      projector.project([...back, summary, discharge], sql, { evaluate: true }),
    );
    expect(again).toEqual(
      expect.objectContaining({ events: 0, repeats: 4, children: 0, gapEvents: 0 }),
    );
    expect(await snapshotReadModel(db)).toEqual(before);

    // One new event twice in a batch counts once.
    const resent = { ...summary, id: 'summary-resent' };
    const twice = await inTransaction(db, (sql) =>
      projector.project([resent, resent], sql, { evaluate: true }),
    );
    expect(twice).toEqual(expect.objectContaining({ events: 1, repeats: 0 }));
    expect((await snapshotReadModel(db)).children).toEqual([
      expect.objectContaining({ event_count: 5 }),
    ]);
  });

  it('applies a coordinator’s acknowledgement and manual resolution to the gap, and the earlier resolution wins', async () => {
    const db = await database('projector_manual');
    let now = new Date('2026-03-20T00:00:00Z');
    const projector = new Projector({ clock: () => now });
    const child = 'child-manual';
    const discharge = build.discharged('adm-1', '2026-03-02T10:00:00+01:00', false, {
      subject: child,
    });
    await inTransaction(db, (sql) => projector.project([discharge], sql, { evaluate: true }));
    const gapId = gapIdOf(child, 'health.discharge-summary:adm-1');
    const gapEvent = (type: string, data: Record<string, unknown>, id: string): EventEnvelope => ({
      ...discharge,
      id,
      type,
      source: '/samvirke/coordination-service',
      time: String(Object.values(data).find((v) => typeof v === 'string' && v.startsWith('2026'))),
      data: { gapId, ...data },
    });
    const ack = gapEvent(
      'no.samvirke.coordination.gap-acknowledged.v1',
      { acknowledgedAt: '2026-03-20T09:00:00Z', note: 'Calling the ward', by: 'coord-kari' },
      'ack-1',
    );
    const manual = gapEvent(
      'no.samvirke.coordination.gap-resolved.v1',
      { resolvedAt: '2026-03-21T09:00:00Z', how: 'manual', by: 'coord-kari', note: 'Sent by post' },
      'res-1',
    );
    await inTransaction(db, (sql) => projector.project([ack], sql, { evaluate: true }));
    const status = async () =>
      (
        (await db.query(
          `SELECT status, resolution, resolved_by, acknowledged_by, note FROM read_model.gaps WHERE gap_id = $1`,
          [gapId],
        )) as Array<Record<string, unknown>>
      )[0];
    expect(await status()).toEqual({
      status: 'acknowledged',
      resolution: null,
      resolved_by: null,
      acknowledged_by: 'coord-kari',
      note: 'Calling the ward',
    });

    now = new Date('2026-03-22T00:00:00Z');
    await inTransaction(db, (sql) => projector.project([manual], sql, { evaluate: true }));
    expect(await status()).toEqual({
      status: 'resolved',
      resolution: 'manual',
      resolved_by: 'coord-kari',
      acknowledged_by: 'coord-kari',
      note: 'Sent by post',
    });

    // The summary turns out to have been sent (late) before the coordinator resolved it: the fact wins.
    const summary = build.summarySent('adm-1', '2026-03-15T10:00:00+01:00', { subject: child });
    const engineResolution = gapEvent(
      'no.samvirke.coordination.gap-resolved.v1',
      {
        resolvedAt: '2026-03-15T09:00:00.000Z',
        how: 'auto',
        resolvingEventId: summary.id,
        lateByMs: 4 * 86_400_000,
      },
      'res-2',
    );
    await inTransaction(db, (sql) =>
      projector.project([summary, engineResolution], sql, { evaluate: true }),
    );
    expect(await status()).toEqual(
      expect.objectContaining({ status: 'resolved', resolution: 'auto', resolved_by: null }),
    );
  });

  it('empties an erased child’s timeline details and closes its open gaps, also for events after the erasure', async () => {
    const db = await database('projector_erasure');
    const projector = new Projector({ clock: () => new Date('2026-04-01T00:00:00Z') });
    const child = 'child-erased';
    const discharge = build.discharged('adm-1', '2026-03-02T10:00:00+01:00', true, {
      subject: child,
    });
    await inTransaction(db, (sql) => projector.project([discharge], sql, { evaluate: true }));
    const open = (await db.query(
      `SELECT count(*)::int AS n FROM read_model.gaps WHERE child_ref = $1 AND status = 'open'`,
      [child],
    )) as Array<{ n: number }>;
    expect(open[0].n).toBe(2);

    const erased: EventEnvelope = {
      ...discharge,
      id: 'erase-1',
      type: 'no.samvirke.coordination.child-erased.v1',
      data: { erasedAt: '2026-03-25T10:00:00Z' },
    };
    const late = build.summarySent('adm-1', '2026-03-04T10:00:00+01:00', { subject: child });
    await inTransaction(db, (sql) => projector.project([erased], sql, { evaluate: true }));
    await inTransaction(db, (sql) => projector.project([late], sql, { evaluate: true }));

    const details = (await db.query(
      `SELECT DISTINCT details::text AS d FROM read_model.timeline_entries WHERE child_ref = $1`,
      [child],
    )) as Array<{ d: string }>;
    expect(details).toEqual([{ d: '{}' }]);
    const gaps = (await db.query(
      `SELECT DISTINCT status, resolution FROM read_model.gaps WHERE child_ref = $1`,
      [child],
    )) as Array<Record<string, unknown>>;
    expect(gaps).toEqual([{ status: 'resolved', resolution: 'no-longer-applies' }]);
    const [row] = (await db.query(
      `SELECT name, erased_at, next_check_at, event_count FROM read_model.children WHERE child_ref = $1`,
      [child],
    )) as Array<Record<string, unknown>>;
    // Three events came in; the engine's two gaps opened and were resolved: seven on the timeline, each counted once.
    expect(row).toEqual({
      name: null,
      erased_at: new Date('2026-03-25T10:00:00Z'),
      next_check_at: null,
      event_count: 7,
    });
    const [entries] = (await db.query(
      `SELECT count(*)::int AS n FROM read_model.timeline_entries WHERE child_ref = $1`,
      [child],
    )) as Array<{ n: number }>;
    expect(entries.n).toBe(7);
  });

  it('keeps a child’s facts and timeline when a rule fails on them, and judges the child again later', async () => {
    const db = await database('projector_rule_error');
    const now = new Date('2026-04-01T00:00:00Z');
    const failures: string[] = [];
    const broken = {
      ...gapRules[0],
      evaluate: () => {
        throw new Error('a rule bug');
      },
    };
    const projector = new Projector({
      clock: () => now,
      rules: [broken, ...gapRules.slice(1)],
      onRuleError: (childRef) => failures.push(childRef),
    });
    const child = 'child-rule-error';
    await inTransaction(db, (sql) =>
      projector.project(
        [build.discharged('adm-1', '2026-03-02T10:00:00+01:00', true, { subject: child })],
        sql,
        { evaluate: true },
      ),
    );

    expect(failures).toEqual([child]);
    const [row] = (await db.query(
      `SELECT event_count, next_check_at FROM read_model.children WHERE child_ref = $1`,
      [child],
    )) as Array<Record<string, unknown>>;
    expect(row).toEqual({
      event_count: 1,
      next_check_at: new Date(now.getTime() + RULE_ERROR_RETRY_MS),
    });
    const [gaps] = (await db.query(`SELECT count(*)::int AS n FROM read_model.gaps`)) as Array<{
      n: number;
    }>;
    expect(gaps.n).toBe(0);
  });
});
