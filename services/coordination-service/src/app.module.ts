import { Module, type DynamicModule, type Type } from '@nestjs/common';
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
} from './commands';
import type { Clock } from './domain';
import {
  ChildrenReadController,
  GapsReadController,
  readModelDbProvider,
  ReadModelDbLifecycle,
  StatisticsController,
} from './reads';

export const COORDINATION_SERVICE = 'coordination-service';

export interface CoordinationModuleOptions {
  config: WriteSideConfig;
  /** The topic the relay publishes the service's own events to. */
  topic: string;
  transport?: Transport;
  clock?: Clock;
  relay?: { batchSize?: number; pollIntervalMs?: number };
  /** The read side's own modules (projection, scheduler), when this instance runs them. */
  imports?: Array<Type<unknown> | DynamicModule>;
}

/**
 * The coordination service: its write side (coordinator commands on child and gap streams, the
 * relay to `coordination.events.v1`), the read API over the read model, and whatever read-side
 * modules the caller composes in.
 */
@Module({})
export class CoordinationModule {
  static forRoot(options: CoordinationModuleOptions): DynamicModule {
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
        ...(options.imports ?? []),
      ],
      controllers: [
        ChildrenReadController,
        ChildrenController,
        ConsentsController,
        IndividualPlanController,
        GapCommandsController,
        GapsReadController,
        StatisticsController,
      ],
      providers: [clockProvider, ChildAccess, ChildPersonalData, readModelDbProvider, ReadModelDbLifecycle],
    };
  }
}
