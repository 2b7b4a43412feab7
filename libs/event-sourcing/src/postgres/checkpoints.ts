import type { Checkpoint } from '../event-store';
import type { EventStoreTables, SqlExecutor } from './tables';

export async function loadNamedCheckpoint(
  db: SqlExecutor,
  tables: EventStoreTables,
  name: string,
): Promise<Checkpoint | null> {
  const rows = (await db.query(`SELECT checkpoint FROM ${tables.checkpoints} WHERE name = $1`, [
    name,
  ])) as Array<{
    checkpoint: string;
  }>;
  return rows[0]?.checkpoint ?? null;
}

/** Stores (or replaces) a named checkpoint; pass a transaction's QueryRunner to store it with the work it records. */
export async function storeNamedCheckpoint(
  db: SqlExecutor,
  tables: EventStoreTables,
  name: string,
  checkpoint: Checkpoint,
): Promise<void> {
  await db.query(
    `INSERT INTO ${tables.checkpoints} (name, checkpoint) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET checkpoint = excluded.checkpoint, updated_at = now()`,
    [name, checkpoint],
  );
}
