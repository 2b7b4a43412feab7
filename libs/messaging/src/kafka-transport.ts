import {
  Kafka,
  logLevel as KafkaLogLevel,
  Partitioners,
  type Admin,
  type Consumer,
  type ConsumerConfig,
  type EachBatchPayload,
  type IHeaders,
  type KafkaMessage,
  type LogEntry,
  type Producer,
} from 'kafkajs';
import { backoffDelay, DEFAULT_BACKOFF, pause, type BackoffOptions } from './backoff';
import { causesOf, loggableError } from './failures';
import { consoleLogger, type MessagingLogger } from './logger';
import {
  MessageRefusedError,
  type OutgoingMessage,
  type ReceivedMessage,
  type SubscribeOptions,
  type Subscription,
  type Transport,
} from './transport';

export interface KafkaTransportOptions {
  brokers: string[];
  clientId: string;
  /** Consumer settings passed to kafkajs (session timeout, fetch sizes, ...). */
  consumer?: Partial<Omit<ConsumerConfig, 'groupId'>> & {
    /** Partitions handled at once by one member; each batch is its own database transaction. */
    partitionsConsumedConcurrently?: number;
  };
  /** Backoff between deliveries of a batch whose handler failed. */
  backoff?: BackoffOptions;
  logger?: MessagingLogger;
  /** kafkajs's own log level (its entries go to `logger`). Default WARN. */
  kafkaLogLevel?: KafkaLogLevel;
  /**
   * `ping`'s look at the broker: answered from the last look for `everyMs` (default 2 s) after
   * it, each look bounded by `timeoutMs` (default 1.5 s, under the readiness check's 2 s). A
   * look that fails within `graceMs` (default 4 s) of one that succeeded is not yet an outage:
   * a busy machine may miss one look, and readiness must not flap under load.
   */
  probe?: { everyMs?: number; timeoutMs?: number; graceMs?: number };
}

/**
 * The transport on Apache Kafka through kafkajs.
 *
 * Publishing uses one idempotent producer (`idempotent: true`, `maxInFlightRequests: 1`,
 * `acks: -1`): the broker drops the producer's own retried duplicates and keeps each
 * partition in send order. Publishes are serialised so one caller's batch is never
 * interleaved with another's.
 *
 * Consuming uses `eachBatch` with `autoCommit: false`: the offset after a batch is committed
 * only once its handler resolved; a failing handler gets the same batch again after a backoff
 * (heartbeating meanwhile), and a rebalance or stop abandons it uncommitted.
 */
export class KafkaTransport implements Transport {
  private readonly kafka: Kafka;
  private producer?: Promise<Producer>;
  private publishing: Promise<unknown> = Promise.resolve();
  private readonly consumers = new Set<Consumer>();
  private readonly backoff: BackoffOptions;
  private readonly logger: MessagingLogger;
  private closed = false;
  private readonly probeEveryMs: number;
  private readonly probeTimeoutMs: number;
  private readonly probeGraceMs: number;
  private lastAnsweredAt?: number;
  private readonly probeClient: Kafka;
  private probeAdmin?: Admin;
  /** The last look at the broker, or the one under way (`settledAt` unset). */
  private probe?: { outcome: Promise<void>; settledAt?: number };

  constructor(private readonly options: KafkaTransportOptions) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.logger = options.logger ?? consoleLogger;
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: options.kafkaLogLevel ?? KafkaLogLevel.WARN,
      logCreator: () => (entry) => this.logKafka(entry),
    });
    this.probeEveryMs = options.probe?.everyMs ?? 2_000;
    this.probeTimeoutMs = options.probe?.timeoutMs ?? 1_500;
    this.probeGraceMs = options.probe?.graceMs ?? 4_000;
    // The probe's own client: no retries and short timeouts, so a look at a broker that is away
    // fails within the bound instead of waiting in kafkajs's retries (some 10-15 s). Its failure
    // is the readiness check's to log.
    this.probeClient = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: KafkaLogLevel.NOTHING,
      connectionTimeout: this.probeTimeoutMs,
      requestTimeout: this.probeTimeoutMs,
      retry: { retries: 0 },
    });
  }

  /**
   * Asks the broker for the cluster's metadata over one admin connection kept for it, at most
   * once every `probe.everyMs`; callers in between get the last answer, so a readiness endpoint
   * polled often costs the broker nothing more.
   */
  ping(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the Kafka transport is closed'));
    const last = this.probe;
    if (last && (last.settledAt === undefined || Date.now() - last.settledAt < this.probeEveryMs))
      return last.outcome;
    const probe: { outcome: Promise<void>; settledAt?: number } = { outcome: this.lookWithGrace() };
    const settle = () => void (probe.settledAt = Date.now());
    probe.outcome.then(settle, settle);
    this.probe = probe;
    return probe.outcome;
  }

  /** A look at the broker; a failed one counts only once no look has succeeded for `graceMs`. */
  private async lookWithGrace(): Promise<void> {
    try {
      await this.lookAtBroker();
      this.lastAnsweredAt = Date.now();
    } catch (error) {
      if (this.lastAnsweredAt !== undefined && Date.now() - this.lastAnsweredAt < this.probeGraceMs)
        return;
      throw error;
    }
  }

  private async lookAtBroker(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the Kafka broker did not answer within ${this.probeTimeoutMs} ms`)),
        this.probeTimeoutMs,
      );
    });
    const look = async () => {
      this.probeAdmin ??= this.probeClient.admin();
      // Connects the first time and again after an outage; while connected it does nothing.
      await this.probeAdmin.connect();
      const cluster = await this.probeAdmin.describeCluster().catch((error: unknown) => {
        throw new Error('the Kafka broker did not answer a metadata request', { cause: error });
      });
      if (cluster.brokers.length === 0) throw new Error('the Kafka cluster has no brokers');
    };
    try {
      await Promise.race([look(), timeout]);
    } catch (error) {
      // The next look starts afresh: a connection to a broker that hung can stay open and still useless.
      const admin = this.probeAdmin;
      this.probeAdmin = undefined;
      void admin?.disconnect().catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    const send = this.publishing.then(() => this.send(topic, messages));
    this.publishing = send.catch(() => undefined);
    return send;
  }

  private async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('the Kafka transport is closed');
    if (messages.length === 0) return;
    const producer = await this.connectedProducer();
    try {
      await producer.send({ topic, acks: -1, messages });
    } catch (error) {
      // After a failed send an idempotent producer's sequence numbers may no longer match the
      // broker's; a fresh producer (a new producer id) starts clean.
      this.producer = undefined;
      void producer.disconnect().catch(() => undefined);
      throw refusal(topic, error) ?? error;
    }
  }

  private connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: true,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      this.producer = producer.connect().then(
        () => producer,
        (error: unknown) => {
          this.producer = undefined;
          throw error;
        },
      );
    }
    return this.producer;
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.closed) throw new Error('the Kafka transport is closed');
    const { partitionsConsumedConcurrently = 1, ...consumerConfig } = this.options.consumer ?? {};
    let stopping = false;
    const restartOnFailure = consumerConfig.retry?.restartOnFailure;
    const consumer = this.kafka.consumer({
      sessionTimeout: SESSION_TIMEOUT_MS,
      ...consumerConfig,
      // A consumer stopped while kafkajs was restarting it (after a broker outage) has no runner to
      // stop yet: its restart would fail against the disconnected client and be retried forever.
      retry: {
        ...consumerConfig.retry,
        restartOnFailure: async (error) =>
          !stopping && !this.closed && (restartOnFailure ? restartOnFailure(error) : true),
      },
      groupId: options.groupId,
    });
    this.consumers.add(consumer);

    // `resumeFrom` is asked once per partition and assignment (a join starts a new generation).
    let generation = 0;
    const resumeAt = new Map<string, { generation: number; offset: bigint | null }>();
    consumer.on(consumer.events.GROUP_JOIN, () => void generation++);

    let signalStop!: () => void;
    const stopped = new Promise<void>((resolve) => (signalStop = resolve));

    const startOffset = async (topic: string, partition: number): Promise<bigint | null> => {
      const key = `${topic}/${partition}`;
      const known = resumeAt.get(key);
      if (known && known.generation === generation) return known.offset;
      const asked = generation;
      const offset = await options.resumeFrom?.({ topic, partition });
      const entry = { generation: asked, offset: offset == null ? null : BigInt(offset) };
      resumeAt.set(key, entry);
      return entry.offset;
    };

    const eachBatch = async ({
      batch,
      heartbeat,
      isRunning,
      isStale,
      resolveOffset,
      commitOffsetsIfNecessary,
    }: EachBatchPayload) => {
      const { topic, partition } = batch;
      const active = () => !stopping && isRunning() && !isStale();
      if (!active() || batch.isEmpty()) return;

      let messages: ReceivedMessage[] = [];
      for (let attempt = 0; ; attempt++) {
        if (!active()) return;
        try {
          const from = await startOffset(topic, partition);
          const fresh =
            from === null ? batch.messages : batch.messages.filter((m) => BigInt(m.offset) >= from);
          if (fresh.length === 0) {
            // The group's own record says all of this was processed: jump past it.
            if (from !== null) consumer.seek({ topic, partition, offset: from.toString() });
            return;
          }
          messages = fresh.map((m) => toReceived(topic, partition, m));
          await options.handler({ topic, partition, messages });
          break;
        } catch (error) {
          const delayMs = backoffDelay(attempt, this.backoff);
          this.logger.warn(
            {
              ...loggableError(error),
              groupId: options.groupId,
              topic,
              partition,
              offset: batch.firstOffset(),
              attempt,
              delayMs,
            },
            'batch handler failed; the batch will be delivered again',
          );
          await pause(delayMs, { interrupted: stopped, tick: heartbeat });
        }
      }

      const last = messages[messages.length - 1].offset;
      resolveOffset(last);
      await commitOffsetsIfNecessary({
        topics: [{ topic, partitions: [{ partition, offset: (BigInt(last) + 1n).toString() }] }],
      });
      await heartbeat();
    };

    await consumer.connect();
    try {
      await consumer.subscribe({
        topics: options.topics,
        fromBeginning: options.fromBeginning ?? true,
      });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently,
        eachBatch,
      });
    } catch (error) {
      this.consumers.delete(consumer);
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }

    return {
      stop: async () => {
        if (stopping) return;
        stopping = true;
        signalStop();
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const consumers = [...this.consumers];
    this.consumers.clear();
    await Promise.all(consumers.map((consumer) => consumer.disconnect().catch(() => undefined)));
    await this.publishing;
    const producer = await this.producer?.catch(() => undefined);
    this.producer = undefined;
    await producer?.disconnect();
    await this.probe?.outcome.catch(() => undefined);
    await this.probeAdmin?.disconnect().catch(() => undefined);
    this.probeAdmin = undefined;
  }

  private logKafka({ level, log }: LogEntry): void {
    const { message, timestamp: _timestamp, logger: _logger, ...context } = log;
    const text = `kafkajs: ${message}`;
    if (level === KafkaLogLevel.ERROR) this.logger.error(context, text);
    else if (level === KafkaLogLevel.WARN) this.logger.warn(context, text);
    else if (level === KafkaLogLevel.INFO) this.logger.info(context, text);
    else this.logger.debug(context, text);
  }
}

/**
 * kafkajs's default is 30 s. A consumer that kafkajs restarts after a broker outage joins as a
 * new member, and the broker, back with the group as it was, waits out the old member's session
 * before it assigns a partition: with 30 s, a 10 s outage stopped the projection for 30 s more.
 */
const SESSION_TIMEOUT_MS = 10_000;

/** What the broker answers for a message it will never take (kafkajs protocol error types). */
const REFUSED_TYPES = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'INVALID_TIMESTAMP',
]);

function refusal(topic: string, error: unknown): MessageRefusedError | undefined {
  const refused = causesOf(error).find((cause) =>
    REFUSED_TYPES.has(String((cause as { type?: unknown }).type)),
  );
  return refused
    ? new MessageRefusedError(
        topic,
        `${String((refused as { type?: unknown }).type)}: ${(refused as Error).message}`,
        { cause: error },
      )
    : undefined;
}

function toReceived(topic: string, partition: number, message: KafkaMessage): ReceivedMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null ? null : message.key.toString('utf8'),
    value: message.value,
    headers: headersToStrings(message.headers),
  };
}

/** Kafka headers are bytes and may repeat; the envelope's are UTF-8 text, one value each (the last wins). */
export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) result[name] = last.toString();
  }
  return result;
}
