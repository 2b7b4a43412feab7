import type { Checkpoint, ReadAllResult } from '../event-store';
import {
  decodePosition,
  EVENT_COLUMNS,
  toStoredEvent,
  type EventRow,
  type EventStoreTables,
  type SqlExecutor,
} from './tables';

/**
 * The global log after `after`, at most `limit` events, in (transaction_id, global_position)
 * order. Global positions are taken when a row is inserted but become visible when its
 * transaction commits, so position order alone would let a reader pass a position whose
 * transaction is still running and never come back for it. Reading only rows written by
 * transactions older than the oldest one still running (the snapshot's xmin) means every row
 * returned is final and nothing can later appear before it: no event is skipped. The price is
 * that one long transaction anywhere on the server holds the log back until it ends.
 */
export async function readAllEvents(
  db: SqlExecutor,
  tables: EventStoreTables,
  after: Checkpoint | null,
  limit: number,
): Promise<ReadAllResult> {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new Error(`readAll limit must be a positive integer, got ${limit}`);
  const from = after === null ? { transactionId: '0', globalPosition: '0' } : decodePosition(after);
  const rows = (await db.query(
    `SELECT ${EVENT_COLUMNS} FROM ${tables.events}
     WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
       AND transaction_id < (SELECT pg_snapshot_xmin(pg_current_snapshot()))
     ORDER BY transaction_id, global_position
     LIMIT $3`,
    [from.transactionId, from.globalPosition, limit],
  )) as EventRow[];
  const events = rows.map(toStoredEvent);
  return { events, checkpoint: events.length > 0 ? events[events.length - 1].position : after };
}
