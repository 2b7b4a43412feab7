import { pgPoolOf } from '@samvirke/event-sourcing';
import { pgTransactions, type SqlRunner } from '@samvirke/messaging';
import { createDatabase, testPostgresUrl } from '@samvirke/testing';

// The projection's tests wait with the one `eventually` of @samvirke/testing.
export { eventually } from '@samvirke/testing';
import { DataSource } from 'typeorm';
import { ensureReadModel } from '../../read-model';

/** A fresh database with the read model and the consumer's tables: a DataSource, as a service opens one. */
export async function readModelDatabase(
  prefix: string,
  poolSize = 6,
): Promise<{ url: string; dataSource: DataSource }> {
  const url = await createDatabase(testPostgresUrl(), prefix);
  const dataSource = await new DataSource({ type: 'postgres', url, poolSize }).initialize();
  await inTransaction(dataSource, (sql) => ensureReadModel(sql));
  return { url, dataSource };
}

/** Work in one transaction on the DataSource's pg pool, as the projection runs its batches. */
export function inTransaction<T>(
  dataSource: DataSource,
  work: (sql: SqlRunner) => Promise<T>,
): Promise<T> {
  return pgTransactions(pgPoolOf(dataSource)).inTransaction((_client, sql) => work(sql));
}
