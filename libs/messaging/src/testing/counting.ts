import type { Pool, PoolClient } from 'pg';
import { seqOf } from './events';
import type { ConsumedEvent } from '../idempotent-consumer';

/** Tables where test handlers count what they were given: a second row for an event id fails the batch. */
export async function createCountingTables(pool: Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS counted (
      consumer_group text NOT NULL,
      event_id text NOT NULL,
      child text NOT NULL,
      seq integer NOT NULL,
      PRIMARY KEY (consumer_group, event_id)
    );
    CREATE TABLE IF NOT EXISTS counters (consumer_group text PRIMARY KEY, n integer NOT NULL);
  `);
}

/** A handler that writes one row per event and bumps the group's counter, in the batch's transaction. */
export function countingHandler(groupId: string) {
  return async (events: ConsumedEvent[], tx: PoolClient): Promise<void> => {
    await tx.query(
      `INSERT INTO counted (consumer_group, event_id, child, seq) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[])`,
      [
        groupId,
        events.map((e) => e.envelope.id),
        events.map((e) => e.envelope.subject),
        events.map((e) => seqOf(e.envelope)),
      ],
    );
    await tx.query(
      `INSERT INTO counters (consumer_group, n) VALUES ($1, $2) ON CONFLICT (consumer_group) DO UPDATE SET n = counters.n + EXCLUDED.n`,
      [groupId, events.length],
    );
  };
}

export async function countsOf(
  pool: Pool,
  groupId: string,
): Promise<{ rows: number; counter: number }> {
  const { rows } = await pool.query<{ rows: string; counter: number | null }>(
    `SELECT (SELECT count(*) FROM counted WHERE consumer_group = $1) AS rows, (SELECT n FROM counters WHERE consumer_group = $1) AS counter`,
    [groupId],
  );
  return { rows: Number(rows[0].rows), counter: rows[0].counter ?? 0 };
}
