import type { PostgresEventStore } from './postgres-event-store';
import { readStreamEvents } from './read-stream';
import { anEvent, freshStore, testDatabase } from './test-database';

jest.setTimeout(30_000);

describe('readStream (PostgreSQL)', () => {
  let url: string;
  let store: PostgresEventStore;

  beforeAll(async () => {
    url = await testDatabase('es_read_stream');
  });
  beforeEach(async () => {
    store = await freshStore(url);
  });
  afterEach(async () => {
    await store.close();
  });

  it('reads a stream in version order with every stored field', async () => {
    const [a, b] = [
      anEvent('a.v1', { n: 1 }),
      { ...anEvent('b.v1', { n: 2 }), metadata: { correlationId: 'c-1' } },
    ];
    await store.appendToStream('stay-1', 0, [a]);
    await store.appendToStream('stay-2', 0, [anEvent()]);
    await store.appendToStream('stay-1', 1, [b]);

    const { events, version } = await readStreamEvents(store.dataSource, store.tables, 'stay-1');

    expect(version).toBe(2);
    expect(events).toEqual([
      {
        eventId: a.eventId,
        type: 'a.v1',
        data: { n: 1 },
        metadata: {},
        streamId: 'stay-1',
        streamVersion: 1,
        position: expect.stringMatching(/^\d+:\d+$/),
        recordedAt: expect.any(Date),
      },
      expect.objectContaining({
        eventId: b.eventId,
        streamVersion: 2,
        metadata: { correlationId: 'c-1' },
      }),
    ]);
  });

  it('reads a stream that does not exist as version 0 with no events', async () => {
    expect(await readStreamEvents(store.dataSource, store.tables, 'nobody')).toEqual({
      events: [],
      version: 0,
    });
  });

  it('does not see events of a transaction that has not committed', async () => {
    const open = store.dataSource.createQueryRunner();
    await open.startTransaction();
    await store.appendInTransaction(open, 'stay-1', 0, [anEvent()]);

    const during = await readStreamEvents(store.dataSource, store.tables, 'stay-1');
    await open.commitTransaction();
    await open.release();

    expect(during.version).toBe(0);
    expect((await readStreamEvents(store.dataSource, store.tables, 'stay-1')).version).toBe(1);
  });
});
