import { dlqTopic, fromKafkaMessage, UndecodableEventError, type EventEnvelope, type IncomingKafkaMessage } from '@samvirke/contracts';
import { claimEventIds, createConsumerTables, loadOffset, recordOffset } from './consumer-tables';
import { deadLetterOfMessage } from './dead-letter';
import { consoleLogger, describeError, type MessagingLogger } from './logger';
import type { TransactionRunner } from './transactions';
import type { MessageBatch, ReceivedMessage, Subscription, Transport } from './transport';

export interface ConsumedEvent {
  envelope: EventEnvelope;
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Handles the new events of one batch (one topic-partition, in order) inside the batch's
 * transaction: write with `tx` and the writes commit together with the event ids and offsets.
 * Throw to roll everything back; the batch comes again after a backoff. With
 * `dedupe: 'handler'` it gets every event of the batch (each id once) and resolves to how many
 * were new to it.
 */
export type EventBatchHandler<Tx> = (events: ConsumedEvent[], tx: Tx) => Promise<number | void>;

export interface BatchReport {
  topic: string;
  partition: number;
  /** Messages in the batch. */
  received: number;
  /** Events the handler got (not seen by this group before). */
  handled: number;
  /** Repeats dropped by event id. */
  duplicates: number;
  deadLettered: number;
  durationMs: number;
}

export interface ConsumerStatus {
  running: boolean;
  /** Batches committed since start, and what they held. */
  batches: number;
  handled: number;
  duplicates: number;
  deadLettered: number;
  lastBatchAt?: Date;
  /** The error of the last failed batch, until a batch succeeds (for readiness checks). */
  lastError?: string;
}

export interface IdempotentConsumerOptions<Tx> {
  groupId: string;
  topics: string[];
  transport: Transport;
  transactions: TransactionRunner<Tx>;
  handler: EventBatchHandler<Tx>;
  /** Where a group with no offsets starts. Default: the beginning. */
  fromBeginning?: boolean;
  /**
   * Who drops the events the group has seen: `processed-events` (default) records every event id
   * in `processed_events` and hands the handler only new ones; `handler` leaves it to a handler
   * whose own writes are keyed by event id (a table with the id unique, written in the same
   * transaction), which saves a row per event. Either way the offsets commit with the batch.
   */
  dedupe?: 'processed-events' | 'handler';
  /** Create `consumer_offsets` (and `processed_events` when it is used) on start. Default true. */
  createTables?: boolean;
  /** Default `fromKafkaMessage` (upcasts and checks against the catalog). */
  decode?: (message: IncomingKafkaMessage) => EventEnvelope;
  /** Told after each committed batch, e.g. for metrics. */
  onBatch?: (report: BatchReport) => void;
  logger?: MessagingLogger;
  clock?: () => Date;
}

/**
 * A consumer group member that processes each event once, though the bus delivers at least
 * once. Per batch, in ONE database transaction: record the event ids in `processed_events`
 * (a repeat is dropped there, so the handler sees only new events), run the handler, record
 * the next offset in `consumer_offsets`. The bus offset is committed after the database
 * commit; on assignment, delivery resumes from the database's offset when it is ahead.
 *
 * A message that cannot be decoded (bad JSON, missing `ce_` header, unknown type, schema
 * violation) goes to `<topic>.dlq` with the reason before the batch commits, and the consumer
 * goes on. A handler error rolls the transaction back and the batch is retried with a backoff.
 */
export class IdempotentConsumer<Tx> {
  private subscription?: Subscription;
  private readonly logger: MessagingLogger;
  private readonly clock: () => Date;
  private readonly decode: (message: IncomingKafkaMessage) => EventEnvelope;
  /** Messages already dead-lettered while their batch is being retried, so the retry does not repeat them. */
  private readonly deadLettered = new Set<string>();
  private stats: Omit<ConsumerStatus, 'running'> = { batches: 0, handled: 0, duplicates: 0, deadLettered: 0 };

  constructor(private readonly options: IdempotentConsumerOptions<Tx>) {
    this.logger = options.logger ?? consoleLogger;
    this.clock = options.clock ?? (() => new Date());
    this.decode = options.decode ?? ((message) => fromKafkaMessage(message));
  }

  async start(): Promise<void> {
    if (this.subscription) return;
    const { transactions, groupId, topics, transport } = this.options;
    if (this.options.createTables !== false) {
      await transactions.inTransaction((_tx, sql) => createConsumerTables(sql, { processedEvents: this.options.dedupe !== 'handler' }));
    }
    this.subscription = await transport.subscribe({
      groupId,
      topics,
      fromBeginning: this.options.fromBeginning ?? true,
      handler: (batch) => this.handleBatch(batch),
      resumeFrom: ({ topic, partition }) => transactions.inTransaction((_tx, sql) => loadOffset(sql, groupId, topic, partition)),
    });
  }

  /** Lets the batch in hand finish or roll back, then leaves the group. */
  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  status(): ConsumerStatus {
    return { running: this.subscription !== undefined, ...this.stats };
  }

  private async handleBatch(batch: MessageBatch): Promise<void> {
    try {
      const report = await this.processBatch(batch);
      this.stats = {
        batches: this.stats.batches + 1,
        handled: this.stats.handled + report.handled,
        duplicates: this.stats.duplicates + report.duplicates,
        deadLettered: this.stats.deadLettered + report.deadLettered,
        lastBatchAt: this.clock(),
      };
      this.options.onBatch?.(report);
    } catch (error) {
      this.stats.lastError = describeError(error).error;
      throw error;
    }
  }

  private async processBatch({ topic, partition, messages }: MessageBatch): Promise<BatchReport> {
    const started = Date.now();
    const { groupId, handler } = this.options;
    const decoded: ConsumedEvent[] = [];
    const rejected: Array<{ message: ReceivedMessage; error: UndecodableEventError }> = [];
    for (const message of messages) {
      try {
        const envelope = this.decode({ key: message.key, value: message.value, headers: message.headers });
        decoded.push({ envelope, topic, partition, offset: message.offset });
      } catch (error) {
        if (!(error instanceof UndecodableEventError)) throw error;
        rejected.push({ message, error });
      }
    }
    await this.deadLetter(topic, rejected);

    // A batch can hold the same event twice (a relay that restarted); the first one counts.
    const firstSeen = new Map<string, ConsumedEvent>();
    for (const event of decoded) if (!firstSeen.has(event.envelope.id)) firstSeen.set(event.envelope.id, event);
    const nextOffset = (BigInt(messages[messages.length - 1].offset) + 1n).toString();

    const handled = await this.options.transactions.inTransaction(async (tx, sql) => {
      let handledHere: number;
      if (this.options.dedupe === 'handler') {
        const events = [...firstSeen.values()];
        handledHere = events.length > 0 ? ((await handler(events, tx)) ?? events.length) : 0;
      } else {
        const fresh = await claimEventIds(sql, groupId, [...firstSeen.keys()]);
        const events = [...firstSeen.values()].filter((event) => fresh.has(event.envelope.id));
        if (events.length > 0) await handler(events, tx);
        handledHere = events.length;
      }
      await recordOffset(sql, groupId, topic, partition, nextOffset);
      return handledHere;
    });

    for (const { message } of rejected) this.deadLettered.delete(messageKey(message));
    return {
      topic,
      partition,
      received: messages.length,
      handled,
      duplicates: decoded.length - handled,
      deadLettered: rejected.length,
      durationMs: Date.now() - started,
    };
  }

  private async deadLetter(topic: string, rejected: Array<{ message: ReceivedMessage; error: UndecodableEventError }>): Promise<void> {
    const pending = rejected.filter(({ message }) => !this.deadLettered.has(messageKey(message)));
    if (pending.length === 0) return;
    const at = this.clock();
    await this.options.transport.publish(
      dlqTopic(topic),
      pending.map(({ message, error }) => deadLetterOfMessage(message, { code: error.code, reason: error.reason, rejectedBy: this.options.groupId, at })),
    );
    for (const { message, error } of pending) {
      this.deadLettered.add(messageKey(message));
      this.logger.warn(
        { groupId: this.options.groupId, topic, partition: message.partition, offset: message.offset, code: error.code, reason: error.reason, eventId: error.eventId },
        `undecodable message sent to ${dlqTopic(topic)}`,
      );
    }
  }
}

const messageKey = (message: ReceivedMessage) => `${message.topic}/${message.partition}/${message.offset}`;
