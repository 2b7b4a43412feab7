import type { PostgresEventStore } from './postgres-event-store';
import { readAllEvents } from './read-all';
import { decodePosition } from './tables';
import { anEvent, freshStore, testDatabase } from './test-database';

jest.setTimeout(30_000);

describe('readAll (PostgreSQL)', () => {
  let url: string;
  let store: PostgresEventStore;

  beforeAll(async () => {
    url = await testDatabase('es_read_all');
  });
  beforeEach(async () => {
    store = await freshStore(url);
  });
  afterEach(async () => {
    await store.close();
  });

  const readAll = (after: string | null, limit = 100) =>
    readAllEvents(store.dataSource, store.tables, after, limit);

  it('reads nothing and keeps a null checkpoint from an empty log', async () => {
    expect(await readAll(null)).toEqual({ events: [], checkpoint: null });
  });

  it('pages through the log, each page resuming after the last event of the one before', async () => {
    await store.appendToStream('a', 0, [anEvent('1'), anEvent('2'), anEvent('3')]);
    await store.appendToStream('b', 0, [anEvent('4'), anEvent('5')]);

    const first = await readAll(null, 2);
    const second = await readAll(first.checkpoint, 2);
    const third = await readAll(second.checkpoint, 2);
    const fourth = await readAll(third.checkpoint, 2);

    expect([first, second, third].map((page) => page.events.map((e) => e.type))).toEqual([
      ['1', '2'],
      ['3', '4'],
      ['5'],
    ]);
    expect(fourth).toEqual({ events: [], checkpoint: third.checkpoint });
  });

  it('orders the log by number, not as text, past ten positions', async () => {
    for (let i = 1; i <= 12; i++) await store.appendToStream('a', i - 1, [anEvent(String(i))]);

    const { events } = await readAll(null);

    expect(events.map((e) => e.type)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      '11',
      '12',
    ]);
  });

  it("encodes the checkpoint as the last event's transaction id and global position", async () => {
    await store.appendToStream('a', 0, [anEvent(), anEvent()]);
    const [row] = (await store.dataSource.query(
      `SELECT transaction_id::text AS tx, max(global_position)::text AS pos FROM ${store.tables.events} GROUP BY transaction_id`,
    )) as Array<{ tx: string; pos: string }>;

    const { checkpoint } = await readAll(null);

    expect(decodePosition(checkpoint ?? '')).toEqual({
      transactionId: row.tx,
      globalPosition: row.pos,
    });
  });

  it('holds back every event after a transaction still running, and returns them all once it commits', async () => {
    const slow = store.dataSource.createQueryRunner();
    await slow.startTransaction();
    await store.appendInTransaction(slow, 'slow', 0, [anEvent('slow')]);
    await store.appendToStream('fast', 0, [anEvent('fast')]);

    const during = await readAll(null);
    await slow.commitTransaction();
    await slow.release();
    const after = await readAll(during.checkpoint);

    expect(during.events).toEqual([]);
    expect(after.events.map((e) => e.type)).toEqual(['slow', 'fast']);
  });

  it('does not skip an event with a lower global position that sorts after the checkpoint by transaction', async () => {
    // The older transaction takes its id first but inserts after the younger one has committed:
    // its event has the higher global position yet comes first in (transaction_id, position) order.
    const older = store.dataSource.createQueryRunner();
    await older.startTransaction();
    await older.query('SELECT pg_current_xact_id()');
    await store.appendToStream('younger', 0, [anEvent('younger')]);
    await store.appendInTransaction(older, 'older', 0, [anEvent('older')]);
    await older.commitTransaction();
    await older.release();

    const first = await readAll(null, 1);
    const second = await readAll(first.checkpoint, 1);

    expect(first.events.map((e) => e.type)).toEqual(['older']);
    expect(second.events.map((e) => e.type)).toEqual(['younger']);
    const [olderPos, youngerPos] = [first, second].map((p) =>
      BigInt(decodePosition(p.checkpoint ?? '').globalPosition),
    );
    expect(youngerPos < olderPos).toBe(true);
  });

  it('does not return events of a transaction that rolled back', async () => {
    const aborted = store.dataSource.createQueryRunner();
    await aborted.startTransaction();
    await store.appendInTransaction(aborted, 'gone', 0, [anEvent('gone')]);
    await aborted.rollbackTransaction();
    await aborted.release();
    await store.appendToStream('kept', 0, [anEvent('kept')]);

    expect((await readAll(null)).events.map((e) => e.type)).toEqual(['kept']);
  });

  it('refuses a limit that is not a positive integer and a checkpoint it did not make', async () => {
    await expect(readAll(null, 0)).rejects.toThrow(/positive integer/);
    await expect(readAll('17', 10)).rejects.toThrow(/not a PostgreSQL event store checkpoint/);
  });
});
