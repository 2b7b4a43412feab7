import {
  ConcurrencyError,
  EventIdConflictError,
  type AppendResult,
  type EventToAppend,
  type ExpectedVersion,
} from '../event-store';
import type { EventStoreTables, SqlExecutor } from './tables';

/**
 * One statement, one round trip: look at the stream's head and at which of the event ids are
 * stored, and insert the batch only when the head is where the writer expects and none of the
 * ids is stored. The verdict row says what happened, so the caller can tell a retry (every id
 * stored in this stream) from a conflict without a second query.
 */
function appendSql({ events }: EventStoreTables): string {
  return `
WITH
  input AS (
    SELECT * FROM unnest($3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[])
      WITH ORDINALITY AS t(event_id, type, data, metadata, n)
  ),
  head AS (
    SELECT stream_version, transaction_id FROM ${events}
    WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1
  ),
  known AS (
    SELECT event_id, stream_id FROM ${events} WHERE event_id = ANY($3::uuid[])
  ),
  verdict AS (
    SELECT
      coalesce((SELECT stream_version FROM head), 0) AS version,
      (SELECT count(*) FROM known)::int AS known,
      (SELECT count(*) FROM known WHERE stream_id = $1)::int AS known_here,
      (SELECT array_agg(event_id::text) FROM known) AS known_ids,
      coalesce((SELECT transaction_id > pg_current_xact_id() FROM head), false) AS newer_writer
  ),
  inserted AS (
    INSERT INTO ${events} (stream_id, stream_version, event_id, type, data, metadata)
    SELECT $1, verdict.version + input.n, input.event_id, input.type, input.data, input.metadata
    FROM input CROSS JOIN verdict
    WHERE verdict.known = 0
      AND NOT verdict.newer_writer
      AND ($2::int IS NULL OR verdict.version = $2::int)
    ORDER BY input.n
    RETURNING 1
  )
SELECT verdict.*, (SELECT count(*) FROM inserted)::int AS inserted FROM verdict`;
}

interface Verdict {
  version: number;
  known: number;
  known_here: number;
  known_ids: string[] | null;
  newer_writer: boolean;
  inserted: number;
}

/**
 * Appends `events` to the stream if it is at `expectedVersion`, in whatever transaction
 * `db` runs in. Throws `ConcurrencyError` when the stream is elsewhere and
 * `EventIdConflictError` when some but not all ids are stored; when all are stored in this
 * stream it writes nothing and answers `appended: false`.
 *
 * A unique violation (another writer inserted the same version or id after our snapshot)
 * comes out as `UniqueViolation`: outside an explicit transaction the caller may simply run
 * the append again, and the verdict will then say what the other writer did.
 */
export async function appendEvents(
  db: SqlExecutor,
  tables: EventStoreTables,
  streamId: string,
  expectedVersion: ExpectedVersion,
  events: EventToAppend[],
): Promise<AppendResult> {
  const ids = events.map((event) => event.eventId);
  const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
  if (repeated.length > 0) throw new EventIdConflictError(streamId, repeated);

  let rows: Verdict[];
  try {
    rows = (await db.query(appendSql(tables), [
      streamId,
      expectedVersion === 'any' ? null : expectedVersion,
      ids,
      events.map((event) => event.type),
      events.map((event) => JSON.stringify(event.data ?? null)),
      events.map((event) => JSON.stringify(event.metadata ?? {})),
    ])) as Verdict[];
  } catch (error) {
    const violated = uniqueViolation(error);
    if (violated) throw new UniqueViolation(streamId, expectedVersion, violated, error);
    throw error;
  }

  const verdict = rows[0];
  if (verdict.inserted === events.length && events.length > 0) {
    return { nextExpectedVersion: verdict.version + events.length, appended: true };
  }
  if (verdict.known > 0) {
    if (verdict.known_here === events.length)
      return { nextExpectedVersion: verdict.version, appended: false };
    throw new EventIdConflictError(streamId, verdict.known_ids ?? []);
  }
  if (expectedVersion !== 'any' && verdict.version !== expectedVersion) {
    throw new ConcurrencyError(streamId, expectedVersion, verdict.version);
  }
  if (verdict.newer_writer) {
    // This transaction took its id before a later one wrote the stream's head; inserting now would
    // put the new version before the head in readAll's (transaction_id, position) order.
    throw new ConcurrencyError(streamId, expectedVersion, verdict.version);
  }
  return { nextExpectedVersion: verdict.version, appended: false };
}

/** Another transaction inserted the same stream version or event id after this statement's snapshot. */
export class UniqueViolation extends ConcurrencyError {
  constructor(
    streamId: string,
    expectedVersion: ExpectedVersion,
    readonly constraint: 'stream-version' | 'event-id',
    override readonly cause: unknown,
  ) {
    super(streamId, expectedVersion, undefined);
  }
}

function uniqueViolation(error: unknown): 'stream-version' | 'event-id' | undefined {
  const driverError =
    (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? error;
  const { code, constraint } = driverError as { code?: string; constraint?: string };
  if (code !== '23505') return undefined;
  if (constraint === 'events_stream_version_key') return 'stream-version';
  if (constraint === 'events_event_id_key') return 'event-id';
  return undefined;
}
