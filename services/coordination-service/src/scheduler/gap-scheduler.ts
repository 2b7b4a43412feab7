import type { MessagingLogger, TransactionRunner } from '@samvirke/messaging';
import { alwaysLive, type CatchUpGate } from '../projection/catch-up-gate';
import type { GapOutbox } from '../projection/gap-outbox';
import type { Projector } from '../projection/projector';

export interface GapSchedulerOptions {
  transactions: TransactionRunner<unknown>;
  /** The projection's projector: the same clock, thresholds and writes. */
  projector: Projector;
  /** Timers wait while the projection catches up (the facts are not all in yet). */
  gate?: CatchUpGate;
  outbox?: GapOutbox;
  /** How often to look for due timers. Default 1,000 ms, so a gap opens within about a second of its deadline. */
  pollIntervalMs?: number;
  /** Children judged per transaction. Default 200. */
  batchSize?: number;
  /** Transactions at once in a tick (SKIP LOCKED keeps them apart). Default 1; more after a rebuild. */
  concurrency?: number;
  logger?: MessagingLogger;
}

export interface SchedulerTick {
  children: number;
  opened: number;
  resolved: number;
}

export interface SchedulerStatus extends SchedulerTick {
  running: boolean;
  ticks: number;
  lastTickAt?: Date;
  lastError?: string;
}

/**
 * Opens the gaps that "nothing happened" leaves: each child's next deadline is stored with its
 * row (`next_check_at`); the scheduler claims due children with `FOR UPDATE SKIP LOCKED`, runs
 * the rules at the clock's now, and stores the next timer. Several instances may run side by
 * side: a child is judged by one at a time (the row lock), and a gap's id is deterministic, so no
 * gap is opened twice.
 */
export class GapScheduler {
  private timer?: NodeJS.Timeout;
  private running = false;
  private ticking?: Promise<SchedulerTick>;
  private totals: Omit<SchedulerStatus, 'running'> = {
    children: 0,
    opened: 0,
    resolved: 0,
    ticks: 0,
  };

  constructor(private readonly options: GapSchedulerOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    const loop = () => {
      if (!this.running) return;
      this.timer = setTimeout(() => {
        void this.tick()
          .catch((error: unknown) => {
            this.totals.lastError = error instanceof Error ? error.message : String(error);
            this.options.logger?.warn(
              { error: this.totals.lastError },
              'gap scheduler tick failed; it runs again',
            );
          })
          .finally(loop);
      }, this.options.pollIntervalMs ?? 1000);
    };
    loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking?.catch(() => undefined);
  }

  /** Judges every child whose timer is due now (unless the projection is catching up). */
  tick(): Promise<SchedulerTick> {
    this.ticking ??= this.runTick().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  status(): SchedulerStatus {
    return { running: this.running, ...this.totals };
  }

  private async runTick(): Promise<SchedulerTick> {
    const result: SchedulerTick = { children: 0, opened: 0, resolved: 0 };
    if (!(await (this.options.gate ?? alwaysLive).isLive())) return result;
    const batchSize = this.options.batchSize ?? 200;
    const loop = async () => {
      for (;;) {
        const outcome = await this.options.transactions.inTransaction((_tx, sql) =>
          this.options.projector.evaluateDue(sql, batchSize),
        );
        result.children += outcome.children;
        result.opened += outcome.opened;
        result.resolved += outcome.resolved;
        if (outcome.gapEvents > 0) this.options.outbox?.notify();
        if (outcome.children < batchSize) break;
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency ?? 1 }, loop));
    this.totals = {
      ...this.totals,
      children: this.totals.children + result.children,
      opened: this.totals.opened + result.opened,
      resolved: this.totals.resolved + result.resolved,
      ticks: this.totals.ticks + 1,
      lastTickAt: new Date(),
      lastError: undefined,
    };
    return result;
  }
}
