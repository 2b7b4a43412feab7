import { ALL_TOPICS, COORDINATION_TOPIC } from '@samvirke/contracts';
import {
  bootstrapService,
  createServiceApp,
  loadConfig,
  type ServiceOptions,
} from '@samvirke/platform';
import type { EventSourcedAppOptions, WriteSideConfig } from '@samvirke/write-side';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  COORDINATION_SERVICE,
  CoordinationModule,
  type CoordinationModuleOptions,
} from './app.module';
import { rateLimitsFrom, type RateLimits } from './reads';
import { CoordinationConfig, findWebRoot, serveCoordinatorWeb } from './web';

export const COORDINATION_PORT = 3000;

/**
 * The service's connections to its database, for everything: the event store, keyring and
 * idempotency keys (the 18 a sector service has), the read API (5) and the read side (8), as many
 * as the pools each of them had.
 */
export const COORDINATION_POOL_SIZE = { api: 18 + 5, withReadSide: 18 + 5 + 8 };

const DESCRIPTION =
  'One timeline per child across health, school and child welfare; the gaps the law names; ' +
  'coordinator commands (enrolment, coordinator, consent, individual plan, responsibility group, erasure).';

export interface CoordinationAppOptions extends EventSourcedAppOptions {
  /**
   * Run the projection (every topic into the read model, with the gap engine) in this app.
   * Default on, over the sector topics and the service's own; API tests switch it off, or name
   * their own topics and consumer group.
   */
  projection?: boolean | { topics?: string[]; groupId?: string };
  /** Run the gap scheduler (deadlines that pass without a new event) with the projection. Default on. */
  scheduler?: boolean | { pollIntervalMs?: number };
  /** Rate limits per caller; from the environment (SAMVIRKE_LOOKUP_LIMIT, …) when unset. */
  rateLimits?: RateLimits;
}

function serviceOptions(
  config: CoordinationConfig,
  options: CoordinationAppOptions,
): ServiceOptions {
  const projection = readSide(config, options);
  return {
    module: CoordinationModule.forRoot({
      config,
      topic: options.topic ?? COORDINATION_TOPIC,
      transport: options.transport,
      clock: options.clock,
      relay: options.relay,
      rateLimits: options.rateLimits ?? rateLimitsFrom(config),
      projection,
    }),
    name: COORDINATION_SERVICE,
    port: COORDINATION_PORT,
    config,
    description: DESCRIPTION,
    logDestination: options.logDestination,
    database: {
      poolSize: projection ? COORDINATION_POOL_SIZE.withReadSide : COORDINATION_POOL_SIZE.api,
    },
    idempotency: { store: 'postgres' },
    // The coordinators' web page at `/`, beside the API.
    configure: (app) =>
      serveCoordinatorWeb(app, findWebRoot(config.SAMVIRKE_WEB_ROOT), {
        oidcIssuer: config.SAMVIRKE_OIDC_ISSUER,
      }),
  };
}

function readSide(
  config: WriteSideConfig,
  options: CoordinationAppOptions,
): CoordinationModuleOptions['projection'] {
  if (options.projection === false) return undefined;
  const chosen = typeof options.projection === 'object' ? options.projection : {};
  const ownTopic = options.topic ?? COORDINATION_TOPIC;
  return {
    topics: chosen.topics ?? [
      ...ALL_TOPICS.filter((topic) => topic !== COORDINATION_TOPIC),
      ownTopic,
    ],
    groupId: chosen.groupId,
    // With Kafka the projection holds the gap rules back while it catches up on a backlog.
    kafkaBrokers:
      !options.transport && config.BUS === 'kafka' ? config.KAFKA_BROKERS?.split(',') : undefined,
    scheduler:
      options.scheduler === false
        ? false
        : typeof options.scheduler === 'object'
          ? options.scheduler
          : {},
  };
}

/** The coordination service's app, wired and not yet listening. */
export function createCoordinationApp(
  options: CoordinationAppOptions = {},
): Promise<NestExpressApplication> {
  return createServiceApp(
    serviceOptions(options.config ?? loadConfig(CoordinationConfig), options),
  );
}

/** `main`: start from the environment on `PORT` or 3000, or exit 1 saying why. */
export function runCoordinationService(): void {
  const start = async () => {
    const config = loadConfig(CoordinationConfig);
    await bootstrapService(serviceOptions(config, {}));
  };
  start().catch((error: unknown) => {
    process.stderr.write(
      `${COORDINATION_SERVICE} failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
