export {
  EventWriter,
  SEALED_PERSONAL_ID,
  osloMidnight,
  type DomainEvent,
  type Aggregate,
  type StreamStart,
  type StreamChild,
  type RequestContext,
  type Write,
  type WriteOutcome,
  type EventWriterOptions,
} from './event-writer';
export { ChildIdentity } from './child-identity';
export { ChildStreams, type ChildFact, type NamesChild } from './child-streams';
export { ErasureListener, erasedChildren, type ErasureListenerOptions } from './erasure-listener';
export { WriteSideConfig, EVENT_STORES, BUSES } from './write-side.config';
export {
  WriteSideModule,
  EVENT_STORE,
  TRANSPORT,
  WRITE_SIDE_OPTIONS,
  type WriteSideModuleOptions,
} from './write-side.module';
export {
  Correlation,
  requestContextOf,
  CORRELATION_HEADER,
  CAUSATION_HEADER,
} from './request-context.decorator';
export {
  IsFactTime,
  IsFactDate,
  IsCalendarDate,
  IsTime,
  IsKommunenummer,
  IsIdentifier,
  IDENTIFIER,
  FUTURE_TOLERANCE_MS,
} from './validation';
export { answerWrite, WriteAnswer, WriteAnswerInterceptor } from './write-answer';
export {
  createEventSourcedApp,
  runEventSourcedService,
  type EventSourcedService,
  type EventSourcedAppOptions,
} from './event-sourced-app';
