import { Module, type Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { COORDINATION_TOPIC } from '@samvirke/contracts';
import type { Transport } from '@samvirke/messaging';
import { bootstrapService, createServiceApp, loadConfig } from '@samvirke/platform';
import type { DestinationStream } from 'pino';
import { WriteSideConfig } from './write-side.config';
import { WriteSideModule } from './write-side.module';

/**
 * A sector service's connections to its database, for everything: the event store, the keyring,
 * the idempotency keys and the erasure listener share the one pool (18: the three pools it had,
 * 10 + 4 + 4).
 */
export const SECTOR_POOL_SIZE = 18;

/** What makes one event-sourced sector service: its name, port, topic and controllers. */
export interface EventSourcedService {
  name: string;
  /** The default port (CONTRACT); `PORT` wins. */
  port: number;
  topic: string;
  controllers: Type<unknown>[];
  description?: string;
}

export interface EventSourcedAppOptions {
  /** Loaded from the environment when absent. */
  config?: WriteSideConfig;
  /** The bus, when the caller owns it (the in-process bus of `npm start`). */
  transport?: Transport;
  /** Publish to another topic than the service's own (tests on a shared broker). */
  topic?: string;
  clock?: () => Date;
  logDestination?: DestinationStream;
  relay?: { batchSize?: number; pollIntervalMs?: number };
  /** Where `child-erased` comes from (default the coordination topic); null: not listened for (tests of other things). */
  erasureTopic?: string | null;
}

/** The service's app with the platform and the write side wired, not yet listening. */
export function createEventSourcedApp(
  service: EventSourcedService,
  options: EventSourcedAppOptions = {},
): Promise<NestExpressApplication> {
  const config = options.config ?? loadConfig(WriteSideConfig);
  @Module({
    imports: [
      WriteSideModule.forRoot({
        service: service.name,
        topic: options.topic ?? service.topic,
        config,
        transport: options.transport,
        clock: options.clock,
        relay: options.relay,
        erasureTopic:
          options.erasureTopic === null ? undefined : (options.erasureTopic ?? COORDINATION_TOPIC),
      }),
    ],
    controllers: service.controllers,
  })
  class EventSourcedServiceModule {}

  return createServiceApp({
    module: EventSourcedServiceModule,
    name: service.name,
    port: service.port,
    config,
    description: service.description,
    logDestination: options.logDestination,
    database: { poolSize: SECTOR_POOL_SIZE },
    idempotency: { store: 'postgres' },
  });
}

/** `main` of a sector service: start it from the environment, or exit 1 saying why. */
export function runEventSourcedService(service: EventSourcedService): void {
  const start = async () => {
    const config = loadConfig(WriteSideConfig);
    @Module({
      imports: [
        WriteSideModule.forRoot({
          service: service.name,
          topic: service.topic,
          config,
          erasureTopic: COORDINATION_TOPIC,
        }),
      ],
      controllers: service.controllers,
    })
    class EventSourcedServiceModule {}
    await bootstrapService({
      module: EventSourcedServiceModule,
      name: service.name,
      port: service.port,
      config,
      description: service.description,
      database: { poolSize: SECTOR_POOL_SIZE },
      idempotency: { store: 'postgres' },
    });
  };
  start().catch((error: unknown) => {
    process.stderr.write(
      `${service.name} failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
