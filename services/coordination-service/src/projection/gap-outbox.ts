import type { EventEnvelope } from '@samvirke/contracts';
import { EventIdConflictError, type EventStore } from '@samvirke/event-sourcing';
import { eventToAppend, type MessagingLogger, type TransactionRunner } from '@samvirke/messaging';

export interface GapOutboxOptions {
  transactions: TransactionRunner<unknown>;
  /** The coordination service's own event store: its relay publishes to `coordination.events.v1`. */
  store: EventStore;
  /** Told after events were appended (e.g. `relay.notify()`). */
  onAppended?: (count: number) => void;
  batchSize?: number;
  /** Looks again this often even when not notified (a crash left rows behind). Default 1,000 ms. */
  intervalMs?: number;
  logger?: MessagingLogger;
}

/**
 * Moves the gap engine's events from `read_model.gap_outbox` (written in the projection's
 * transaction) to the event store, in order, by one instance at a time (an advisory lock). An
 * append repeated after a crash is a no-op: the engine's event ids are deterministic. Events of
 * one gap stream go in one append.
 */
export class GapOutbox {
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<number>;
  private again = false;
  private stopped = true;
  appended = 0;

  constructor(private readonly options: GapOutboxOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => void this.flush().catch((e: unknown) => this.warn(e)).finally(tick), this.options.intervalMs ?? 1000);
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.flushing?.catch(() => undefined);
  }

  /** Flush soon (after a batch queued events). */
  notify(): void {
    if (this.stopped) return;
    void this.flush().catch((error: unknown) => this.warn(error));
  }

  /** Appends everything queued; resolves to the number of events moved. */
  flush(): Promise<number> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      let moved = 0;
      do {
        this.again = false;
        for (;;) {
          const step = await this.flushBatch();
          moved += step;
          if (step === 0) break;
        }
      } while (this.again);
      return moved;
    })().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private flushBatch(): Promise<number> {
    const { store, batchSize = 500 } = this.options;
    return this.options.transactions.inTransaction(async (_tx, sql) => {
      const [lock] = await sql.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_xact_lock(hashtext('samvirke.coordination.gap-outbox')) AS locked`,
      );
      if (!lock.locked) return 0;
      const rows = await sql.query<{ seq: string; stream_id: string; envelope: EventEnvelope }>(
        `SELECT seq::text AS seq, stream_id, envelope FROM read_model.gap_outbox ORDER BY seq LIMIT $1`,
        [batchSize],
      );
      if (rows.length === 0) return 0;
      // Consecutive events of one stream (a gap opened and resolved at once) go in one append.
      for (let i = 0; i < rows.length; ) {
        let j = i + 1;
        while (j < rows.length && rows[j].stream_id === rows[i].stream_id) j++;
        const events = rows.slice(i, j).map((row) => eventToAppend(row.envelope));
        try {
          await store.appendToStream(rows[i].stream_id, 'any', events);
        } catch (error) {
          // Part of the group was appended before a crash: append one by one, the stored ones are no-ops.
          if (!(error instanceof EventIdConflictError)) throw error;
          for (const event of events) await store.appendToStream(rows[i].stream_id, 'any', [event]);
        }
        i = j;
      }
      await sql.query(`DELETE FROM read_model.gap_outbox WHERE seq = ANY($1::bigint[])`, [rows.map((row) => row.seq)]);
      this.appended += rows.length;
      this.options.onAppended?.(rows.length);
      return rows.length;
    });
  }

  private warn(error: unknown): void {
    this.options.logger?.warn({ error: error instanceof Error ? error.message : String(error) }, 'gap outbox flush failed; it runs again');
  }
}
