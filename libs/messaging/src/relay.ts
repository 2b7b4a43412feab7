import {
  dlqTopic,
  InvalidEnvelopeError,
  toKafkaMessage,
  type KafkaMessageShape,
} from '@samvirke/contracts';
import type { Checkpoint, EventStore, StoredEvent } from '@samvirke/event-sourcing';
import { backoffDelay, DEFAULT_BACKOFF, pause, type BackoffOptions } from './backoff';
import { deadLetterOfStoredEvent, REFUSED_BY_BUS, UNPUBLISHABLE } from './dead-letter';
import { envelopeOf, UnpublishableEventError } from './envelope-mapping';
import { consoleLogger, describeError, type MessagingLogger } from './logger';
import { commitSplitting } from './split';
import { MessageRefusedError, type OutgoingMessage, type Transport } from './transport';

export interface RelayOptions {
  /** Names the relay's checkpoint in the store, e.g. `relay:health.events.v1`. */
  name: string;
  store: EventStore;
  transport: Pick<Transport, 'publish'>;
  /** The topic every event goes to, or a function choosing it per event. */
  topic: string | ((event: StoredEvent) => string);
  /** Events read, published and checkpointed together. Default 500. */
  batchSize?: number;
  /** How long to wait for new events when caught up, unless `notify()` comes first. Default 100 ms. */
  pollIntervalMs?: number;
  /** Backoff after a failed read, publish or checkpoint. */
  backoff?: BackoffOptions;
  /**
   * Turns a stored event into a message. Default: `toKafkaMessage(envelopeOf(event))`.
   * Throw `UnpublishableEventError` to dead-letter an event; any other error is retried.
   */
  toMessage?: (event: StoredEvent) => KafkaMessageShape;
  /** Told for each stored event sent to the dead-letter topic, e.g. for metrics. */
  onDeadLettered?: (letter: { topic: string; eventId: string; code: string }) => void;
  logger?: MessagingLogger;
  clock?: () => Date;
}

/** A stored event on its way: the message, and the topic it belongs to (its dead letter's too). */
interface Outgoing {
  event: StoredEvent;
  topic: string;
  message: OutgoingMessage;
}

export interface RelayStatus {
  running: boolean;
  /** The last checkpoint this relay stored (or loaded). */
  checkpoint: Checkpoint | null;
  /** Events published since start, dead letters included. */
  published: number;
  deadLettered: number;
  /** The error of the last failed attempt, until an attempt succeeds. */
  lastError?: string;
}

/** The default mapping: the envelope kept in the stored event, as a CloudEvents binary-mode message. */
export function storedEventToMessage(event: StoredEvent): KafkaMessageShape {
  try {
    return toKafkaMessage(envelopeOf(event));
  } catch (error) {
    if (error instanceof InvalidEnvelopeError)
      throw new UnpublishableEventError(event.eventId, error.message);
    throw error;
  }
}

/**
 * The outbox relay: reads the event store's global log after its stored checkpoint, publishes
 * each event (key = the child's reference, so a child's events stay in order in one partition)
 * and stores the checkpoint only after the bus acknowledged the whole batch.
 *
 * A stored event that breaks the contract, or that the bus refuses (too large), goes to
 * `<topic>.dlq` with the reason and the relay goes on; the bus being away is waited out.
 *
 * At-least-once: a crash between the acknowledgement and the checkpoint publishes the batch
 * again on restart; consumers drop the repeats by event id. A failure is retried from the last
 * stored checkpoint with a backoff, so no event is ever skipped. Run one relay per store: a
 * second one is harmless (more repeats) but useless.
 */
export class Relay {
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly backoff: BackoffOptions;
  private readonly logger: MessagingLogger;
  private readonly clock: () => Date;
  private readonly toMessage: (event: StoredEvent) => KafkaMessageShape;
  private checkpoint: Checkpoint | null | undefined;
  private running = false;
  private loop?: Promise<void>;
  private notified = false;
  private wake?: () => void;
  private signalStop: () => void = () => undefined;
  private stopped: Promise<void> = Promise.resolve();
  private stats = { published: 0, deadLettered: 0, lastError: undefined as string | undefined };

  constructor(private readonly options: RelayOptions) {
    this.batchSize = options.batchSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.logger = options.logger ?? consoleLogger;
    this.clock = options.clock ?? (() => new Date());
    this.toMessage = options.toMessage ?? storedEventToMessage;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopped = new Promise((resolve) => (this.signalStop = resolve));
    this.loop = this.run();
  }

  /** Something was appended: look now instead of at the next poll. */
  notify(): void {
    this.notified = true;
    this.wake?.();
  }

  /** Lets the batch in hand finish (published and checkpointed), then stops. */
  async stop(): Promise<void> {
    this.running = false;
    this.signalStop();
    this.wake?.();
    await this.loop;
  }

  status(): RelayStatus {
    return { running: this.running, checkpoint: this.checkpoint ?? null, ...this.stats };
  }

  /**
   * Publishes the next batch after the checkpoint and stores the new checkpoint. Resolves to
   * the number of events published (0 when caught up). `start()` calls it in a loop.
   */
  async relayBatch(): Promise<number> {
    const { store, name } = this.options;
    if (this.checkpoint === undefined) this.checkpoint = await store.loadCheckpoint(name);
    this.notified = false;
    const { events, checkpoint } = await store.readAll(this.checkpoint, this.batchSize);
    if (events.length === 0) return 0;

    const byTopic = new Map<string, Outgoing[]>();
    let deadLettered = 0;
    for (const event of events) {
      const topic =
        typeof this.options.topic === 'string' ? this.options.topic : this.options.topic(event);
      const [target, message] = this.messageFor(event, topic);
      if (target !== topic) deadLettered++;
      const outgoing = byTopic.get(target) ?? [];
      outgoing.push({ event, topic, message });
      byTopic.set(target, outgoing);
    }
    for (const [target, outgoing] of byTopic)
      deadLettered += await this.publishOrPark(target, outgoing);

    const next = checkpoint ?? events[events.length - 1].position;
    await store.storeCheckpoint(name, next);
    this.checkpoint = next;
    this.stats.published += events.length;
    this.stats.deadLettered += deadLettered;
    return events.length;
  }

  /**
   * Publishes the messages; when the bus refuses one for what it is (`MessageRefusedError`: too
   * large, invalid for the broker), splits them to find it and parks it on the dead-letter topic,
   * and publishes the rest. Any other error (the bus away) is thrown, to be retried. Resolves to
   * how many were parked.
   */
  private async publishOrPark(target: string, outgoing: Outgoing[]): Promise<number> {
    let parked = 0;
    await commitSplitting(outgoing, {
      commit: (part) =>
        this.options.transport.publish(
          target,
          part.map(({ message }) => message),
        ),
      isOutage: (error) => !(error instanceof MessageRefusedError),
      park: async ({ event, topic }, error) => {
        const reason = (error as MessageRefusedError).reason;
        // The letter leaves the data out: it would be refused too. The event stays in the store.
        const letter = deadLetterOfStoredEvent(
          event,
          topic,
          { code: REFUSED_BY_BUS, reason, rejectedBy: this.options.name, at: this.clock() },
          { withoutData: true },
        );
        await this.options.transport.publish(dlqTopic(topic), [letter]);
        parked++;
        this.logger.error(
          {
            relay: this.options.name,
            eventId: event.eventId,
            streamId: event.streamId,
            topic: target,
            code: REFUSED_BY_BUS,
          },
          'the bus refused a stored event; sent to the dead-letter topic without its data',
        );
        this.options.onDeadLettered?.({ topic, eventId: event.eventId, code: REFUSED_BY_BUS });
      },
    });
    return parked;
  }

  private messageFor(event: StoredEvent, topic: string): [string, OutgoingMessage] {
    try {
      return [topic, this.toMessage(event)];
    } catch (error) {
      if (!(error instanceof UnpublishableEventError)) throw error;
      this.logger.error(
        {
          relay: this.options.name,
          eventId: event.eventId,
          streamId: event.streamId,
          reason: error.reason,
        },
        'stored event cannot be published; sent to the dead-letter topic',
      );
      this.options.onDeadLettered?.({ topic, eventId: event.eventId, code: UNPUBLISHABLE });
      return [
        dlqTopic(topic),
        deadLetterOfStoredEvent(event, topic, {
          code: UNPUBLISHABLE,
          reason: error.reason,
          rejectedBy: this.options.name,
          at: this.clock(),
        }),
      ];
    }
  }

  private async run(): Promise<void> {
    for (let failures = 0; this.running;) {
      try {
        const published = await this.relayBatch();
        failures = 0;
        this.stats.lastError = undefined;
        if (published === 0) await this.idle();
      } catch (error) {
        const delayMs = backoffDelay(failures++, this.backoff);
        this.stats.lastError = describeError(error).error;
        this.logger.error(
          { ...describeError(error), relay: this.options.name, attempt: failures, delayMs },
          'relay batch failed; retrying from the stored checkpoint',
        );
        // The store may hold a checkpoint this instance did not write; start again from it.
        this.checkpoint = undefined;
        await pause(delayMs, { interrupted: this.stopped });
      }
    }
  }

  private async idle(): Promise<void> {
    if (this.notified || !this.running) return;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      timer = setTimeout(resolve, this.pollIntervalMs);
    });
    clearTimeout(timer);
    this.wake = undefined;
  }
}
