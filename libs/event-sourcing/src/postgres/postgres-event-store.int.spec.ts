import { DataSource } from 'typeorm';
import { eventStoreContract } from '../testing/event-store-contract';
import { createPostgresEventStore, type PostgresEventStore } from './postgres-event-store';
import { anEvent, sleep, testDatabase, uniqueSchema } from './test-database';

jest.setTimeout(30_000);

let url: string;
beforeAll(async () => {
  url = await testDatabase('es_contract');
});

eventStoreContract('PostgresEventStore', async () => {
  const schema = uniqueSchema('contract');
  const store = await createPostgresEventStore({ url, schema, poolSize: 30 });
  return {
    store,
    reopen: () => createPostgresEventStore({ url, schema }),
    // BEGIN; the adapter's own append; hold the transaction open; COMMIT.
    appendInSlowTransaction: (streamId, expectedVersion, events, holdMs) =>
      store.dataSource.transaction(async (manager) => {
        const result = await store.appendInTransaction(manager, streamId, expectedVersion, events);
        await sleep(holdMs);
        return result;
      }),
  };
});

describe('createPostgresEventStore', () => {
  const stores: PostgresEventStore[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });
  const create = async (...args: Parameters<typeof createPostgresEventStore>) => {
    const store = await createPostgresEventStore(...args);
    stores.push(store);
    return store;
  };

  it('creates the events table with its global position, transaction id, keys and log index', async () => {
    const store = await create({ url, schema: uniqueSchema() });

    const columns = await store.dataSource.query(
      `SELECT column_name, data_type FROM information_schema.columns
       WHERE table_schema = $1 AND table_name = 'events' ORDER BY ordinal_position`,
      [store.tables.schema],
    );
    const indexes = (await store.dataSource.query(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'events'`,
      [store.tables.schema],
    )) as Array<{ indexdef: string }>;

    expect(columns).toEqual([
      { column_name: 'global_position', data_type: 'bigint' },
      { column_name: 'transaction_id', data_type: 'xid8' },
      { column_name: 'stream_id', data_type: 'text' },
      { column_name: 'stream_version', data_type: 'integer' },
      { column_name: 'event_id', data_type: 'uuid' },
      { column_name: 'type', data_type: 'text' },
      { column_name: 'data', data_type: 'jsonb' },
      { column_name: 'metadata', data_type: 'jsonb' },
      { column_name: 'recorded_at', data_type: 'timestamp with time zone' },
    ]);
    const definitions = indexes.map((i) => i.indexdef.replace(/^.* USING btree /, ''));
    expect(definitions.sort()).toEqual([
      '(event_id)',
      '(global_position)',
      '(stream_id, stream_version)',
      '(transaction_id, global_position)',
    ]);
  });

  it('keeps stores in different schemas of one database apart', async () => {
    const health = await create({ url, schema: uniqueSchema('health') });
    const school = await create({ url, schema: uniqueSchema('school') });

    await health.appendToStream('child-1', 0, [anEvent()]);

    expect((await school.readStream('child-1')).version).toBe(0);
    expect((await school.readAll(null, 10)).events).toEqual([]);
    expect((await health.readAll(null, 10)).events).toHaveLength(1);
  });

  it('migrates once when several instances start at the same time, and again is a no-op', async () => {
    const schema = uniqueSchema();

    const started = await Promise.all([1, 2, 3].map(() => create({ url, schema, poolSize: 2 })));
    await create({ url, schema });

    const applied = await started[0].dataSource.query(
      `SELECT name FROM "${schema}".event_store_migrations`,
    );
    expect(applied).toEqual([{ name: 'CreateEventStore1764000000000' }]);
  });

  it("works on a service's own DataSource and leaves it open on close", async () => {
    const dataSource = new DataSource({ type: 'postgres', url });
    try {
      const store = await createPostgresEventStore({ dataSource, schema: uniqueSchema() });
      await store.appendToStream('child-1', 0, [anEvent()]);
      await store.close();

      expect(dataSource.isInitialized).toBe(true);
      expect((await store.readStream('child-1')).version).toBe(1);
    } finally {
      await dataSource.destroy();
    }
  });

  it('writes the appends of many new streams in one statement: one transaction, positions in the order given', async () => {
    const store = await create({ url, schema: uniqueSchema('many') });
    const appends = Array.from({ length: 50 }, (_, i) => ({
      streamId: `gap-${i}`,
      expectedVersion: 'any' as const,
      events: [anEvent(), anEvent()],
    }));

    await store.appendToStreams(appends);

    const rows = (await store.dataSource.query(
      `SELECT stream_id, stream_version, transaction_id::text AS tx FROM ${store.tables.events} ORDER BY global_position`,
    )) as Array<{ stream_id: string; stream_version: number; tx: string }>;
    expect(new Set(rows.map((row) => row.tx)).size).toBe(1);
    expect(rows.map((row) => `${row.stream_id}/${row.stream_version}`)).toEqual(
      appends.flatMap(({ streamId }) => [`${streamId}/1`, `${streamId}/2`]),
    );
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(createPostgresEventStore({ url, schema: 'x"; DROP TABLE y; --' })).rejects.toThrow(
      /identifier/,
    );
  });
});
