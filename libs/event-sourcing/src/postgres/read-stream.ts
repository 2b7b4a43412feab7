import type { ReadStreamResult } from '../event-store';
import {
  EVENT_COLUMNS,
  toStoredEvent,
  type EventRow,
  type EventStoreTables,
  type SqlExecutor,
} from './tables';

/** A stream's events in version order; version 0 and no events when it does not exist. */
export async function readStreamEvents(
  db: SqlExecutor,
  tables: EventStoreTables,
  streamId: string,
): Promise<ReadStreamResult> {
  const rows = (await db.query(
    `SELECT ${EVENT_COLUMNS} FROM ${tables.events} WHERE stream_id = $1 ORDER BY stream_version`,
    [streamId],
  )) as EventRow[];
  const events = rows.map(toStoredEvent);
  return { events, version: events.length > 0 ? events[events.length - 1].streamVersion : 0 };
}
