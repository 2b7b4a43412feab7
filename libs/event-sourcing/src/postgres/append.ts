import {
  ConcurrencyError,
  EventIdConflictError,
  type AppendResult,
  type EventToAppend,
  type ExpectedVersion,
  type StreamAppend,
} from '../event-store';
import type { EventStoreTables, SqlExecutor } from './tables';

/**
 * The checked append, one statement: look at the stream's head and at which of the event ids
 * are stored, and insert the batch only when the head is where the writer expects and none of
 * the ids is stored. The verdict row says what happened, so a retry (every id stored in this
 * stream) is told from a conflict without a second query, and nothing aborts the caller's
 * transaction.
 */
function checkedAppendSql({ events }: EventStoreTables): string {
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
    SELECT count(*)::int AS known,
           (count(*) FILTER (WHERE stream_id = $1))::int AS known_here,
           array_agg(event_id::text) AS known_ids
    FROM ${events} WHERE event_id = ANY($3::uuid[])
  ),
  verdict AS (
    SELECT coalesce(head.stream_version, 0) AS version, known.*,
           coalesce(head.transaction_id > pg_current_xact_id(), false) AS newer_writer
    FROM known LEFT JOIN head ON true
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

/**
 * The optimistic append for a statement that is its own transaction: insert after the head if
 * the head is at the expected version, and let the unique keys refuse stored ids. It skips
 * the checked append's look-ups, and it needs no transaction-order guard: the transaction id
 * is taken during this statement, after every commit its snapshot sees.
 */
function optimisticAppendSql({ events }: EventStoreTables): string {
  return `
WITH inserted AS (
  INSERT INTO ${events} (stream_id, stream_version, event_id, type, data, metadata)
  SELECT $1, head.version + t.n, t.event_id, t.type, t.data, t.metadata
  FROM (SELECT coalesce((SELECT stream_version FROM ${events} WHERE stream_id = $1
                         ORDER BY stream_version DESC LIMIT 1), 0) AS version) head,
       unnest($3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[]) WITH ORDINALITY AS t(event_id, type, data, metadata, n)
  WHERE $2::int IS NULL OR head.version = $2::int
  ORDER BY t.n
  RETURNING stream_version
)
SELECT count(*)::int AS inserted, coalesce(max(stream_version), 0) AS version FROM inserted`;
}

/**
 * The optimistic append of many streams in one statement (its own transaction, as above): each
 * stream's events after its head when the head is at that stream's expected version, in the
 * order given. A stream elsewhere gets nothing; a taken id or version aborts the whole statement.
 * Rows: the streams written, with their new versions.
 */
function optimisticAppendManySql({ events }: EventStoreTables): string {
  // Each row looks up its stream's head (an index probe): a join of the input with its distinct
  // streams is planned as a nested loop over both (the array's size is unknown to the planner).
  return `
WITH
  input AS (
    SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::uuid[], $5::text[], $6::jsonb[], $7::jsonb[])
      WITH ORDINALITY AS t(stream_id, expected, n, event_id, type, data, metadata, ord)
  ),
  inserted AS (
    INSERT INTO ${events} (stream_id, stream_version, event_id, type, data, metadata)
    SELECT i.stream_id, head.version + i.n, i.event_id, i.type, i.data, i.metadata
    FROM input i CROSS JOIN LATERAL (
      SELECT coalesce((SELECT e.stream_version FROM ${events} e WHERE e.stream_id = i.stream_id
                       ORDER BY e.stream_version DESC LIMIT 1), 0) AS version
    ) head
    WHERE i.expected IS NULL OR head.version = i.expected
    ORDER BY i.ord
    RETURNING stream_id, stream_version
  )
SELECT stream_id, count(*)::int AS inserted, max(stream_version)::int AS version FROM inserted GROUP BY stream_id`;
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
 * Appends `events` to the stream if it is at `expectedVersion`, in whatever transaction `db`
 * runs in, with the checked statement. Throws `ConcurrencyError` when the stream is elsewhere
 * and `EventIdConflictError` when some but not all ids are stored; when all are stored in this
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
  refuseRepeatedIds(streamId, events);
  let rows: Verdict[];
  try {
    rows = (await db.query(
      checkedAppendSql(tables),
      parameters(streamId, expectedVersion, events),
    )) as Verdict[];
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

/**
 * The common case in one cheap statement, for a statement that is its own transaction (never
 * inside BEGIN … COMMIT: a refused id would abort the caller's transaction). Answers
 * `undefined` when it wrote nothing (the stream was elsewhere, or an id or version is taken):
 * then `appendEvents` says why, or appends after all.
 */
export async function tryAppendEvents(
  db: SqlExecutor,
  tables: EventStoreTables,
  streamId: string,
  expectedVersion: ExpectedVersion,
  events: EventToAppend[],
): Promise<AppendResult | undefined> {
  refuseRepeatedIds(streamId, events);
  if (events.length === 0) return undefined;
  try {
    const [written] = (await db.query(
      optimisticAppendSql(tables),
      parameters(streamId, expectedVersion, events),
    )) as Array<{
      inserted: number;
      version: number;
    }>;
    return written.inserted === events.length
      ? { nextExpectedVersion: written.version, appended: true }
      : undefined;
  } catch (error) {
    if (uniqueViolation(error)) return undefined;
    throw error;
  }
}

/**
 * `tryAppendEvents` for many streams in one statement. Answers, per stream written whole, its
 * result; a stream not in the map (elsewhere than expected, or the statement refused for a taken
 * id or version) is for `appendEvents` to judge. Never inside BEGIN … COMMIT.
 */
export async function tryAppendToStreams(
  db: SqlExecutor,
  tables: EventStoreTables,
  appends: readonly StreamAppend[],
): Promise<Map<string, AppendResult>> {
  const written = new Map<string, AppendResult>();
  const columns = {
    streams: [] as string[],
    expected: [] as Array<number | null>,
    n: [] as number[],
    events: [] as EventToAppend[],
  };
  for (const { streamId, expectedVersion, events } of appends) {
    refuseRepeatedIds(streamId, events);
    events.forEach((event, index) => {
      columns.streams.push(streamId);
      columns.expected.push(expectedVersion === 'any' ? null : expectedVersion);
      columns.n.push(index + 1);
      columns.events.push(event);
    });
  }
  if (columns.events.length === 0) return written;
  let rows: Array<{ stream_id: string; inserted: number; version: number }>;
  try {
    rows = (await db.query(optimisticAppendManySql(tables), [
      columns.streams,
      columns.expected,
      columns.n,
      ...eventColumns(columns.events),
    ])) as typeof rows;
  } catch (error) {
    if (uniqueViolation(error)) return written;
    throw error;
  }
  const sizes = new Map(appends.map((append) => [append.streamId, append.events.length]));
  for (const row of rows) {
    if (row.inserted === sizes.get(row.stream_id))
      written.set(row.stream_id, { nextExpectedVersion: row.version, appended: true });
  }
  return written;
}

function refuseRepeatedIds(streamId: string, events: EventToAppend[]): void {
  const seen = new Set<string>();
  const repeated = events
    .map((event) => event.eventId)
    .filter((id) => seen.size === seen.add(id).size);
  if (repeated.length > 0) throw new EventIdConflictError(streamId, repeated);
}

function parameters(
  streamId: string,
  expectedVersion: ExpectedVersion,
  events: EventToAppend[],
): unknown[] {
  return [streamId, expectedVersion === 'any' ? null : expectedVersion, ...eventColumns(events)];
}

/** The events as the statements' four array parameters: ids, types, data, metadata. */
function eventColumns(events: readonly EventToAppend[]): unknown[] {
  return [
    events.map((event) => event.eventId),
    events.map((event) => event.type),
    events.map((event) => JSON.stringify(event.data ?? null)),
    events.map((event) => JSON.stringify(event.metadata ?? {})),
  ];
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
