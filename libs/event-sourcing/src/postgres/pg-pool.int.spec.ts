import { DataSource } from 'typeorm';
import { pgPoolOf } from './pg-pool';
import { testDatabase } from './test-database';

describe('pgPoolOf', () => {
  let url: string;
  beforeAll(async () => {
    url = await testDatabase('pg_pool');
  });

  it("is the DataSource's own pool: its connections are the ones TypeORM queries wait for", async () => {
    const dataSource = await new DataSource({
      type: 'postgres',
      url,
      poolSize: 2,
      logging: false,
    }).initialize();
    try {
      const pool = pgPoolOf(dataSource);
      const held = [await pool.connect(), await pool.connect()];
      let answered = false;
      const query = dataSource.query('SELECT 1 AS one').then((rows: unknown) => {
        answered = true;
        return rows;
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(answered).toBe(false);

      held.forEach((client) => client.release());
      expect(await query).toEqual([{ one: 1 }]);
      expect(pool.totalCount).toBeLessThanOrEqual(2);
    } finally {
      await dataSource.destroy();
    }
  });

  it('refuses a DataSource that is not connected yet', () => {
    expect(() => pgPoolOf(new DataSource({ type: 'postgres', url }))).toThrow(
      'pgPoolOf needs an initialized postgres DataSource',
    );
  });
});
