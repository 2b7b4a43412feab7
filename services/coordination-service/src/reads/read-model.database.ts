import type { Provider } from '@nestjs/common';
import { DATABASE_POOL } from '@samvirke/platform';
import type { Pool } from 'pg';
import { ensureReadModel } from '../read-model';

/** The read API's connections to the read model (schema `read_model`): the process's pool. */
export const READ_MODEL_DB = Symbol('READ_MODEL_DB');

/** What the queries need of a connection: `pg`'s `query` with `$n` parameters. */
export interface ReadModelDb {
  query<Row extends object = Record<string, unknown>>(
    sql: string,
    parameters?: unknown[],
  ): Promise<{ rows: Row[] }>;
}

export const readModelDbProvider: Provider = {
  provide: READ_MODEL_DB,
  inject: [DATABASE_POOL],
  useFactory: async (pool: Pool): Promise<ReadModelDb> => {
    // The projection creates the tables too; the read API may start first (or without it).
    await ensureReadModel(pool);
    return pool;
  },
};
