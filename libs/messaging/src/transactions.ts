import type { Pool, PoolClient } from 'pg';

/** Plain SQL on the connection of the transaction in hand. */
export interface SqlRunner {
  query<Row extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<Row[]>;
}

/**
 * Runs work in one database transaction: commits when it resolves, rolls back when it throws.
 * `Tx` is what a handler writes with (the transaction's `pg` client, `pgTransactions`), bound
 * to the same transaction as `sql`.
 */
export interface TransactionRunner<Tx> {
  inTransaction<T>(work: (tx: Tx, sql: SqlRunner) => Promise<T>): Promise<T>;
}

/** Plain SQL on a `pg` client or pool: the rows of each statement. */
export function sqlOf(client: Pick<PoolClient, 'query'>): SqlRunner {
  return { query: async (sql, params) => (await client.query(sql, params)).rows };
}

/**
 * Transactions on a `pg` Pool (a service's: `pgPoolOf(dataSource)` of `@samvirke/event-sourcing`);
 * the handler gets the transaction's `PoolClient`.
 */
export function pgTransactions(pool: Pool): TransactionRunner<PoolClient> {
  return {
    async inTransaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      // A connection lost between two queries is told as an event, which would crash the process
      // unheard; the next query fails anyway, and the client is not given back to the pool.
      const lost = (error: Error) => (broken = error);
      client.on('error', lost);
      try {
        await client.query('BEGIN');
        try {
          const result = await work(client, sqlOf(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
          throw error;
        }
      } finally {
        // A connection that was lost or could not roll back is closed rather than returned to the pool.
        client.off('error', lost);
        client.release(broken);
      }
    },
  };
}
