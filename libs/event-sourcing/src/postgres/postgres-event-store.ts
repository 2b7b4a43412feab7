import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import {
  refuseRepeatedStreams,
  type AppendResult,
  type Checkpoint,
  type EventStore,
  type EventToAppend,
  type ExpectedVersion,
  type ReadAllResult,
  type ReadStreamResult,
  type StreamAppend,
} from '../event-store';
import { appendEvents, tryAppendEvents, tryAppendToStreams, UniqueViolation } from './append';
import { loadNamedCheckpoint, storeNamedCheckpoint } from './checkpoints';
import { eventStoreMigrations } from './migrations';
import { pgPoolOf } from './pg-pool';
import { readAllEvents } from './read-all';
import { readStreamEvents } from './read-stream';
import { eventStoreTables, type EventStoreTables, type SqlExecutor } from './tables';

/** TypeORM is loaded when a store is made, so code that only needs the decider types does not load it. */
const typeorm = () => import('typeorm');

/** How often an append outside a transaction runs again after losing a unique-key race. */
const UNIQUE_VIOLATION_ATTEMPTS = 3;

/**
 * The event-store port on PostgreSQL through a TypeORM DataSource: one `events` table and one
 * `checkpoints` table in the store's own schema. Make it with `createPostgresEventStore`,
 * which runs the migrations first.
 */
export class PostgresEventStore implements EventStore {
  readonly tables: EventStoreTables;
  private readonly ownsDataSource: boolean;
  private prepared?: SqlExecutor;

  constructor(
    readonly dataSource: DataSource,
    options: { schema?: string; ownsDataSource?: boolean } = {},
  ) {
    this.tables = eventStoreTables(options.schema);
    this.ownsDataSource = options.ownsDataSource ?? false;
  }

  async appendToStream(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: EventToAppend[],
  ): Promise<AppendResult> {
    const appended = await tryAppendEvents(this.db, this.tables, streamId, expectedVersion, events);
    if (appended) return appended;
    for (let attempt = 1; ; attempt++) {
      try {
        return await appendEvents(this.db, this.tables, streamId, expectedVersion, events);
      } catch (error) {
        // Run again: the other writer has committed by now, so the verdict says whether that was
        // our own retry (appended: false), a real conflict (ConcurrencyError) or room after all ('any').
        if (!(error instanceof UniqueViolation) || attempt >= UNIQUE_VIOLATION_ATTEMPTS)
          throw error;
      }
    }
  }

  /**
   * All the streams' appends in one statement when each stream is where its writer expects (the
   * common case: new streams, or 'any'); the rest, and all of them if an id or version was taken,
   * one by one as `appendToStream`, which says why or appends after all.
   */
  async appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    refuseRepeatedStreams(appends);
    const written = await tryAppendToStreams(this.db, this.tables, appends);
    const results: AppendResult[] = [];
    for (const { streamId, expectedVersion, events } of appends) {
      results.push(
        written.get(streamId) ?? (await this.appendToStream(streamId, expectedVersion, events)),
      );
    }
    return results;
  }

  /**
   * Appends inside the caller's transaction (the `sql` of a `pgTransactions` transaction of
   * `@samvirke/messaging`, a QueryRunner or a transaction's EntityManager),
   * so the events commit or roll back with the caller's other writes. A unique-key race cannot
   * be retried inside the aborted transaction: it comes out as a `ConcurrencyError`, and the
   * caller runs its transaction again.
   */
  appendInTransaction(
    transaction: SqlExecutor,
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: EventToAppend[],
  ): Promise<AppendResult> {
    return appendEvents(transaction, this.tables, streamId, expectedVersion, events);
  }

  readStream(streamId: string): Promise<ReadStreamResult> {
    return readStreamEvents(this.db, this.tables, streamId);
  }

  readAll(after: Checkpoint | null, limit: number): Promise<ReadAllResult> {
    return readAllEvents(this.db, this.tables, after, limit);
  }

  loadCheckpoint(name: string): Promise<Checkpoint | null> {
    return loadNamedCheckpoint(this.db, this.tables, name);
  }

  /** Stores a named checkpoint; pass `transaction` to store it atomically with the work it records. */
  storeCheckpoint(
    name: string,
    checkpoint: Checkpoint,
    transaction: SqlExecutor = this.db,
  ): Promise<void> {
    return storeNamedCheckpoint(transaction, this.tables, name, checkpoint);
  }

  async close(): Promise<void> {
    if (this.ownsDataSource && this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  /** Where statements outside a caller's transaction run: prepared, once the DataSource is connected. */
  private get db(): SqlExecutor {
    if (this.prepared) return this.prepared;
    const executor = preparedStatements(this.dataSource);
    if (executor !== this.dataSource) this.prepared = executor;
    return executor;
  }
}

/**
 * Runs each statement as a named prepared statement on the DataSource's own pg pool, so
 * PostgreSQL parses and plans it once per connection instead of on every append (the
 * append's planning costs more than its execution). Falls back to `DataSource.query` until the
 * DataSource is connected.
 */
function preparedStatements(dataSource: DataSource): SqlExecutor {
  if (!dataSource.isInitialized || dataSource.options.type !== 'postgres') return dataSource;
  const pool = pgPoolOf(dataSource);
  const names = new Map<string, string>();
  return {
    async query(text: string, values?: unknown[]) {
      let name = names.get(text);
      if (!name) {
        name = `samvirke_es_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
        names.set(text, name);
      }
      return (await pool.query({ name, text, values })).rows;
    },
  };
}

export type PostgresEventStoreConfig = {
  /** The store's PostgreSQL schema, created if missing. Default `event_store`. */
  schema?: string;
} & (
  | {
      /** A `postgres://` URL: the store makes its own DataSource and closes it on `close()`. */
      url: string;
      /** Connections in the store's pool. Default 10. */
      poolSize?: number;
    }
  | {
      /** The service's own DataSource (initialized or not); the store never closes it. */
      dataSource: DataSource;
    }
);

/** Runs the store's migrations in its schema and returns the store, ready to use. */
export async function createPostgresEventStore(
  config: PostgresEventStoreConfig,
): Promise<PostgresEventStore> {
  const tables = eventStoreTables(config.schema);
  if ('url' in config) {
    const { DataSource } = await typeorm();
    const dataSource = new DataSource({
      type: 'postgres',
      url: config.url,
      poolSize: config.poolSize ?? 10,
      logging: false,
    });
    await migrateEventStore(dataSource.options as PostgresConnectionOptions, tables);
    await dataSource.initialize();
    return new PostgresEventStore(dataSource, { schema: tables.schema, ownsDataSource: true });
  }
  const { dataSource } = config;
  if (dataSource.options.type !== 'postgres')
    throw new Error(
      `PostgresEventStore needs a postgres DataSource, got ${dataSource.options.type}`,
    );
  await migrateEventStore(dataSource.options, tables);
  if (!dataSource.isInitialized) await dataSource.initialize();
  return new PostgresEventStore(dataSource, { schema: tables.schema });
}

/**
 * Brings the store's schema up to date with its TypeORM migrations, recorded in
 * `<schema>.event_store_migrations`. Runs on a short-lived DataSource of its own, under an
 * advisory lock, so several instances of a service may start at once.
 */
export async function migrateEventStore(
  connection: PostgresConnectionOptions,
  tables: EventStoreTables,
): Promise<void> {
  const { DataSource } = await typeorm();
  const migrator = new DataSource({
    ...connection,
    schema: tables.schema,
    entities: [],
    subscribers: [],
    migrations: eventStoreMigrations(tables),
    migrationsTableName: 'event_store_migrations',
    // Whatever the service's own DataSource does on start-up, this one only migrates the store.
    migrationsRun: false,
    synchronize: false,
    dropSchema: false,
    cache: false,
    logging: false,
    poolSize: 2,
  });
  await migrator.initialize();
  const lock = migrator.createQueryRunner();
  const lockKey = `samvirke.event-store.${tables.schema}`;
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
    // TypeORM keeps its migrations table in the schema, so the schema must exist first.
    await lock.query(`CREATE SCHEMA IF NOT EXISTS "${tables.schema}"`);
    await migrator.runMigrations({ transaction: 'all' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => undefined);
    await lock.release();
    await migrator.destroy();
  }
}
