import { COORDINATION_TOPIC } from '@samvirke/contracts';
import { bootstrapService, createServiceApp, loadConfig, type ServiceOptions } from '@samvirke/platform';
import { WriteSideConfig, type EventSourcedAppOptions } from '@samvirke/write-side';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { COORDINATION_SERVICE, CoordinationModule } from './app.module';

export const COORDINATION_PORT = 3000;

const DESCRIPTION =
  'One timeline per child across health, school and child welfare; the gaps the law names; ' +
  'coordinator commands (enrolment, coordinator, consent, individual plan, responsibility group, erasure).';

export interface CoordinationAppOptions extends EventSourcedAppOptions {
  /** Run the projection (the topics into the read model) in this app. Default true; API tests switch it off. */
  projection?: boolean;
  /** Run the gap scheduler (deadlines without a new event) in this app. Default true. */
  scheduler?: boolean;
}

function serviceOptions(config: WriteSideConfig, options: CoordinationAppOptions): ServiceOptions {
  return {
    module: CoordinationModule.forRoot({
      config,
      topic: options.topic ?? COORDINATION_TOPIC,
      transport: options.transport,
      clock: options.clock,
      relay: options.relay,
      imports: readSideModules(options),
    }),
    name: COORDINATION_SERVICE,
    port: COORDINATION_PORT,
    config,
    description: DESCRIPTION,
    logDestination: options.logDestination,
    idempotency: { store: 'postgres' },
  };
}

// The projection and the scheduler are composed in here as they land (see the report).
function readSideModules(_options: CoordinationAppOptions): NonNullable<Parameters<typeof CoordinationModule.forRoot>[0]['imports']> {
  return [];
}

/** The coordination service's app, wired and not yet listening. */
export function createCoordinationApp(options: CoordinationAppOptions = {}): Promise<NestExpressApplication> {
  return createServiceApp(serviceOptions(options.config ?? loadConfig(WriteSideConfig), options));
}

/** `main`: start from the environment on `PORT` or 3000, or exit 1 saying why. */
export function runCoordinationService(): void {
  const start = async () => {
    const config = loadConfig(WriteSideConfig);
    await bootstrapService(serviceOptions(config, {}));
  };
  start().catch((error: unknown) => {
    process.stderr.write(`${COORDINATION_SERVICE} failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
