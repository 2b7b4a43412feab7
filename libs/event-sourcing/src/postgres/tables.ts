import type { StoredEvent } from '../event-store';

/** Anything that runs SQL with `$n` parameters and returns the rows: a TypeORM DataSource, EntityManager or QueryRunner. */
export interface SqlExecutor {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** The quoted, schema-qualified names of the store's tables. */
export interface EventStoreTables {
  schema: string;
  events: string;
  checkpoints: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export const DEFAULT_SCHEMA = 'event_store';

export function eventStoreTables(schema: string = DEFAULT_SCHEMA): EventStoreTables {
  // The schema name goes into SQL text (identifiers cannot be parameters), so only plain names pass.
  if (!IDENTIFIER.test(schema)) {
    throw new Error(`event store schema must be a lower-case SQL identifier, got '${schema}'`);
  }
  return { schema, events: `"${schema}"."events"`, checkpoints: `"${schema}"."checkpoints"` };
}

/**
 * The columns `readStream` and `readAll` select, in the shape `toStoredEvent` maps. The text
 * copies of the log position get names of their own: an output column named like a table
 * column would win in ORDER BY and sort the log as text.
 */
export const EVENT_COLUMNS =
  'transaction_id::text AS log_transaction_id, global_position::text AS log_position, stream_id, stream_version, ' +
  'event_id::text AS event_id, type, data, metadata, recorded_at';

export interface EventRow {
  log_transaction_id: string;
  log_position: string;
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date;
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    position: encodePosition(row.log_transaction_id, row.log_position),
    recordedAt: row.recorded_at,
  };
}

/**
 * A place in the global log: the writing transaction's id and the row's global position,
 * the order in which `readAll` walks the log. Written `<transaction id>:<global position>`.
 */
export interface LogPosition {
  transactionId: string;
  globalPosition: string;
}

export function encodePosition(transactionId: string, globalPosition: string): string {
  return `${transactionId}:${globalPosition}`;
}

const POSITION = /^(\d{1,20}):(\d{1,19})$/;

export function decodePosition(checkpoint: string): LogPosition {
  const match = POSITION.exec(checkpoint);
  if (!match) throw new Error(`not a PostgreSQL event store checkpoint: '${checkpoint}'`);
  return { transactionId: match[1], globalPosition: match[2] };
}
