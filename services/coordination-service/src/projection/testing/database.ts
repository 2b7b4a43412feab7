import { createDatabase, testPostgresUrl } from '@samvirke/testing';
import { DataSource } from 'typeorm';
import { ensureReadModel } from '../../read-model';

/** A fresh database with the read model and the consumer's tables, through TypeORM. */
export async function readModelDatabase(prefix: string): Promise<{ url: string; dataSource: DataSource }> {
  const url = await createDatabase(testPostgresUrl(), prefix);
  const dataSource = await new DataSource({ type: 'postgres', url, poolSize: 6 }).initialize();
  await dataSource.transaction((manager) => ensureReadModel(manager));
  return { url, dataSource };
}

/** Retries an assertion until it passes or the time is up. */
export async function eventually<T>(check: () => Promise<T> | T, { timeoutMs = 30_000, intervalMs = 100 } = {}): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
