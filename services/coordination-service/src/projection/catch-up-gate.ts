import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { TransactionRunner } from '@samvirke/messaging';

/**
 * Says whether the projection is live (it has read what was on its topics) or still catching up
 * (after a start on a backlog, or in a rebuild). While catching up, a child's facts are only
 * part-way known: a discharge may be read before the follow-up that met its deadline. So the gap
 * rules wait until the projection is live, and then judge with all the facts; otherwise a
 * backlog read in another order would open gaps that the time-ordered history never had.
 */
export interface CatchUpGate {
  isLive(): Promise<boolean>;
  state(): GateState;
  close(): Promise<void>;
}

export interface GateState {
  live: boolean;
  /** Messages on the topics not yet processed by the group, at the last look (undefined before the first). */
  lag?: number;
  checkedAt?: Date;
}

/** For a bus whose log starts empty each run (the in-process bus): there is never a backlog. */
export const alwaysLive: CatchUpGate = {
  isLive: () => Promise.resolve(true),
  state: () => ({ live: true, lag: 0 }),
  close: () => Promise.resolve(),
};

export interface KafkaCatchUpGateOptions {
  brokers: string[];
  groupId: string;
  topics: string[];
  /** Where the group's processed offsets are (the idempotent consumer's `consumer_offsets`). */
  transactions: TransactionRunner<unknown>;
  /** Once live, a backlog larger than this (messages, all partitions) counts as catching up again. Default 10,000. */
  maxLiveLag?: number;
  /** How often to look at Kafka's end offsets at most. Default 500 ms. */
  refreshMs?: number;
  clientId?: string;
}

/**
 * The gate on Kafka: catching up until the group's processed offsets (in PostgreSQL) reach the
 * end offsets Kafka had at the first look; then live, unless the backlog grows past `maxLiveLag`
 * (a long stop), when it catches up again to a fresh look. Shared by the group's members and
 * the schedulers beside them, since both read the group's offsets from the database.
 */
export class KafkaCatchUpGate implements CatchUpGate {
  private readonly admin: Admin;
  private connected?: Promise<void>;
  private live = false;
  private target?: Map<string, bigint>;
  private lastLook = 0;
  private looking?: Promise<boolean>;
  private current: GateState = { live: false };

  constructor(private readonly options: KafkaCatchUpGateOptions) {
    const kafka = new Kafka({
      clientId: options.clientId ?? `${options.groupId}-gate`,
      brokers: options.brokers,
      logLevel: logLevel.NOTHING,
    });
    this.admin = kafka.admin();
  }

  isLive(): Promise<boolean> {
    if (Date.now() - this.lastLook < (this.options.refreshMs ?? 500))
      return Promise.resolve(this.live);
    this.looking ??= this.look().finally(() => (this.looking = undefined));
    return this.looking;
  }

  state(): GateState {
    return this.current;
  }

  /** Forgets what it saw: catching up again from the next look (a rebuild). */
  reset(): void {
    this.live = false;
    this.target = undefined;
    this.lastLook = 0;
    this.current = { live: false };
  }

  async close(): Promise<void> {
    if (this.connected) await this.admin.disconnect().catch(() => undefined);
    this.connected = undefined;
  }

  private async look(): Promise<boolean> {
    try {
      this.connected ??= this.admin.connect();
      await this.connected;
      const ends = await this.endOffsets();
      const done = await this.processedOffsets();
      const position = (key: string) => {
        const end = ends.get(key);
        const processed = done.get(key);
        const low = end?.low ?? 0n;
        return processed === undefined || processed < low ? low : processed;
      };
      let lag = 0n;
      for (const [key, { high }] of ends) if (high > position(key)) lag += high - position(key);

      if (this.live) {
        if (lag > BigInt(this.options.maxLiveLag ?? 10_000)) {
          this.live = false;
          this.target = new Map([...ends].map(([key, { high }]) => [key, high]));
        }
      } else {
        this.target ??= new Map([...ends].map(([key, { high }]) => [key, high]));
        this.live = [...this.target].every(([key, high]) => position(key) >= high);
        if (this.live) this.target = undefined;
      }
      this.lastLook = Date.now();
      this.current = { live: this.live, lag: Number(lag), checkedAt: new Date() };
    } catch {
      // The broker or the database is away: keep the last verdict and look again next time.
      this.connected = undefined;
      this.lastLook = Date.now();
    }
    return this.live;
  }

  private async endOffsets(): Promise<Map<string, { low: bigint; high: bigint }>> {
    const ends = new Map<string, { low: bigint; high: bigint }>();
    for (const topic of this.options.topics) {
      let offsets: Array<{ partition: number; high: string; low: string }>;
      try {
        offsets = await this.admin.fetchTopicOffsets(topic);
      } catch {
        continue; // A topic not created yet holds nothing to catch up on.
      }
      for (const { partition, high, low } of offsets)
        ends.set(`${topic}/${partition}`, { low: BigInt(low), high: BigInt(high) });
    }
    return ends;
  }

  private processedOffsets(): Promise<Map<string, bigint>> {
    return this.options.transactions.inTransaction(async (_tx, sql) => {
      const rows = await sql.query<{ topic: string; partition: number; next_offset: string }>(
        `SELECT topic, partition, next_offset::text AS next_offset FROM consumer_offsets
         WHERE consumer_group = $1 AND topic = ANY($2::text[])`,
        [this.options.groupId, this.options.topics],
      );
      return new Map(rows.map((row) => [`${row.topic}/${row.partition}`, BigInt(row.next_offset)]));
    });
  }
}
