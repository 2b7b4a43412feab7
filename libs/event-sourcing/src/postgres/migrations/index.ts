import type { MigrationInterface } from 'typeorm';
import type { EventStoreTables } from '../tables';
import { createEventStoreMigration } from './1764000000000-create-event-store';

/**
 * The store's TypeORM migrations for one schema, oldest first. `createPostgresEventStore`
 * runs them; a service that runs its own migrations may list them among its own instead.
 */
export function eventStoreMigrations(
  tables: EventStoreTables,
): Array<new () => MigrationInterface> {
  return [createEventStoreMigration(tables)];
}
