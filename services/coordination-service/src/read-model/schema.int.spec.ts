import { Pool } from 'pg';
import { createDatabase, testPostgresUrl } from '@samvirke/testing';
import { dropReadModel, ensureReadModel, READ_MODEL_VERSION } from './schema';
import { gapEventIdOf, gapIdOf } from './ids';

describe('read model schema', () => {
  let pool: Pool;

  beforeAll(async () => {
    pool = new Pool({ connectionString: await createDatabase(testPostgresUrl(), 'read_model') });
  });
  afterAll(() => pool.end());

  it('is created by several instances at once, and again without harm', async () => {
    await Promise.all([ensureReadModel(pool), ensureReadModel(pool), ensureReadModel(pool)]);
    await ensureReadModel(pool);
    const { rows } = await pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'read_model' ORDER BY 1`,
    );
    expect(rows.map((r) => r.table_name)).toEqual([
      'children',
      'gaps',
      'meta',
      'timeline_entries',
      'transfers',
    ]);
    const meta = await pool.query(`SELECT value FROM read_model.meta WHERE key = 'version'`);
    expect(meta.rows[0].value).toBe(String(READ_MODEL_VERSION));
  });

  it('refuses a resolved gap without its resolution time', async () => {
    await ensureReadModel(pool);
    await expect(
      pool.query(
        `INSERT INTO read_model.gaps (gap_id, gap_key, child_ref, rule_id, rule_version, status, owner, legal_basis,
           evidence, triggered_at, opened_at, due_at)
         VALUES ($1, 'k', 'c', 'health.discharge-summary', 1, 'resolved', 'health', 'x', '{e}', now(), now(), now())`,
        [gapIdOf('c', 'k')],
      ),
    ).rejects.toThrow(/gaps_resolved_check/);
  });

  it('is dropped whole and created again empty', async () => {
    await ensureReadModel(pool);
    await pool.query(`INSERT INTO read_model.children (child_ref, facts) VALUES ('c1', '{}')`);
    await dropReadModel(pool);
    await ensureReadModel(pool);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM read_model.children`);
    expect(rows[0].n).toBe(0);
  });
});

describe('gap ids', () => {
  it('are the same for the same child and key, and differ per event kind', () => {
    const id = gapIdOf('child-1', 'health.discharge-summary:adm-1');
    expect(id).toBe(gapIdOf('child-1', 'health.discharge-summary:adm-1'));
    expect(id).not.toBe(gapIdOf('child-2', 'health.discharge-summary:adm-1'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(gapEventIdOf(id, 'opened')).not.toBe(gapEventIdOf(id, 'resolved'));
  });
});
