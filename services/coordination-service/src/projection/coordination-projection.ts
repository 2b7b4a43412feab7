import type { EventEnvelope } from '@samvirke/contracts';
import type { EventStore } from '@samvirke/event-sourcing';
import {
  consoleLogger,
  IdempotentConsumer,
  pgTransactions,
  sqlOf,
  type BatchReport,
  type ConsumerStatus,
  type DeadLetterReport,
  type MessagingLogger,
  type TransactionRunner,
  type Transport,
} from '@samvirke/messaging';
import type { MunicipalityOverrides } from '@samvirke/gap-engine';
import type { Pool, PoolClient } from 'pg';
import { ensureReadModel } from '../read-model';
import { alwaysLive, KafkaCatchUpGate, type CatchUpGate, type GateState } from './catch-up-gate';
import { GapOutbox } from './gap-outbox';
import { nothingDone, Projector, type ProjectionOutcome } from './projector';

export interface CoordinationProjectionOptions {
  /** The coordination database's pool (the service's, `pgPoolOf(dataSource)`): the read model and the consumer's offsets. */
  pool: Pool;
  transport: Transport;
  /** The four topics in production (`ALL_TOPICS`); tests pass their own names. */
  topics: string[];
  groupId: string;
  clock?: () => Date;
  thresholds?: MunicipalityOverrides;
  /**
   * The coordination service's event store, where the gap engine's events go (stream
   * `coordination-gap-<gapId>`). Without it they wait in the outbox.
   */
  store?: EventStore;
  /** Told when gap events were appended to the store (e.g. `relay.notify()`). */
  onGapEventsAppended?: (count: number) => void;
  /**
   * Catching-up detection: `{ brokers }` for Kafka (the default when the transport is Kafka is
   * up to the caller), or a gate of one's own; `alwaysLive` when absent (the in-process bus).
   */
  gate?: CatchUpGate | { brokers: string[]; maxLiveLag?: number };
  revealBirthDate?: (envelope: EventEnvelope) => Promise<string | undefined>;
  /** See `ProjectorOptions.revealNote`. */
  revealNote?: (envelope: EventEnvelope) => Promise<string | undefined>;
  logger?: MessagingLogger;
  /** Told after each committed batch (metrics, benchmarks). */
  onBatch?: (report: BatchReport, outcome: ProjectionOutcome) => void;
  /** Told for each message the consumer sent to `<topic>.dlq` (metrics). */
  onDeadLettered?: (letter: DeadLetterReport) => void;
  /** Called inside the batch's transaction after its writes, before the commit (fault tests). */
  beforeCommit?: (outcome: ProjectionOutcome) => Promise<void>;
}

export interface ProjectionStatus extends ConsumerStatus {
  gate: GateState;
  /** Batches whose gap rules waited for the scheduler (the projection was catching up). */
  deferredBatches: number;
  opened: number;
  resolved: number;
  gapEventsAppended: number;
}

/**
 * The coordination service's read side at run time: a consumer group over the sector topics and
 * its own, one PostgreSQL transaction per batch (the idempotent consumer: offsets commit with the
 * read model, whose timeline drops the events seen before; Kafka's offset after), the gap rules for the children touched, and
 * the outbox that takes the gap engine's events to the event store.
 */
export class CoordinationProjection {
  readonly projector: Projector;
  readonly outbox?: GapOutbox;
  readonly gate: CatchUpGate;
  readonly transactions: TransactionRunner<PoolClient>;
  private readonly consumer: IdempotentConsumer<PoolClient>;
  private readonly logger: MessagingLogger;
  /**
   * The outcome of each partition's batch in hand, told to onBatch after the commit: the sum of
   * its parts when the consumer split it (each part comes after the last), else the last attempt's.
   */
  private readonly outcomes = new Map<string, { after: bigint; outcome: ProjectionOutcome }>();
  private counts = { deferredBatches: 0, opened: 0, resolved: 0 };

  constructor(private readonly options: CoordinationProjectionOptions) {
    this.logger = options.logger ?? consoleLogger;
    const clock = options.clock ?? (() => new Date());
    this.transactions = pgTransactions(options.pool);
    this.projector = new Projector({
      clock,
      thresholds: options.thresholds,
      revealBirthDate: options.revealBirthDate,
      revealNote: options.revealNote,
      onSkipped: (envelope, reason) =>
        this.logger.warn(
          { eventId: envelope.id, type: envelope.type },
          `event left out of the read model: ${reason}`,
        ),
      onRuleError: (childRef, error) =>
        this.logger.error(
          { childRef, error: error instanceof Error ? error.message : String(error) },
          'the gap rules failed for a child; judged again later',
        ),
    });
    this.gate = gateOf(options, this.transactions);
    if (options.store) {
      this.outbox = new GapOutbox({
        transactions: this.transactions,
        store: options.store,
        onAppended: options.onGapEventsAppended,
        logger: this.logger,
      });
    }
    this.consumer = new IdempotentConsumer<PoolClient>({
      groupId: options.groupId,
      topics: options.topics,
      transport: options.transport,
      transactions: this.transactions,
      logger: this.logger,
      clock,
      // The timeline is keyed by event id: it drops what the projection has seen (no processed_events).
      dedupe: 'handler',
      handler: async (events, client) => {
        const live = await this.gate.isLive();
        const outcome = await this.projector.project(
          events.map((event) => event.envelope),
          sqlOf(client),
          { evaluate: live },
        );
        const key = `${events[0].topic}/${events[0].partition}`;
        const earlier = this.outcomes.get(key);
        const later = earlier !== undefined && BigInt(events[0].offset) > earlier.after;
        this.outcomes.set(key, {
          after: BigInt(events[events.length - 1].offset),
          outcome: later ? sumOf(earlier.outcome, outcome) : outcome,
        });
        await options.beforeCommit?.(outcome);
        return events.length - outcome.repeats;
      },
      onDeadLettered: options.onDeadLettered,
      onBatch: (report) => {
        const key = `${report.topic}/${report.partition}`;
        const outcome = this.outcomes.get(key)?.outcome ?? nothingDone(true);
        this.outcomes.delete(key);
        if (report.handled > 0 && !outcome.evaluated) this.counts.deferredBatches += 1;
        this.counts.opened += outcome.opened;
        this.counts.resolved += outcome.resolved;
        if (outcome.gapEvents > 0) this.outbox?.notify();
        options.onBatch?.(report, outcome);
      },
    });
  }

  async start(): Promise<void> {
    await this.options.pool.query('SELECT 1');
    await this.transactions.inTransaction((_tx, sql) => ensureReadModel(sql));
    this.outbox?.start();
    await this.consumer.start();
  }

  /**
   * Lets the batch in hand commit or roll back and leaves the group. Gap events still queued stay
   * in the outbox table for the next start (of this instance or another).
   */
  async stop(): Promise<void> {
    await this.consumer.stop();
    await this.outbox?.stop();
  }

  /** Stops, and lets go of the gate's Kafka connection. */
  async close(): Promise<void> {
    await this.stop();
    await this.gate.close();
  }

  status(): ProjectionStatus {
    return {
      ...this.consumer.status(),
      gate: this.gate.state(),
      ...this.counts,
      gapEventsAppended: this.outbox?.appended ?? 0,
    };
  }

  get groupId(): string {
    return this.options.groupId;
  }

  get topics(): string[] {
    return this.options.topics;
  }
}

/** Two parts of one batch as one outcome. */
function sumOf(a: ProjectionOutcome, b: ProjectionOutcome): ProjectionOutcome {
  return {
    events: a.events + b.events,
    repeats: a.repeats + b.repeats,
    children: a.children + b.children,
    evaluated: a.evaluated && b.evaluated,
    opened: a.opened + b.opened,
    resolved: a.resolved + b.resolved,
    gapEvents: a.gapEvents + b.gapEvents,
    gapEventsIn: a.gapEventsIn + b.gapEventsIn,
  };
}

function gateOf(
  options: CoordinationProjectionOptions,
  transactions: TransactionRunner<unknown>,
): CatchUpGate {
  const gate = options.gate;
  if (!gate) return alwaysLive;
  if ('isLive' in gate) return gate;
  return new KafkaCatchUpGate({
    brokers: gate.brokers,
    groupId: options.groupId,
    topics: options.topics,
    transactions,
    maxLiveLag: gate.maxLiveLag,
  });
}
