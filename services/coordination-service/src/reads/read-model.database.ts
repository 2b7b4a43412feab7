import { Inject, Injectable, Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { WRITE_SIDE_OPTIONS, type WriteSideModuleOptions } from '@samvirke/write-side';
import { Pool } from 'pg';
import { ensureReadModel } from '../read-model';

/** The read API's connections to the read model (schema `read_model` of the service's database). */
export const READ_MODEL_DB = Symbol('READ_MODEL_DB');

/** What the queries need of a connection: `pg`'s `query` with `$n` parameters. */
export interface ReadModelDb {
  query<Row extends object = Record<string, unknown>>(sql: string, parameters?: unknown[]): Promise<{ rows: Row[] }>;
}

export const readModelDbProvider: Provider = {
  provide: READ_MODEL_DB,
  inject: [WRITE_SIDE_OPTIONS],
  useFactory: async (options: WriteSideModuleOptions): Promise<Pool> => {
    const pool = new Pool({ connectionString: options.config.DATABASE_URL, max: 5 });
    // An idle connection dropped by the server must not crash the process; the pool replaces it.
    pool.on('error', (error) => new Logger('ReadModel').warn(`idle database connection lost: ${error.message}`));
    // The projection creates the tables too; the read API may start first (or without it).
    await ensureReadModel(pool);
    return pool;
  },
};

@Injectable()
export class ReadModelDbLifecycle implements OnApplicationShutdown {
  constructor(@Inject(READ_MODEL_DB) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
