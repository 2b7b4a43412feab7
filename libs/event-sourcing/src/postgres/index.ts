export {
  PostgresEventStore,
  createPostgresEventStore,
  migrateEventStore,
  type PostgresEventStoreConfig,
} from './postgres-event-store';
export { eventStoreMigrations } from './migrations';
export { pgPoolOf } from './pg-pool';
export {
  eventStoreTables,
  DEFAULT_SCHEMA,
  type EventStoreTables,
  type SqlExecutor,
} from './tables';
