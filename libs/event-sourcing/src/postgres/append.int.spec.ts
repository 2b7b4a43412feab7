import { ConcurrencyError, EventIdConflictError } from '../event-store';
import { appendEvents, tryAppendEvents, UniqueViolation } from './append';
import type { PostgresEventStore } from './postgres-event-store';
import type { SqlExecutor } from './tables';
import { anEvent, freshStore, sleep, testDatabase } from './test-database';

jest.setTimeout(30_000);

describe('append (PostgreSQL)', () => {
  let url: string;
  let store: PostgresEventStore;

  beforeAll(async () => {
    url = await testDatabase('es_append');
  });
  beforeEach(async () => {
    store = await freshStore(url);
  });
  afterEach(async () => {
    await store.close();
  });

  const rows = (streamId: string) =>
    store.dataSource.query(
      `SELECT stream_version, global_position::int AS global_position, transaction_id::text AS transaction_id
       FROM ${store.tables.events} WHERE stream_id = $1 ORDER BY stream_version`,
      [streamId],
    ) as Promise<
      Array<{ stream_version: number; global_position: number; transaction_id: string }>
    >;

  it('writes a batch in one statement, with consecutive versions and rising global positions in one transaction', async () => {
    let statements = 0;
    const counting: SqlExecutor = {
      query: (sql, parameters) => (statements++, store.dataSource.query(sql, parameters)),
    };

    const result = await appendEvents(
      counting,
      store.tables,
      'stay-1',
      0,
      Array.from({ length: 100 }, () => anEvent()),
    );

    expect(result).toEqual({ nextExpectedVersion: 100, appended: true });
    expect(statements).toBe(1);
    const written = await rows('stay-1');
    expect(written.map((r) => r.stream_version)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    expect(written.map((r) => r.global_position)).toEqual(
      [...written.map((r) => r.global_position)].sort((a, b) => a - b),
    );
    expect(new Set(written.map((r) => r.transaction_id)).size).toBe(1);
  });

  it('stores type, data and metadata as given, with empty metadata by default', async () => {
    await appendEvents(store.dataSource, store.tables, 'stay-1', 0, [
      {
        eventId: '0190a7c2-0000-7000-8000-000000000001',
        type: 't.v1',
        data: { n: 1, s: 'æøå "quoted" \\ back' },
        metadata: { c: 'x' },
      },
      { eventId: '0190a7c2-0000-7000-8000-000000000002', type: 't.v1', data: ['a', 2] },
    ]);

    const stored = await store.dataSource.query(
      `SELECT event_id::text, type, data, metadata FROM ${store.tables.events} ORDER BY global_position`,
    );
    expect(stored).toEqual([
      {
        event_id: '0190a7c2-0000-7000-8000-000000000001',
        type: 't.v1',
        data: { n: 1, s: 'æøå "quoted" \\ back' },
        metadata: { c: 'x' },
      },
      {
        event_id: '0190a7c2-0000-7000-8000-000000000002',
        type: 't.v1',
        data: ['a', 2],
        metadata: {},
      },
    ]);
  });

  it("refuses a stale expected version with the stream's actual version", async () => {
    await appendEvents(store.dataSource, store.tables, 'stay-1', 0, [anEvent(), anEvent()]);

    const error = await appendEvents(store.dataSource, store.tables, 'stay-1', 1, [
      anEvent(),
    ]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    expect(await rows('stay-1')).toHaveLength(2);
  });

  it('answers appended: false with the current version when every id is already in the stream', async () => {
    const events = [anEvent(), anEvent()];
    await appendEvents(store.dataSource, store.tables, 'stay-1', 0, events);
    await appendEvents(store.dataSource, store.tables, 'stay-1', 2, [anEvent()]);

    expect(await appendEvents(store.dataSource, store.tables, 'stay-1', 0, events)).toEqual({
      nextExpectedVersion: 3,
      appended: false,
    });
    expect(await rows('stay-1')).toHaveLength(3);
  });

  it('refuses a batch that repeats some stored ids, naming them', async () => {
    const stored = anEvent();
    await appendEvents(store.dataSource, store.tables, 'stay-1', 0, [stored]);

    const error = await appendEvents(store.dataSource, store.tables, 'stay-1', 1, [
      stored,
      anEvent(),
    ]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(EventIdConflictError);
    expect((error as EventIdConflictError).storedEventIds).toEqual([stored.eventId]);
  });

  it('refuses an event id already stored in another stream', async () => {
    const stored = anEvent();
    await appendEvents(store.dataSource, store.tables, 'stay-1', 0, [stored]);

    await expect(
      appendEvents(store.dataSource, store.tables, 'stay-2', 0, [stored]),
    ).rejects.toBeInstanceOf(EventIdConflictError);
    expect(await rows('stay-2')).toHaveLength(0);
  });

  it('refuses a batch that holds one id twice before asking the database', async () => {
    const event = anEvent();
    const never: SqlExecutor = { query: () => Promise.reject(new Error('no query expected')) };

    await expect(
      appendEvents(never, store.tables, 'stay-1', 0, [event, event]),
    ).rejects.toBeInstanceOf(EventIdConflictError);
  });

  it('reports a version taken by a transaction that committed after our snapshot as a unique violation', async () => {
    const open = store.dataSource.createQueryRunner();
    await open.startTransaction();
    await appendEvents(open, store.tables, 'stay-1', 0, [anEvent()]);

    const racing = appendEvents(store.dataSource, store.tables, 'stay-1', 0, [anEvent()]).catch(
      (e: unknown) => e,
    );
    await sleep(100);
    await open.commitTransaction();
    await open.release();

    const error = await racing;
    expect(error).toBeInstanceOf(UniqueViolation);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect((error as UniqueViolation).constraint).toBe('stream-version');
  });

  it("lets the store run an 'any' append again after losing the race, so both land", async () => {
    const open = store.dataSource.createQueryRunner();
    await open.startTransaction();
    await appendEvents(open, store.tables, 'stay-1', 'any', [anEvent()]);

    const racing = store.appendToStream('stay-1', 'any', [anEvent()]);
    await sleep(100);
    await open.commitTransaction();
    await open.release();

    expect(await racing).toEqual({ nextExpectedVersion: 2, appended: true });
  });

  it('lets the store answer appended: false when a concurrent copy of the same append wins', async () => {
    const events = [anEvent(), anEvent()];
    const open = store.dataSource.createQueryRunner();
    await open.startTransaction();
    await appendEvents(open, store.tables, 'stay-1', 0, events);

    const racing = store.appendToStream('stay-1', 0, events);
    await sleep(100);
    await open.commitTransaction();
    await open.release();

    expect(await racing).toEqual({ nextExpectedVersion: 2, appended: false });
  });

  it("refuses to append in a transaction older than the one that wrote the stream's head, which would break stream order in readAll", async () => {
    const older = store.dataSource.createQueryRunner();
    await older.startTransaction();
    await older.query('SELECT pg_current_xact_id()');
    await store.appendToStream('stay-1', 0, [anEvent()]);

    const error = await appendEvents(older, store.tables, 'stay-1', 1, [anEvent()]).catch(
      (e: unknown) => e,
    );
    await older.rollbackTransaction();
    await older.release();

    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(await rows('stay-1')).toHaveLength(1);
  });

  describe('the optimistic append', () => {
    it('writes a batch in one statement when the stream is at the expected version', async () => {
      let statements = 0;
      const counting: SqlExecutor = {
        query: (sql, parameters) => (statements++, store.dataSource.query(sql, parameters)),
      };
      await appendEvents(store.dataSource, store.tables, 'stay-1', 0, [anEvent()]);

      const result = await tryAppendEvents(counting, store.tables, 'stay-1', 1, [
        anEvent(),
        anEvent(),
      ]);

      expect(result).toEqual({ nextExpectedVersion: 3, appended: true });
      expect(statements).toBe(1);
      expect((await rows('stay-1')).map((r) => r.stream_version)).toEqual([1, 2, 3]);
    });

    it("appends after the head with 'any'", async () => {
      await appendEvents(store.dataSource, store.tables, 'stay-1', 0, [anEvent()]);

      expect(
        await tryAppendEvents(store.dataSource, store.tables, 'stay-1', 'any', [anEvent()]),
      ).toEqual({
        nextExpectedVersion: 2,
        appended: true,
      });
    });

    it('writes nothing and leaves the verdict to the checked append when the stream moved', async () => {
      await appendEvents(store.dataSource, store.tables, 'stay-1', 0, [anEvent()]);

      expect(
        await tryAppendEvents(store.dataSource, store.tables, 'stay-1', 0, [anEvent()]),
      ).toBeUndefined();
      expect(await rows('stay-1')).toHaveLength(1);
    });

    it('writes nothing of a batch with one id already stored, in this stream or another', async () => {
      const stored = anEvent();
      await appendEvents(store.dataSource, store.tables, 'stay-1', 0, [stored]);

      expect(
        await tryAppendEvents(store.dataSource, store.tables, 'stay-1', 'any', [anEvent(), stored]),
      ).toBeUndefined();
      expect(
        await tryAppendEvents(store.dataSource, store.tables, 'stay-2', 0, [anEvent(), stored]),
      ).toBeUndefined();
      expect(await rows('stay-1')).toHaveLength(1);
      expect(await rows('stay-2')).toHaveLength(0);
    });
  });
});
