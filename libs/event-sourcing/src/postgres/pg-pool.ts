import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/**
 * The `pg` Pool under an initialized TypeORM PostgreSQL DataSource. A service's plain SQL runs
 * here, so TypeORM (the connection, the migrations) and the SQL share one pool of connections.
 */
export function pgPoolOf(dataSource: DataSource): Pool {
  const pool =
    dataSource.isInitialized && dataSource.options.type === 'postgres'
      ? ((dataSource.driver as PostgresDriver).master as Pool | undefined)
      : undefined;
  if (!pool) throw new Error('pgPoolOf needs an initialized postgres DataSource');
  return pool;
}
