import { createDatabase, testPostgresUrl } from '@samvirke/testing';

// The projection's tests wait with the one `eventually` of @samvirke/testing.
export { eventually } from '@samvirke/testing';
import { DataSource } from 'typeorm';
import { ensureReadModel } from '../../read-model';

/** A fresh database with the read model and the consumer's tables, through TypeORM. */
export async function readModelDatabase(prefix: string): Promise<{ url: string; dataSource: DataSource }> {
  const url = await createDatabase(testPostgresUrl(), prefix);
  const dataSource = await new DataSource({ type: 'postgres', url, poolSize: 6 }).initialize();
  await dataSource.transaction((manager) => ensureReadModel(manager));
  return { url, dataSource };
}
