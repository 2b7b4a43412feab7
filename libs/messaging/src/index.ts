export type {
  Transport,
  OutgoingMessage,
  ReceivedMessage,
  MessageBatch,
  BatchHandler,
  SubscribeOptions,
  Subscription,
  TopicPartition,
} from './transport';
export { MessageRefusedError } from './transport';
export { KafkaTransport, headersToStrings, type KafkaTransportOptions } from './kafka-transport';
export { InProcessBus, partitionFor, type InProcessBusOptions } from './in-process-bus';
export { Relay, storedEventToMessage, type RelayOptions, type RelayStatus } from './relay';
export {
  eventToAppend,
  envelopeOf,
  UnpublishableEventError,
  type EnvelopeMetadata,
} from './envelope-mapping';
export {
  IdempotentConsumer,
  type IdempotentConsumerOptions,
  type ConsumedEvent,
  type EventBatchHandler,
  type BatchReport,
  type ConsumerStatus,
  type DeadLetterReport,
} from './idempotent-consumer';
export { consumerUnreadiness, type ConsumerReadinessOptions } from './readiness';
export { isOutage, causesOf, errorReason, sqlStateOf } from './failures';
export { commitSplitting, type SplitSteps } from './split';
export { pgTransactions, sqlOf, type TransactionRunner, type SqlRunner } from './transactions';
export { CONSUMER_TABLES_SQL, createConsumerTables } from './consumer-tables';
export {
  DLQ_HEADERS,
  HANDLER_FAILED,
  REFUSED_BY_BUS,
  UNPUBLISHABLE,
  deadLetterOfMessage,
  deadLetterOfStoredEvent,
  type Rejection,
} from './dead-letter';
export { replayDeadLetters, replayOf, readToEnd, type DeadLetterFilter } from './replay';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
export { consoleLogger, silentLogger, type MessagingLogger } from './logger';
