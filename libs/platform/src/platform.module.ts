import {
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { readFileSync } from 'node:fs';
import type { Pool } from 'pg';
import type { Logger as PinoLogger } from 'pino';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier } from './auth/tokens';
import type { BaseConfig } from './config/base-config';
import {
  DATABASE_POOL,
  DatabaseModule,
  type DatabaseModuleOptions,
} from './database/database.module';
import { ProblemDetailsFilter } from './errors/problem.filter';
import { createValidationPipe } from './errors/validation';
import { HealthController } from './health/health.controller';
import { HealthRegistry } from './health/health.registry';
import { IdempotencyStore } from './idempotency/idempotency-store';
import {
  IDEMPOTENCY_STORE,
  IDEMPOTENCY_WAIT,
  IdempotencyInterceptor,
  IdempotencyWait,
} from './idempotency/idempotency.interceptor';
import { Metrics } from './metrics/metrics';
import { MetricsController } from './metrics/metrics.controller';

/** The loaded config (a `BaseConfig`, or the service's subclass): `@Inject(PLATFORM_CONFIG)`. */
export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');

export interface PlatformModuleOptions {
  config: BaseConfig;
  logger: PinoLogger;
  metrics: Metrics;
  /** The process's database (`DatabaseModule`); absent: none (test apps that need none). */
  database?: DatabaseModuleOptions;
  idempotency: {
    /** Given the process's pool when it has a database. */
    store: (pool?: Pool) => Promise<IdempotencyStore>;
    /** Close the store on shutdown (it was made for this app). */
    owned: boolean;
    wait: IdempotencyWait;
  };
  readinessTimeoutMs: number;
}

const PURGE_EVERY_MS = 60 * 60 * 1000;
const IDEMPOTENCY_OWNED = Symbol('IDEMPOTENCY_OWNED');

/** Ties the idempotency store's life to the app: readiness check, hourly purge, close. */
@Injectable()
class IdempotencyLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private purgeTimer?: NodeJS.Timeout;

  constructor(
    @Inject(IDEMPOTENCY_STORE)
    private readonly store: IdempotencyStore & {
      ping?(): Promise<void>;
      purgeExpired?(): Promise<number>;
    },
    @Inject(HealthRegistry) private readonly health: HealthRegistry,
    @Inject(IDEMPOTENCY_OWNED) private readonly owned: boolean,
  ) {}

  onApplicationBootstrap(): void {
    const { ping, purgeExpired } = this.store;
    if (ping) this.health.register('idempotency-store', () => ping.call(this.store));
    if (purgeExpired) {
      this.purgeTimer = setInterval(
        () => void purgeExpired.call(this.store).catch(() => undefined),
        PURGE_EVERY_MS,
      );
      this.purgeTimer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.purgeTimer);
    if (this.owned) await this.store.close();
  }
}

/**
 * Everything every service has: logging, config, its database, health, metrics, auth, errors,
 * validation and idempotency. Made by `bootstrapService` / `createTestApp`; global, so services inject
 * `PLATFORM_CONFIG`, `Metrics`, `HealthRegistry` (and `DATA_SOURCE`, `DATABASE_POOL`) anywhere.
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformModuleOptions): DynamicModule {
    const { config } = options;
    return {
      module: PlatformModule,
      global: true,
      // The pino-http middleware is installed by the bootstrap ahead of the body parser, so
      // refused bodies are logged too; nestjs-pino reuses its request logger.
      imports: [
        LoggerModule.forRoot({ pinoHttp: { logger: options.logger }, useExisting: true }),
        ...(options.database ? [DatabaseModule.forRoot(options.database)] : []),
      ],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: Metrics, useValue: options.metrics },
        {
          provide: HealthRegistry,
          useFactory: () => new HealthRegistry(options.readinessTimeoutMs),
        },
        {
          provide: TokenVerifier,
          useFactory: () =>
            new TokenVerifier({
              secret: config.SAMVIRKE_JWT_SECRET,
              jwksUrl: config.SAMVIRKE_JWKS_URL,
              issuer: config.SAMVIRKE_JWT_ISSUER,
              audience: config.SAMVIRKE_JWT_AUDIENCE,
              requireHttps: config.SAMVIRKE_ENV === 'production',
              jwksCa: config.SAMVIRKE_JWKS_CA_FILE
                ? readFileSync(config.SAMVIRKE_JWKS_CA_FILE, 'utf8')
                : undefined,
            }),
        },
        {
          provide: IDEMPOTENCY_STORE,
          inject: [{ token: DATABASE_POOL, optional: true }],
          useFactory: options.idempotency.store,
        },
        { provide: IDEMPOTENCY_WAIT, useValue: options.idempotency.wait },
        { provide: IDEMPOTENCY_OWNED, useValue: options.idempotency.owned },
        IdempotencyLifecycle,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
      exports: [PLATFORM_CONFIG, Metrics, HealthRegistry, TokenVerifier, IDEMPOTENCY_STORE],
    };
  }
}
