import { DynamicModule, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { BaseConfig, LogLevel } from './config/base-config';
import { loadConfig } from './config/load-config';
import { BODY_LIMIT_BYTES, useJsonBodyOnly } from './errors/json-body';
import {
  DEFAULT_IDEMPOTENCY_TIMINGS,
  IdempotencyStore,
  InMemoryIdempotencyStore,
} from './idempotency/idempotency-store';
import { PostgresIdempotencyStore } from './idempotency/postgres-idempotency-store';
import { createRootLogger, httpLogger } from './logging/logging';
import { Metrics } from './metrics/metrics';
import { setupOpenApi } from './openapi/openapi';
import { PlatformModule } from './platform.module';

export interface IdempotencySettings {
  /** `'postgres'` (default for services) keeps keys in DATABASE_URL; `'memory'` (default for test apps) forgets them on restart. */
  store?: 'postgres' | 'memory' | IdempotencyStore;
  /** PostgreSQL schema of the `idempotency_keys` table. Default `platform`. */
  schema?: string;
  leaseMs?: number;
  retentionMs?: number;
  /** How long a repeat waits for a first request still running. Default 10 s. */
  waitMs?: number;
  pollMs?: number;
}

/** The process's database, on the config's `DATABASE_URL` (`DatabaseModule`). */
export interface DatabaseSettings {
  /** Connections at most, for everything the process does in PostgreSQL. Default 10. */
  poolSize?: number;
}

export interface ServiceOptions {
  /** The service's root module. */
  module: Type<unknown> | DynamicModule;
  /** e.g. `health-service`: in every log line, metric and the OpenAPI title. */
  name: string;
  /** Default port (CONTRACT); `PORT` in the config wins. */
  port: number;
  /** The loaded config; `loadConfig(BaseConfig)` from `process.env` when absent. */
  config?: BaseConfig;
  host?: string;
  version?: string;
  description?: string;
  /** Log paths to censor besides the defaults. */
  redact?: string[];
  logDestination?: DestinationStream;
  /**
   * Open the process's database: one TypeORM DataSource and its pg pool (`DATA_SOURCE`,
   * `DATABASE_POOL`), for every module. Opened too, with the defaults, when idempotency keys are
   * kept in PostgreSQL.
   */
  database?: DatabaseSettings;
  idempotency?: IdempotencySettings;
  readinessTimeoutMs?: number;
  /** Last words on the Express app before Nest adds its routes (e.g. static files of a web page). */
  configure?: (app: NestExpressApplication) => void;
}

/**
 * Creates a service's app with the platform wired, not yet listening. Middleware order
 * matters: metrics and the request logger first, so that bodies refused by the parser
 * (413, 415, bad JSON) are timed and logged with a request id too.
 */
export function createServiceApp(options: ServiceOptions): Promise<NestExpressApplication> {
  return createApp(options, 'postgres');
}

async function createApp(
  options: ServiceOptions,
  defaultStore: 'postgres' | 'memory',
): Promise<NestExpressApplication> {
  const config = options.config ?? loadConfig(BaseConfig);
  const logger = createRootLogger({
    service: options.name,
    level: config.LOG_LEVEL,
    redact: options.redact,
    destination: options.logDestination,
  });
  const metrics = new Metrics(options.name);
  const idempotency = options.idempotency ?? {};
  const store = idempotency.store ?? defaultStore;
  const timings = {
    leaseMs: idempotency.leaseMs ?? DEFAULT_IDEMPOTENCY_TIMINGS.leaseMs,
    retentionMs: idempotency.retentionMs ?? DEFAULT_IDEMPOTENCY_TIMINGS.retentionMs,
  };
  const database = options.database ?? (store === 'postgres' ? {} : undefined);

  @Module({
    imports: [
      PlatformModule.forRoot({
        config,
        logger,
        metrics,
        database: database && { url: config.DATABASE_URL, poolSize: database.poolSize },
        idempotency: {
          store: async (pool) => {
            if (store === 'postgres') {
              if (!pool) throw new Error('idempotency keys in PostgreSQL need the database');
              return PostgresIdempotencyStore.open({
                pool,
                schema: idempotency.schema,
                ...timings,
              });
            }
            if (store === 'memory') return new InMemoryIdempotencyStore(timings);
            return store;
          },
          owned: typeof store === 'string',
          wait: { waitMs: idempotency.waitMs ?? 10_000, pollMs: idempotency.pollMs ?? 100 },
        },
        readinessTimeoutMs: options.readinessTimeoutMs ?? 2000,
      }),
      options.module,
    ],
  })
  class ServiceRootModule {}

  const app = await NestFactory.create<NestExpressApplication>(ServiceRootModule, {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.use(metrics.httpMiddleware());
  app.use(httpLogger(logger));
  useJsonBodyOnly(app, BODY_LIMIT_BYTES);
  setupOpenApi(app, {
    title: options.name,
    version: options.version ?? '1',
    description: options.description,
  });
  options.configure?.(app);
  return app;
}

/** Creates the app, listens on `PORT` (or the service's default) and stops cleanly on SIGTERM. */
export async function bootstrapService(options: ServiceOptions): Promise<NestExpressApplication> {
  const config = options.config ?? loadConfig(BaseConfig);
  const app = await createServiceApp({ ...options, config });
  app.enableShutdownHooks();
  const port = config.PORT ?? options.port;
  try {
    await app.listen(port, options.host ?? '0.0.0.0');
  } catch (error) {
    await app.close(); // releases the database's connections before the caller exits
    throw error;
  }
  app.get(Logger).log(`${options.name} listening on port ${port}`, 'Bootstrap');
  return app;
}

/**
 * The HS256 secret test apps trust by default: `signDemoToken(claims, TEST_JWT_SECRET)`. Made
 * anew for each test process, so it is never one that could be read in the repository.
 */
export const TEST_JWT_SECRET = randomBytes(32).toString('base64url');

export interface TestAppOptions extends Omit<ServiceOptions, 'name' | 'port' | 'config'> {
  name?: string;
  /** A loaded config; otherwise one is read from test defaults overlaid with `env`. */
  config?: BaseConfig;
  env?: Record<string, string>;
  logLevel?: LogLevel;
}

/**
 * The same app as `bootstrapService`, for tests: listening on a free port of 127.0.0.1,
 * silent, trusting `TEST_JWT_SECRET`, keeping idempotency keys in memory unless told
 * `idempotency: { store: 'postgres' }` (then in `DATABASE_URL`). Close it with `app.close()`.
 */
export async function createTestApp(options: TestAppOptions): Promise<NestExpressApplication> {
  const config =
    options.config ??
    loadConfig(BaseConfig, {
      DATABASE_URL: 'postgres://samvirke@127.0.0.1:5432/unused',
      SAMVIRKE_JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: options.logLevel ?? 'silent',
      ...options.env,
    });
  const app = await createApp(
    { ...options, name: options.name ?? 'test-service', port: 0, config },
    'memory',
  );
  await app.listen(0, '127.0.0.1');
  return app;
}
