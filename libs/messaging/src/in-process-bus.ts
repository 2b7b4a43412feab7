import { backoffDelay, DEFAULT_BACKOFF, pause, type BackoffOptions } from './backoff';
import { loggableError } from './failures';
import { consoleLogger, type MessagingLogger } from './logger';
import {
  MessageRefusedError,
  type MessageBatch,
  type OutgoingMessage,
  type ReceivedMessage,
  type SubscribeOptions,
  type Subscription,
  type Transport,
} from './transport';

export interface InProcessBusOptions {
  /** Partitions of a topic created on first use. */
  partitions?: number;
  /** Most messages handed to a handler at once. */
  maxBatchSize?: number;
  /** The largest message accepted (key, value and headers), as Kafka's `message.max.bytes`. Default 1 MiB. */
  maxMessageBytes?: number;
  backoff?: BackoffOptions;
  logger?: MessagingLogger;
}

interface LoggedMessage {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

interface Group {
  /** Next offset to deliver, per `topic/partition`. */
  committed: Map<string, number>;
  member?: Member;
}

/**
 * The bus for running everything in one process (`npm start`): a partitioned, append-only
 * log per topic held in memory, with Kafka's delivery promises (see `Transport`).
 *
 * The log lives and dies with the process, so `resumeFrom` offsets stored by an earlier run
 * mean nothing here and are ignored: a group starts at the log's beginning (or end) and the
 * idempotent consumer's event-id check drops what an earlier run already processed. One
 * member per consumer group: a second subscription to a busy group is refused.
 */
export class InProcessBus implements Transport {
  private readonly topics = new Map<string, LoggedMessage[][]>();
  private readonly groups = new Map<string, Group>();
  private readonly partitions: number;
  readonly maxBatchSize: number;
  private readonly maxMessageBytes: number;
  readonly backoff: BackoffOptions;
  readonly logger: MessagingLogger;
  private closed = false;

  constructor(options: InProcessBusOptions = {}) {
    this.partitions = options.partitions ?? 3;
    this.maxBatchSize = options.maxBatchSize ?? 500;
    this.maxMessageBytes = options.maxMessageBytes ?? 1_048_576;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.logger = options.logger ?? consoleLogger;
  }

  /** Creates the topic with `partitions` partitions unless it exists. */
  createTopic(topic: string, partitions = this.partitions): void {
    if (!this.topics.has(topic))
      this.topics.set(
        topic,
        Array.from({ length: partitions }, () => []),
      );
  }

  async publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('the in-process bus is closed');
    const tooLarge = messages.find((message) => sizeOf(message) > this.maxMessageBytes);
    if (tooLarge)
      throw new MessageRefusedError(
        topic,
        `MESSAGE_TOO_LARGE: ${sizeOf(tooLarge)} bytes, more than the ${this.maxMessageBytes} accepted`,
      );
    const log = this.log(topic);
    for (const { key, value, headers } of messages) {
      log[partitionFor(key, log.length)].push({
        key,
        value: Buffer.from(value),
        headers: { ...headers },
      });
    }
    for (const group of this.groups.values()) {
      if (group.member?.topics.includes(topic)) group.member.wake();
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.closed) throw new Error('the in-process bus is closed');
    let group = this.groups.get(options.groupId);
    if (!group) {
      group = { committed: new Map() };
      this.groups.set(options.groupId, group);
    }
    if (group.member)
      throw new Error(
        `consumer group ${options.groupId} already has a member on this in-process bus`,
      );
    for (const topic of options.topics) {
      const log = this.log(topic);
      if (options.fromBeginning === false) {
        log.forEach((partition, p) => {
          const key = `${topic}/${p}`;
          if (!group.committed.has(key)) group.committed.set(key, partition.length);
        });
      }
    }
    const member = new Member(this, group, options);
    group.member = member;
    member.start();
    return { stop: () => member.stop() };
  }

  /** The bus lives in this process: it is there until it is closed. */
  async ping(): Promise<void> {
    if (this.closed) throw new Error('the in-process bus is closed');
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.groups.values()].map((group) => group.member?.stop()));
  }

  /** The topic's partitions, creating the topic on first use as Kafka does with auto-creation. */
  log(topic: string): LoggedMessage[][] {
    this.createTopic(topic);
    return this.topics.get(topic) as LoggedMessage[][];
  }
}

class Member {
  readonly topics: string[];
  private running = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private signalStop!: () => void;
  private readonly stopped = new Promise<void>((resolve) => (this.signalStop = resolve));
  /** Rotates which partition is looked at first, so a busy partition cannot starve the others. */
  private turn = 0;

  constructor(
    private readonly bus: InProcessBus,
    private readonly group: Group,
    private readonly options: SubscribeOptions,
  ) {
    this.topics = [...options.topics];
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    if (!this.running) return this.loop;
    this.running = false;
    this.signalStop();
    this.wakeUp?.();
    await this.loop;
    if (this.group.member === this) this.group.member = undefined;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const batch = this.nextBatch();
      if (!batch) {
        await new Promise<void>((resolve) => (this.wakeUp = resolve));
        this.wakeUp = undefined;
        continue;
      }
      if (await this.deliver(batch)) {
        const last = batch.messages[batch.messages.length - 1];
        this.group.committed.set(`${batch.topic}/${batch.partition}`, Number(last.offset) + 1);
      }
      // Let publishers and other members run between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private nextBatch(): MessageBatch | undefined {
    const partitions = this.topics.flatMap((topic) =>
      this.bus.log(topic).map((log, partition) => ({ topic, partition, log })),
    );
    for (let i = 0; i < partitions.length; i++) {
      const { topic, partition, log } = partitions[(this.turn + i) % partitions.length];
      const from = this.group.committed.get(`${topic}/${partition}`) ?? 0;
      if (from >= log.length) continue;
      this.turn = (this.turn + i + 1) % partitions.length;
      const messages: ReceivedMessage[] = log
        .slice(from, from + this.bus.maxBatchSize)
        .map((m, i) => ({
          topic,
          partition,
          offset: String(from + i),
          key: m.key,
          value: Buffer.from(m.value),
          headers: { ...m.headers },
        }));
      return { topic, partition, messages };
    }
    return undefined;
  }

  /** True once the handler took the batch; false when the member stopped first. */
  private async deliver(batch: MessageBatch): Promise<boolean> {
    for (let attempt = 0; this.running; attempt++) {
      try {
        await this.options.handler(batch);
        return true;
      } catch (error) {
        const delayMs = backoffDelay(attempt, this.bus.backoff);
        this.bus.logger.warn(
          {
            ...loggableError(error),
            groupId: this.options.groupId,
            topic: batch.topic,
            partition: batch.partition,
            offset: batch.messages[0].offset,
            attempt,
            delayMs,
          },
          'batch handler failed; the batch will be delivered again',
        );
        await pause(delayMs, { interrupted: this.stopped });
      }
    }
    return false;
  }
}

function sizeOf({ key, value, headers }: OutgoingMessage): number {
  let bytes = Buffer.byteLength(key) + value.length;
  for (const [name, text] of Object.entries(headers))
    bytes += Buffer.byteLength(name) + Buffer.byteLength(text);
  return bytes;
}

/** FNV-1a over the key's UTF-8 bytes: stable across runs, so a key always maps to one partition. */
export function partitionFor(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % partitions;
}
