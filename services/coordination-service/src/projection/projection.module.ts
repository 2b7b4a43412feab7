import {
  Inject,
  Injectable,
  Logger,
  Module,
  Optional,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ALL_TOPICS, type EventEnvelope } from '@samvirke/contracts';
import type { EventStore } from '@samvirke/event-sourcing';
import {
  consumerUnreadiness,
  Relay,
  type MessagingLogger,
  type Transport,
} from '@samvirke/messaging';
import { DATABASE_POOL, HealthRegistry, Metrics } from '@samvirke/platform';
import { EVENT_STORE, TRANSPORT } from '@samvirke/write-side';
import type { Pool } from 'pg';
import type { MunicipalityOverrides } from '@samvirke/gap-engine';
import { rebuildReadModel, type RebuildReport } from '../rebuild/rebuild';
import { GapScheduler } from '../scheduler/gap-scheduler';
import { CoordinationProjection } from './coordination-projection';

export const DEFAULT_GROUP_ID = 'coordination-service.projection';
export const PROJECTION_OPTIONS = Symbol('PROJECTION_OPTIONS');

/**
 * The read side runs on the process's database (`DATABASE_POOL` of the platform, the coordination
 * database): the read model, the consumer's offsets, the gap outbox.
 */
export interface ProjectionModuleOptions {
  /** Default: the four topics. */
  topics?: string[];
  /** Default `coordination-service.projection`. */
  groupId?: string;
  /** The bus; default the write side's (`TRANSPORT` from `WriteSideModule`). */
  transport?: Transport;
  /**
   * Kafka's brokers, when the bus is Kafka: the projection then waits with the gap rules while it
   * catches up on a backlog, and `ReadModelRebuilder` can reset the group. Absent (the in-process
   * bus): always live, no rebuild.
   */
  kafkaBrokers?: string[];
  clock?: () => Date;
  thresholds?: MunicipalityOverrides;
  /** The scheduler of gap timers in this instance. Default on, polling each second. */
  scheduler?: false | { pollIntervalMs?: number; batchSize?: number };
  /** See `ProjectorOptions.revealBirthDate`. */
  revealBirthDate?: (envelope: EventEnvelope) => Promise<string | undefined>;
  /** See `ProjectorOptions.revealNote`. */
  revealNote?: (envelope: EventEnvelope) => Promise<string | undefined>;
}

/** Rebuilds the read model in this instance (stop the others first); see `rebuildReadModel`. */
@Injectable()
export class ReadModelRebuilder {
  constructor(
    private readonly projection: CoordinationProjection,
    @Inject(PROJECTION_OPTIONS) private readonly options: ProjectionModuleOptions,
    @Optional() private readonly scheduler?: GapScheduler,
  ) {}

  rebuild(): Promise<RebuildReport> {
    const brokers = this.options.kafkaBrokers;
    if (!brokers) throw new Error('a rebuild replays Kafka topics: kafkaBrokers is not configured');
    return rebuildReadModel({ projection: this.projection, scheduler: this.scheduler, brokers });
  }
}

@Injectable()
class ProjectionLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Projection');

  constructor(
    private readonly projection: CoordinationProjection,
    @Optional() private readonly scheduler?: GapScheduler,
    @Optional() private readonly health?: HealthRegistry,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Ready while it makes progress: a batch split to park a poison event is no reason; an outage is.
    this.health?.register('projection', () => {
      const unready = consumerUnreadiness(this.projection.status(), new Date());
      if (unready) throw new Error(`projection ${unready}`);
    });
    if (this.metrics) {
      const projection = this.projection;
      const scheduler = this.scheduler;
      this.metrics.gauge({
        name: 'samvirke_projection_lag_messages',
        help: 'Messages on the projection’s topics not yet processed by its group (last look)',
        collect() {
          this.set(projection.status().gate.lag ?? 0);
        },
      });
      this.metrics.gauge({
        name: 'samvirke_projection_events_total',
        help: 'Events applied to the read model by this instance since start',
        collect() {
          this.set(projection.status().handled);
        },
      });
      this.metrics.gauge({
        name: 'samvirke_gaps_opened_total',
        help: 'Gaps opened by this instance (projection and scheduler) since start',
        collect() {
          this.set(projection.status().opened + (scheduler?.status().opened ?? 0));
        },
      });
    }
    await this.projection.start();
    this.scheduler?.start();
    this.logger.log(
      `projecting ${this.projection.topics.join(', ')} as ${this.projection.groupId}`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.scheduler?.stop();
    await this.projection.close();
  }
}

const nestLogger = (logger: Logger): MessagingLogger => ({
  debug: (context, message) => logger.debug({ ...context, msg: message }),
  info: (context, message) => logger.log({ ...context, msg: message }),
  warn: (context, message) => logger.warn({ ...context, msg: message }),
  error: (context, message) => logger.error({ ...context, msg: message }),
});

/**
 * The coordination read side for a Nest app: the projection (consumer group, read model, gap
 * rules, gap outbox into the service's event store) and the gap scheduler, started when the app
 * is up and stopped before it closes. Runs on the process's database pool (`DatabaseModule` of
 * the platform); uses the write side's event store, relay and transport when `WriteSideModule`
 * is imported (it is global).
 */
@Module({})
export class ProjectionModule {
  static forRoot(options: ProjectionModuleOptions): DynamicModule {
    const scheduling = options.scheduler === false ? undefined : (options.scheduler ?? {});
    return {
      module: ProjectionModule,
      providers: [
        { provide: PROJECTION_OPTIONS, useValue: options },
        {
          provide: CoordinationProjection,
          inject: [
            DATABASE_POOL,
            { token: TRANSPORT, optional: true },
            { token: EVENT_STORE, optional: true },
            { token: Relay, optional: true },
            { token: Metrics, optional: true },
          ],
          useFactory: (
            pool: Pool,
            transport?: Transport,
            store?: EventStore,
            relay?: Relay,
            metrics?: Metrics,
          ) => {
            const bus = options.transport ?? transport;
            if (!bus)
              throw new Error(
                'the projection needs a transport: pass one, or import WriteSideModule',
              );
            const groupId = options.groupId ?? DEFAULT_GROUP_ID;
            return new CoordinationProjection({
              pool,
              transport: bus,
              topics: options.topics ?? [...ALL_TOPICS],
              groupId,
              clock: options.clock,
              thresholds: options.thresholds,
              store,
              onGapEventsAppended: () => relay?.notify(),
              gate: options.kafkaBrokers ? { brokers: options.kafkaBrokers } : undefined,
              revealBirthDate: options.revealBirthDate,
              revealNote: options.revealNote,
              logger: nestLogger(new Logger('Projection')),
              onDeadLettered: ({ topic, code }) =>
                metrics?.deadLetteredEvents.inc({ topic, group: groupId, reason: code }),
            });
          },
        },
        ...(scheduling === undefined
          ? []
          : [
              {
                provide: GapScheduler,
                inject: [CoordinationProjection],
                useFactory: (projection: CoordinationProjection) =>
                  new GapScheduler({
                    transactions: projection.transactions,
                    projector: projection.projector,
                    gate: projection.gate,
                    outbox: projection.outbox,
                    pollIntervalMs: scheduling.pollIntervalMs,
                    batchSize: scheduling.batchSize,
                    logger: nestLogger(new Logger('GapScheduler')),
                  }),
              },
            ]),
        ReadModelRebuilder,
        ProjectionLifecycle,
      ],
      exports: [
        CoordinationProjection,
        ReadModelRebuilder,
        ...(scheduling === undefined ? [] : [GapScheduler]),
      ],
    };
  }
}
