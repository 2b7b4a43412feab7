import { Module, type DynamicModule } from '@nestjs/common';
import type { EventEnvelope } from '@samvirke/contracts';
import type { Transport } from '@samvirke/messaging';
import { WriteSideModule, type WriteSideConfig } from '@samvirke/write-side';
import {
  ChildAccess,
  ChildPersonalData,
  ChildrenController,
  clockProvider,
  ConsentsController,
  GapCommandsController,
  IndividualPlanController,
  TransfersController,
} from './commands';
import { AccessLog } from './audit';
import type { Clock } from './domain';
import { ProjectionModule, type ProjectionModuleOptions } from './projection/projection.module';
import {
  AccessLogController,
  ChildrenReadController,
  GapsReadController,
  readModelDbProvider,
  rateLimitModule,
  StatisticsController,
  type RateLimits,
} from './reads';
import { SessionController } from './web';

export const COORDINATION_SERVICE = 'coordination-service';

export interface CoordinationModuleOptions {
  config: WriteSideConfig;
  /** The topic the relay publishes the service's own events to. */
  topic: string;
  transport?: Transport;
  clock?: Clock;
  relay?: { batchSize?: number; pollIntervalMs?: number };
  /** Per caller: lookups, and the other reads (`reads/rate-limits.ts`). */
  rateLimits: RateLimits;
  /** The read side in this instance: the projection and its gap scheduler. Absent: the API alone. */
  projection?: Omit<
    ProjectionModuleOptions,
    'clock' | 'transport' | 'revealBirthDate' | 'revealNote'
  >;
}

/**
 * The projection is configured before Nest builds the graph, but the child's key is reached
 * through it (the write side's keyring): this hands the projection what opens the sealed birth
 * date and gap notes once the graph is built, before the projection starts.
 */
export class PersonalDataOpener {
  private personalData?: ChildPersonalData;

  bind(personalData: ChildPersonalData): this {
    this.personalData = personalData;
    return this;
  }

  readonly revealBirthDate = async (envelope: EventEnvelope): Promise<string | undefined> => {
    const { birthDateCiphertext } = envelope.data as { birthDateCiphertext?: unknown };
    if (typeof birthDateCiphertext !== 'string' || !this.personalData) return undefined;
    return this.personalData.birthDate(envelope.subject, birthDateCiphertext);
  };

  readonly revealNote = async (envelope: EventEnvelope): Promise<string | undefined> => {
    const { noteCiphertext, gapId } = envelope.data as {
      noteCiphertext?: unknown;
      gapId?: unknown;
    };
    if (typeof noteCiphertext !== 'string' || typeof gapId !== 'string' || !this.personalData)
      return undefined;
    return this.personalData.gapNote(envelope.subject, gapId, noteCiphertext);
  };
}

/**
 * The coordination service: its write side (coordinator commands on child and gap streams, the
 * relay to `coordination.events.v1`), the read API over the read model and, when asked, the read
 * side that fills it (the projection of every topic, the gap engine and its scheduler).
 */
@Module({})
export class CoordinationModule {
  static forRoot(options: CoordinationModuleOptions): DynamicModule {
    const opener = new PersonalDataOpener();
    const readSide = options.projection
      ? [
          ProjectionModule.forRoot({
            ...options.projection,
            clock: options.clock,
            transport: options.transport,
            revealBirthDate: opener.revealBirthDate,
            revealNote: opener.revealNote,
          }),
        ]
      : [];
    return {
      module: CoordinationModule,
      imports: [
        WriteSideModule.forRoot({
          service: COORDINATION_SERVICE,
          topic: options.topic,
          config: options.config,
          transport: options.transport,
          clock: options.clock,
          relay: options.relay,
        }),
        ...readSide,
        rateLimitModule(options.rateLimits),
      ],
      controllers: [
        ChildrenReadController,
        AccessLogController,
        ChildrenController,
        ConsentsController,
        IndividualPlanController,
        GapCommandsController,
        TransfersController,
        GapsReadController,
        StatisticsController,
        SessionController,
      ],
      providers: [
        clockProvider,
        ChildAccess,
        ChildPersonalData,
        readModelDbProvider,
        AccessLog,
        {
          provide: PersonalDataOpener,
          inject: [ChildPersonalData],
          useFactory: (data: ChildPersonalData) => opener.bind(data),
        },
      ],
    };
  }
}
