import { loadNamedCheckpoint, storeNamedCheckpoint } from './checkpoints';
import { createPostgresEventStore, type PostgresEventStore } from './postgres-event-store';
import { testDatabase, uniqueSchema } from './test-database';

jest.setTimeout(30_000);

describe('named checkpoints (PostgreSQL)', () => {
  let url: string;
  let schema: string;
  let store: PostgresEventStore;

  beforeAll(async () => {
    url = await testDatabase('es_checkpoints');
  });
  beforeEach(async () => {
    schema = uniqueSchema();
    store = await createPostgresEventStore({ url, schema });
  });
  afterEach(async () => {
    await store.close();
  });

  it('loads null for a name never stored', async () => {
    expect(await loadNamedCheckpoint(store.dataSource, store.tables, 'relay')).toBeNull();
  });

  it('stores, replaces and loads checkpoints by name', async () => {
    await storeNamedCheckpoint(store.dataSource, store.tables, 'relay', '10:1');
    await storeNamedCheckpoint(store.dataSource, store.tables, 'timeline', '10:1');
    await storeNamedCheckpoint(store.dataSource, store.tables, 'relay', '12:7');

    expect(await loadNamedCheckpoint(store.dataSource, store.tables, 'relay')).toBe('12:7');
    expect(await loadNamedCheckpoint(store.dataSource, store.tables, 'timeline')).toBe('10:1');
  });

  it('keeps checkpoints for a new store on the same database and schema', async () => {
    await store.storeCheckpoint('relay', '12:7');

    const reopened = await createPostgresEventStore({ url, schema });
    try {
      expect(await reopened.loadCheckpoint('relay')).toBe('12:7');
    } finally {
      await reopened.close();
    }
  });

  it('stores a checkpoint with the work of a transaction, and forgets it when that rolls back', async () => {
    const work = store.dataSource.createQueryRunner();
    await work.startTransaction();
    await store.storeCheckpoint('projection', '12:7', work);
    await work.rollbackTransaction();
    await work.release();

    expect(await store.loadCheckpoint('projection')).toBeNull();
  });
});
