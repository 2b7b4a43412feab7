/**
 * The transport port: what the relay and the idempotent consumer need from a log-based
 * message bus. Kafka (`KafkaTransport`) in production and tests; `InProcessBus` for the
 * embedded single-process run. Both keep these promises:
 *
 * - Messages with the same key land in the same partition and are delivered in publish order.
 * - Every consumer group gets every message; each group has its own offsets.
 * - A batch handler that resolves moves the group's offset past the batch; one that throws
 *   gets the same batch again after a backoff, until it resolves or the subscription stops.
 *   A batch is never skipped.
 */
export interface OutgoingMessage {
  /** Messages with the same key keep their order. */
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

export interface ReceivedMessage {
  topic: string;
  partition: number;
  /** The message's offset in its partition: a 64-bit integer as a decimal string. */
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Consecutive messages of one topic-partition, in offset order. */
export interface MessageBatch {
  topic: string;
  partition: number;
  messages: ReceivedMessage[];
}

export type BatchHandler = (batch: MessageBatch) => Promise<void>;

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface SubscribeOptions {
  groupId: string;
  topics: string[];
  handler: BatchHandler;
  /** Where a group with no committed offset starts: the log's beginning (default) or its end. */
  fromBeginning?: boolean;
  /**
   * Asked once per partition each time the partition is assigned to this member: an offset
   * the group has provably processed up to (the next offset to read), or null. When it is
   * ahead of the transport's committed offset, delivery resumes there instead.
   */
  resumeFrom?: (partition: TopicPartition) => Promise<string | null>;
}

export interface Subscription {
  /** Stops delivering, lets an in-flight batch finish, leaves the group. Commits nothing more. */
  stop(): Promise<void>;
}

/**
 * The bus refused a message for what it is (too large, or invalid for the broker), not because
 * it is away: sending it again will not help. Any other publish error is worth retrying.
 */
export class MessageRefusedError extends Error {
  override readonly name = 'MessageRefusedError';
  constructor(
    readonly topic: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`the bus refused a message for ${topic}: ${reason}`, options);
  }
}

export interface Transport {
  /**
   * Resolves once the bus has durably accepted every message (for Kafka: acks from all in-sync
   * replicas). Throws `MessageRefusedError` when the bus refuses one of them for what it is;
   * others of the same call may have been accepted.
   */
  publish(topic: string, messages: OutgoingMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /**
   * Resolves when the bus is there, rejects when it is not: for a readiness check, so it answers
   * within a couple of seconds and may answer from a recent look instead of asking the bus again.
   */
  ping(): Promise<void>;
  /** Stops every subscription and releases connections. */
  close(): Promise<void>;
}
