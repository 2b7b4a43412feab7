import type { SqlRunner } from './transactions';

/**
 * The idempotent consumer's tables. Created on start unless the service's migrations own them
 * (`createTables: false`); the statements are idempotent and serialised by an advisory lock,
 * so several instances may start at once.
 */
const PROCESSED_EVENTS_SQL = `
CREATE TABLE IF NOT EXISTS processed_events (
  consumer_group text NOT NULL,
  event_id text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, event_id)
)`;
const CONSUMER_OFFSETS_SQL = `
CREATE TABLE IF NOT EXISTS consumer_offsets (
  consumer_group text NOT NULL,
  topic text NOT NULL,
  partition integer NOT NULL,
  next_offset bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, topic, partition)
)`;
export const CONSUMER_TABLES_SQL = `${PROCESSED_EVENTS_SQL};${CONSUMER_OFFSETS_SQL};`;

/** Creates the tables; `processed_events` only for a consumer that records event ids there (the default). */
export async function createConsumerTables(
  sql: SqlRunner,
  { processedEvents = true }: { processedEvents?: boolean } = {},
): Promise<void> {
  await sql.query(`SELECT pg_advisory_xact_lock(hashtext('samvirke.messaging.consumer-tables'))`);
  if (processedEvents) await sql.query(PROCESSED_EVENTS_SQL);
  await sql.query(CONSUMER_OFFSETS_SQL);
}

/**
 * Records the event ids as processed by the group; resolves to the ids not seen before. An id
 * another transaction is recording right now waits for it, so two members never both claim it.
 */
export async function claimEventIds(
  sql: SqlRunner,
  groupId: string,
  eventIds: string[],
): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = await sql.query<{ event_id: string }>(
    `INSERT INTO processed_events (consumer_group, event_id)
     SELECT $1, id FROM unnest($2::text[]) AS ids(id)
     ON CONFLICT DO NOTHING
     RETURNING event_id`,
    [groupId, eventIds],
  );
  return new Set(rows.map((row) => row.event_id));
}

export async function recordOffset(
  sql: SqlRunner,
  groupId: string,
  topic: string,
  partition: number,
  nextOffset: string,
): Promise<void> {
  await sql.query(
    `INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset, updated_at)
     VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (consumer_group, topic, partition)
     DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()`,
    [groupId, topic, partition, nextOffset],
  );
}

/** The next offset the group recorded for the partition, or null. */
export async function loadOffset(
  sql: SqlRunner,
  groupId: string,
  topic: string,
  partition: number,
): Promise<string | null> {
  const rows = await sql.query<{ next_offset: string }>(
    `SELECT next_offset::text AS next_offset FROM consumer_offsets WHERE consumer_group = $1 AND topic = $2 AND partition = $3`,
    [groupId, topic, partition],
  );
  return rows[0]?.next_offset ?? null;
}
