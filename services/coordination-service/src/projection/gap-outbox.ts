import type { EventEnvelope } from '@samvirke/contracts';
import {
  EventIdConflictError,
  type EventStore,
  type EventToAppend,
} from '@samvirke/event-sourcing';
import {
  eventToAppend,
  type MessagingLogger,
  type SqlRunner,
  type TransactionRunner,
} from '@samvirke/messaging';

type OutboxRow = {
  seq: string;
  stream_id: string;
  envelope: EventEnvelope;
};

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
 * Moves the gap engine's events from `coordination_gap_outbox` (written in the projection's
 * transaction) to the event store, in order, by one instance at a time (an advisory lock). An
 * append repeated after a crash is a no-op: the engine's event ids are deterministic. Events of
 * one gap stream go in one append, and the batch's streams in one `appendToStreams`.
 */
export class GapOutbox {
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<number>;
  private again = false;
  private stopped = true;
  /** The last sequence number moved by this instance: reads start after it, past the deleted rows. */
  private after = '0';
  appended = 0;

  constructor(private readonly options: GapOutboxOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.timer = setTimeout(
        () =>
          void this.flush()
            .catch((e: unknown) => this.warn(e))
            .finally(tick),
        this.options.intervalMs ?? 1000,
      );
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
    const { batchSize = 500 } = this.options;
    return this.options.transactions.inTransaction(async (_tx, sql) => {
      const [lock] = await sql.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_xact_lock(hashtext('samvirke.coordination.gap-outbox')) AS locked`,
      );
      if (!lock.locked) return 0;
      // Rows below `after` were moved (by this instance, under the lock): starting past them keeps
      // the index scan off the deleted rows vacuum has not removed yet. A row whose transaction
      // took a lower number but committed later is picked up when the queue above runs dry.
      let rows = await this.queued(sql, this.after, batchSize);
      if (rows.length === 0 && this.after !== '0') rows = await this.queued(sql, '0', batchSize);
      if (rows.length === 0) return 0;
      await this.appendAll(rows);
      await sql.query(`DELETE FROM coordination_gap_outbox WHERE seq = ANY($1::bigint[])`, [
        rows.map((row) => row.seq),
      ]);
      this.after = rows[rows.length - 1].seq;
      this.appended += rows.length;
      this.options.onAppended?.(rows.length);
      return rows.length;
    });
  }

  private queued(sql: SqlRunner, after: string, limit: number): Promise<OutboxRow[]> {
    // Ordered by the column, not by the text `seq` the rows carry: as text '1000' sorts before
    // '999' (out of order), and no index serves it (a sort of every queued and dead row).
    return sql.query<OutboxRow>(
      `SELECT seq::text AS seq, stream_id, envelope FROM coordination_gap_outbox WHERE seq > $1::bigint ORDER BY coordination_gap_outbox.seq LIMIT $2`,
      [after, limit],
    );
  }

  /**
   * Each gap stream's events in one append, in their order, and every stream of the batch in one
   * call (one statement on PostgreSQL). If that fails (an append half done before a crash), stream
   * by stream, and then event by event where needed: the stored ones are no-ops.
   */
  private async appendAll(rows: OutboxRow[]): Promise<void> {
    const byStream = new Map<string, EventToAppend[]>();
    for (const row of rows)
      byStream.set(row.stream_id, [
        ...(byStream.get(row.stream_id) ?? []),
        eventToAppend(row.envelope),
      ]);
    const appends = [...byStream].map(([streamId, events]) => ({
      streamId,
      expectedVersion: 'any' as const,
      events,
    }));
    try {
      await this.options.store.appendToStreams(appends);
    } catch {
      for (const { streamId, events } of appends) await this.appendStream(streamId, events);
    }
  }

  private async appendStream(streamId: string, events: EventToAppend[]): Promise<void> {
    try {
      await this.options.store.appendToStream(streamId, 'any', events);
    } catch (error) {
      // Part of the group was appended before a crash: append one by one, the stored ones are no-ops.
      if (!(error instanceof EventIdConflictError) || events.length === 1) throw error;
      for (const event of events) await this.options.store.appendToStream(streamId, 'any', [event]);
    }
  }

  private warn(error: unknown): void {
    this.options.logger?.warn(
      { error: error instanceof Error ? error.message : String(error) },
      'gap outbox flush failed; it runs again',
    );
  }
}
