import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { pgPoolOf } from '@samvirke/event-sourcing';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/** The process's TypeORM DataSource on PostgreSQL: the connection, and the migrations run on it. */
export const DATA_SOURCE = Symbol('DATA_SOURCE');
/** The DataSource's own `pg` Pool: where the process's plain SQL runs. */
export const DATABASE_POOL = Symbol('DATABASE_POOL');

export interface DatabaseModuleOptions {
  /** A `postgres://` URL (the config's `DATABASE_URL`). */
  url: string;
  /** Connections at most, for the whole process. Default 10. */
  poolSize?: number;
}

/** Closes the DataSource (and with it the pool) once the modules that use it have stopped. */
@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * One database access stack per process: a TypeORM DataSource and its pg pool, global, so every
 * module (the event store, the keyring, the idempotency keys, a projection, a read API) draws on
 * the same connections. A global module is shut down after the others, so it closes last.
 */
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [
        {
          provide: DATA_SOURCE,
          useFactory: async (): Promise<DataSource> => {
            // Loaded here, so an app without a database never loads TypeORM.
            const { DataSource } = await import('typeorm');
            const logger = new Logger('Database');
            return new DataSource({
              type: 'postgres',
              url: options.url,
              poolSize: options.poolSize ?? 10,
              logging: false,
              // An idle connection dropped by the server must not crash the process; the pool replaces it.
              poolErrorHandler: (error: Error) =>
                logger.warn(`idle database connection lost: ${error.message}`),
            }).initialize();
          },
        },
        {
          provide: DATABASE_POOL,
          inject: [DATA_SOURCE],
          useFactory: (dataSource: DataSource): Pool => pgPoolOf(dataSource),
        },
        DatabaseLifecycle,
      ],
      exports: [DATA_SOURCE, DATABASE_POOL],
    };
  }
}
