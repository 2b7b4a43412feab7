import {
  dlqTopic,
  fromKafkaMessage,
  UndecodableEventError,
  type EventEnvelope,
  type IncomingKafkaMessage,
} from '@samvirke/contracts';
import { claimEventIds, createConsumerTables, loadOffset, recordOffset } from './consumer-tables';
import { deadLetterOfMessage, HANDLER_FAILED } from './dead-letter';
import { errorReason, isOutage, loggableError, sqlStateOf } from './failures';
import { consoleLogger, type MessagingLogger } from './logger';
import { commitSplitting } from './split';
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
 * Throw to roll everything back; the batch comes again after a backoff (and is split to find
 * the event at fault when it keeps failing). With `dedupe: 'handler'` it gets every event of
 * the batch (each id once) and resolves to how many were new to it.
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
  /** Undecodable messages and events the handler could not process, sent to `<topic>.dlq`. */
  deadLettered: number;
  durationMs: number;
}

/** One message sent to `<topic>.dlq`, for metrics. */
export interface DeadLetterReport {
  topic: string;
  partition: number;
  offset: string;
  /** `bad-json`, `unknown-type`, `missing-header`, … for an undecodable message; `handler-failed` for an event the handler could not process. */
  code: string;
  eventId?: string;
}

export interface ConsumerStatus {
  running: boolean;
  /** Batches committed since start, and what they held. */
  batches: number;
  handled: number;
  duplicates: number;
  deadLettered: number;
  lastBatchAt?: Date;
  /** The error of the last failed batch, until a batch succeeds (for readiness checks): in full for an outage, else its name and SQLSTATE (`loggableError`). */
  lastError?: string;
  /** When the failing began (wall clock): the first failure with no batch committed since. */
  failingSince?: Date;
  /** The last failure was an outage (the database or the bus away), not an event's fault. */
  outage?: boolean;
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
  /**
   * How many deliveries of a batch may fail (each after the transport's backoff) before the
   * consumer splits it to find the event at fault. Outages do not count. Default 3.
   */
  attemptsBeforeSplit?: number;
  /**
   * How many events in a row may be parked failing the same way (name and SQLSTATE, or message),
   * with no event committed between, before the consumer stops parking: then the handler looks
   * broken rather than the events, and the batch is retried until it is mended. Default 10.
   */
  maxParkedInARow?: number;
  /** Told after each committed batch, e.g. for metrics. */
  onBatch?: (report: BatchReport) => void;
  /** Told for each message sent to the dead-letter topic, e.g. for metrics. */
  onDeadLettered?: (letter: DeadLetterReport) => void;
  logger?: MessagingLogger;
  clock?: () => Date;
}

/** A message of the batch in hand, with its event unless it was undecodable or a repeat within the batch. */
interface BatchItem {
  message: ReceivedMessage;
  event?: ConsumedEvent;
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
 * goes on. A handler error rolls the transaction back and the batch is delivered again with a
 * backoff. An outage (`isOutage`: the database or bus away) is waited out so, however long.
 * Any other error that comes back `attemptsBeforeSplit` times is some event's fault: the batch
 * is split in halves until the one event that fails alone is found; it goes to `<topic>.dlq`
 * with the handler's error (code `handler-failed`) once the database has answered a probe and
 * the event has failed alone twice, and the rest of the batch commits (each part with its
 * offsets), so one poison event never stops a partition. Event after event failing the same
 * way (`maxParkedInARow`) with nothing committed between is a broken handler, not poison: it
 * stops parking and retries until the handler is mended.
 */
export class IdempotentConsumer<Tx> {
  private subscription?: Subscription;
  private readonly logger: MessagingLogger;
  private readonly clock: () => Date;
  private readonly decode: (message: IncomingKafkaMessage) => EventEnvelope;
  private readonly attemptsBeforeSplit: number;
  /** Messages already dead-lettered while their batch is being retried, so the retry does not repeat them. */
  private readonly deadLettered = new Set<string>();
  /** Per `topic/partition`: the failed deliveries of the batch starting at `offset`. */
  private readonly failures = new Map<string, { offset: string; count: number }>();
  /** Per `topic/partition`: the next offset this member recorded, so a batch delivered again after a part of it committed skips that part. */
  private readonly recorded = new Map<string, bigint>();
  /** The events parked in a row, failing the same way, since an event was last committed. */
  private parkedInARow = { failure: '', count: 0 };
  private stats: Omit<ConsumerStatus, 'running'> = {
    batches: 0,
    handled: 0,
    duplicates: 0,
    deadLettered: 0,
  };

  constructor(private readonly options: IdempotentConsumerOptions<Tx>) {
    this.logger = options.logger ?? consoleLogger;
    this.clock = options.clock ?? (() => new Date());
    this.decode = options.decode ?? ((message) => fromKafkaMessage(message));
    this.attemptsBeforeSplit = options.attemptsBeforeSplit ?? 3;
  }

  async start(): Promise<void> {
    if (this.subscription) return;
    const { transactions, groupId, topics, transport } = this.options;
    if (this.options.createTables !== false) {
      await transactions.inTransaction((_tx, sql) =>
        createConsumerTables(sql, { processedEvents: this.options.dedupe !== 'handler' }),
      );
    }
    // Offsets may have been reset while stopped (a rebuild): only the database says where to go on.
    this.recorded.clear();
    this.failures.clear();
    this.subscription = await transport.subscribe({
      groupId,
      topics,
      fromBeginning: this.options.fromBeginning ?? true,
      handler: (batch) => this.handleBatch(batch),
      resumeFrom: ({ topic, partition }) =>
        transactions.inTransaction((_tx, sql) => loadOffset(sql, groupId, topic, partition)),
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
      this.stats.lastError = loggableError(error).error;
      // Wall-clock time, not the injected clock: readiness measures how long it has been failing.
      this.stats.failingSince ??= new Date();
      this.stats.outage = isOutage(error);
      throw error;
    }
  }

  private async processBatch(batch: MessageBatch): Promise<BatchReport> {
    const started = Date.now();
    const { topic, partition } = batch;
    const partitionKey = `${topic}/${partition}`;
    const done = this.recorded.get(partitionKey);
    const messages =
      done === undefined
        ? batch.messages
        : batch.messages.filter((message) => BigInt(message.offset) >= done);
    const report = {
      topic,
      partition,
      received: batch.messages.length,
      handled: 0,
      duplicates: 0,
      deadLettered: 0,
      durationMs: 0,
    };
    if (messages.length === 0) return { ...report, durationMs: Date.now() - started };

    const items: BatchItem[] = [];
    const rejected: Array<{ message: ReceivedMessage; error: UndecodableEventError }> = [];
    // A batch can hold the same event twice (a relay that restarted); the first one counts.
    const seen = new Set<string>();
    for (const message of messages) {
      try {
        const envelope = this.decode({
          key: message.key,
          value: message.value,
          headers: message.headers,
        });
        if (seen.has(envelope.id)) {
          items.push({ message });
          report.duplicates++;
        } else {
          seen.add(envelope.id);
          items.push({ message, event: { envelope, topic, partition, offset: message.offset } });
        }
      } catch (error) {
        if (!(error instanceof UndecodableEventError)) throw error;
        rejected.push({ message, error });
        items.push({ message });
      }
    }
    await this.deadLetter(topic, rejected);
    report.deadLettered = rejected.length;

    let parked = 0;
    const failed = this.failures.get(partitionKey);
    const attempt = failed?.offset === messages[0].offset ? failed.count : 0;
    try {
      if (attempt < this.attemptsBeforeSplit) {
        report.handled = await this.commit(topic, partition, items);
      } else {
        this.logger.warn(
          {
            groupId: this.options.groupId,
            topic,
            partition,
            offset: messages[0].offset,
            messages: messages.length,
            attempts: attempt,
          },
          'batch keeps failing; splitting it to find the event at fault',
        );
        await commitSplitting(items, {
          commit: async (part) =>
            void (report.handled += await this.commit(topic, partition, part)),
          park: async (item, error) => {
            const handled = await this.park(topic, partition, item, error);
            if (handled === undefined) parked++;
            else report.handled += handled;
          },
          isOutage,
        });
      }
    } catch (error) {
      if (!isOutage(error))
        this.failures.set(partitionKey, { offset: messages[0].offset, count: attempt + 1 });
      throw error;
    }
    this.failures.delete(partitionKey);
    for (const { message } of rejected) this.deadLettered.delete(messageKey(message));
    report.duplicates += items.filter((item) => item.event).length - report.handled - parked;
    return {
      ...report,
      deadLettered: report.deadLettered + parked,
      durationMs: Date.now() - started,
    };
  }

  /** One transaction: the handler on the items' events, and the offset after the last item. Resolves to the events new to the group. */
  private async commit(topic: string, partition: number, items: BatchItem[]): Promise<number> {
    const { groupId, handler } = this.options;
    const nextOffset = (BigInt(items[items.length - 1].message.offset) + 1n).toString();
    const batchEvents = items.flatMap((item) => (item.event ? [item.event] : []));
    const handled = await this.options.transactions.inTransaction(async (tx, sql) => {
      let handledHere: number;
      if (this.options.dedupe === 'handler') {
        handledHere =
          batchEvents.length > 0 ? ((await handler(batchEvents, tx)) ?? batchEvents.length) : 0;
      } else {
        const fresh = await claimEventIds(
          sql,
          groupId,
          batchEvents.map((event) => event.envelope.id),
        );
        const events = batchEvents.filter((event) => fresh.has(event.envelope.id));
        if (events.length > 0) await handler(events, tx);
        handledHere = events.length;
      }
      await recordOffset(sql, groupId, topic, partition, nextOffset);
      return handledHere;
    });
    this.recorded.set(`${topic}/${partition}`, BigInt(nextOffset));
    if (batchEvents.length > 0) this.parkedInARow = { failure: '', count: 0 };
    return handled;
  }

  /**
   * The one message that failed alone. It is the event's fault only if the database answers and
   * the event fails alone once more: then it goes to the dead-letter topic and its offset is
   * recorded (resolves undefined). If it went through this time, resolves to what it handled;
   * an outage is thrown.
   */
  private async park(
    topic: string,
    partition: number,
    item: BatchItem,
    error: unknown,
  ): Promise<number | undefined> {
    await this.options.transactions.inTransaction((_tx, sql) => sql.query('SELECT 1'));
    let cause = error;
    try {
      return await this.commit(topic, partition, [item]);
    } catch (again) {
      if (isOutage(again)) throw again;
      cause = again;
    }
    const { message, event } = item;
    const failure =
      loggableError(cause).error +
      (sqlStateOf(cause) ? '' : ` ${cause instanceof Error ? cause.message : ''}`);
    const inARow = failure === this.parkedInARow.failure ? this.parkedInARow.count : 0;
    if (inARow >= (this.options.maxParkedInARow ?? 10)) {
      if (inARow === (this.options.maxParkedInARow ?? 10)) {
        this.parkedInARow.count++;
        this.logger.error(
          {
            groupId: this.options.groupId,
            topic,
            partition,
            offset: message.offset,
            parkedInARow: inARow,
            ...loggableError(cause),
          },
          'every event fails the same way: the handler looks broken, so no more are parked; retrying until it is mended',
        );
      }
      throw cause;
    }
    const key = messageKey(message);
    if (!this.deadLettered.has(key)) {
      await this.options.transport.publish(dlqTopic(topic), [
        deadLetterOfMessage(message, {
          code: HANDLER_FAILED,
          reason: errorReason(cause),
          rejectedBy: this.options.groupId,
          at: this.clock(),
        }),
      ]);
      this.deadLettered.add(key);
    }
    const nextOffset = (BigInt(message.offset) + 1n).toString();
    await this.options.transactions.inTransaction((_tx, sql) =>
      recordOffset(sql, this.options.groupId, topic, partition, nextOffset),
    );
    this.recorded.set(`${topic}/${partition}`, BigInt(nextOffset));
    this.deadLettered.delete(key);
    this.parkedInARow = { failure, count: inARow + 1 };
    // No payload and no error message in the log: a database error may quote the event's values.
    this.logger.error(
      {
        groupId: this.options.groupId,
        topic,
        partition,
        offset: message.offset,
        code: HANDLER_FAILED,
        eventId: event?.envelope.id,
        type: event?.envelope.type,
        childRef: event?.envelope.subject,
        error: cause instanceof Error ? cause.name : typeof cause,
        sqlState: sqlStateOf(cause),
      },
      `event the handler cannot process sent to ${dlqTopic(topic)}; the partition goes on`,
    );
    this.options.onDeadLettered?.({
      topic,
      partition,
      offset: message.offset,
      code: HANDLER_FAILED,
      eventId: event?.envelope.id,
    });
    return undefined;
  }

  private async deadLetter(
    topic: string,
    rejected: Array<{ message: ReceivedMessage; error: UndecodableEventError }>,
  ): Promise<void> {
    const pending = rejected.filter(({ message }) => !this.deadLettered.has(messageKey(message)));
    if (pending.length === 0) return;
    const at = this.clock();
    await this.options.transport.publish(
      dlqTopic(topic),
      pending.map(({ message, error }) =>
        deadLetterOfMessage(message, {
          code: error.code,
          reason: error.reason,
          rejectedBy: this.options.groupId,
          at,
        }),
      ),
    );
    for (const { message, error } of pending) {
      this.deadLettered.add(messageKey(message));
      this.logger.warn(
        {
          groupId: this.options.groupId,
          topic,
          partition: message.partition,
          offset: message.offset,
          code: error.code,
          reason: error.reason,
          eventId: error.eventId,
        },
        `undecodable message sent to ${dlqTopic(topic)}`,
      );
      this.options.onDeadLettered?.({
        topic,
        partition: message.partition,
        offset: message.offset,
        code: error.code,
        eventId: error.eventId,
      });
    }
  }
}

const messageKey = (message: ReceivedMessage) =>
  `${message.topic}/${message.partition}/${message.offset}`;
