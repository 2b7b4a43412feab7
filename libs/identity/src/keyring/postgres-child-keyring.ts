import type { Pool, PoolClient } from 'pg';
import type { ChildRef } from '../child-ref/child-ref';
import { ForgottenError } from '../crypto/errors';
import { MasterKey, MasterKeys, unwrapChildKey, wrapChildKey } from '../crypto/master-key';
import { DataKey } from '../crypto/personal-data';
import type { ChildKeyring } from './child-keyring';

export interface PostgresChildKeyringOptions {
  /** A pg pool: a service's, `DATABASE_POOL` of `@samvirke/platform` (`pgPoolOf(dataSource)` of `@samvirke/event-sourcing`). */
  pool: Pool;
  masterKeys: MasterKeys;
  /** Schema holding the keyring's two tables; created by `migrate()`. Default `identity`. */
  schema?: string;
}

interface KeyRow {
  wrapped_key: Buffer | null;
  master_key_id: string | null;
  forgotten: boolean;
}

/**
 * The keyring in PostgreSQL: `child_keys` holds each child's key wrapped with the master
 * key; `forgotten_children` remembers who was forgotten. Keys are not cached in memory, so
 * a `forget` in one instance is seen by every other at its next call.
 */
export class PostgresChildKeyring implements ChildKeyring {
  private readonly pool: Pool;
  private readonly schema: string;
  private readonly current: MasterKey;
  private readonly masters: Map<string, MasterKey>;
  private readonly keys: string;
  private readonly forgotten: string;
  private readonly lockSpace: string;

  constructor(options: PostgresChildKeyringOptions) {
    const schema = options.schema ?? 'identity';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      throw new Error(`Not a plain schema name: ${schema}`);
    this.pool = options.pool;
    this.schema = schema;
    this.current = options.masterKeys.current;
    this.masters = new Map(
      [...(options.masterKeys.previous ?? []), this.current].map((k) => [k.id, k]),
    );
    this.keys = `"${schema}".child_keys`;
    this.forgotten = `"${schema}".forgotten_children`;
    this.lockSpace = `${schema}.child_keys`;
  }

  /** Creates the schema and tables if missing; safe to run from several instances at once. */
  async migrate(): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `${this.lockSpace}.migrate`,
      ]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.keys} (
        child_ref text PRIMARY KEY,
        wrapped_key bytea NOT NULL,
        master_key_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${this.forgotten} (
        child_ref text PRIMARY KEY,
        forgotten_at timestamptz NOT NULL DEFAULT now()
      )`);
    });
  }

  async keyFor(childRef: ChildRef): Promise<DataKey> {
    const existing = await this.read(this.pool, childRef);
    if (existing) return existing;
    return this.transaction(async (client) => {
      // Serialises key creation with forget() for this child: no key is born after a forget.
      await this.lock(client, childRef);
      const found = await this.read(client, childRef);
      if (found) return found;
      const key = DataKey.generate();
      await client.query(
        `INSERT INTO ${this.keys} (child_ref, wrapped_key, master_key_id) VALUES ($1, $2, $3)`,
        [childRef, wrapChildKey(key, childRef, this.current), this.current.id],
      );
      return key;
    });
  }

  async forget(childRef: ChildRef): Promise<void> {
    await this.transaction(async (client) => {
      await this.lock(client, childRef);
      await client.query(
        `INSERT INTO ${this.forgotten} (child_ref) VALUES ($1) ON CONFLICT DO NOTHING`,
        [childRef],
      );
      await client.query(`DELETE FROM ${this.keys} WHERE child_ref = $1`, [childRef]);
    });
  }

  async isForgotten(childRef: ChildRef): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `SELECT 1 FROM ${this.forgotten} WHERE child_ref = $1`,
      [childRef],
    );
    return (rowCount ?? 0) > 0;
  }

  /**
   * Re-wraps every key still wrapped with a previous master key under the current one, in
   * batches; returns how many. Run after adding a new master key, before retiring the old.
   */
  async rewrap(batchSize = 500): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.transaction(async (client) => {
        const { rows } = await client.query<{
          child_ref: string;
          wrapped_key: Buffer;
          master_key_id: string;
        }>(
          `SELECT child_ref, wrapped_key, master_key_id FROM ${this.keys}
           WHERE master_key_id <> $1 ORDER BY child_ref LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [this.current.id, batchSize],
        );
        for (const row of rows) {
          const key = unwrapChildKey(
            row.wrapped_key,
            row.child_ref,
            this.master(row.master_key_id),
          );
          await client.query(
            `UPDATE ${this.keys} SET wrapped_key = $2, master_key_id = $3 WHERE child_ref = $1`,
            [row.child_ref, wrapChildKey(key, row.child_ref, this.current), this.current.id],
          );
        }
        return rows.length;
      });
      total += done;
      if (done < batchSize) return total;
    }
  }

  private async read(db: Pool | PoolClient, childRef: ChildRef): Promise<DataKey | undefined> {
    const { rows } = await db.query<KeyRow>(
      `SELECT k.wrapped_key, k.master_key_id, f.child_ref IS NOT NULL AS forgotten
       FROM (SELECT $1::text AS child_ref) r
       LEFT JOIN ${this.keys} k ON k.child_ref = r.child_ref
       LEFT JOIN ${this.forgotten} f ON f.child_ref = r.child_ref`,
      [childRef],
    );
    const row = rows[0];
    if (row.forgotten) throw new ForgottenError(childRef);
    if (!row.wrapped_key || !row.master_key_id) return undefined;
    return unwrapChildKey(row.wrapped_key, childRef, this.master(row.master_key_id));
  }

  private master(id: string): MasterKey {
    const key = this.masters.get(id);
    if (!key)
      throw new Error(`Child keys are wrapped with master key ${id}, which is not configured`);
    return key;
  }

  private async lock(client: PoolClient, childRef: ChildRef): Promise<void> {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))', [
      this.lockSpace,
      childRef,
    ]);
  }

  private async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
