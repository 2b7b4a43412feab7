import { COORDINATION_TOPIC } from '@samvirke/contracts';
import { syntheticPersonalIds } from '@samvirke/identity';
import { signDemoToken, TEST_JWT_SECRET, type DemoClaims } from '@samvirke/platform';
import { SectorHarness } from '@samvirke/write-side/testing';
import { Pool } from 'pg';
import { createCoordinationApp } from '../src';
import { ensureAccessLog } from '../src/audit';
import { gapIdOf } from '../src/read-model';

// The access log through HTTP on real PostgreSQL: every read of one child is recorded (who, as
// what, when, which part), the log is shown newest first, and nothing can change it, through
// the API or in SQL. The projection is off: the read-model rows a read needs are put in by hand.
describe('coordination-service access log', () => {
  const [personalId, otherPid] = syntheticPersonalIds('coordination-audit-e2e', 2);
  let harness: SectorHarness;
  let db: Pool;
  let childRef = '';

  const callers = {
    unit: {
      sub: 'ke-trondheim',
      roles: ['coordinating-unit'],
      municipality: '5001',
      name: 'Koordinerende enhet',
    },
    kari: {
      sub: 'coord-kari',
      roles: ['coordinator'],
      municipality: '5001',
      name: 'Kari Koordinator',
    },
    ola: { sub: 'coord-ola', roles: ['coordinator'], municipality: '5001' },
    auditor: { sub: 'auditor-1', roles: ['auditor'], municipality: '5001', name: 'Revisor En' },
    bergenAuditor: { sub: 'auditor-2', roles: ['auditor'], municipality: '4601' },
  } satisfies Record<string, DemoClaims>;
  type Who = keyof typeof callers;
  const tokens = new Map<Who, string>();

  const call = (
    method: string,
    path: string,
    who: Who,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => harness.request(method, path, { token: tokens.get(who), body, headers });
  const get = (path: string, who: Who, headers?: Record<string, string>) =>
    call('GET', path, who, undefined, headers);

  const logRows = async () =>
    (
      await db.query(
        `SELECT subject, roles, what FROM audit.access_log WHERE child_ref = $1 ORDER BY id`,
        [childRef],
      )
    ).rows;

  beforeAll(async () => {
    harness = await SectorHarness.start(
      (options) => createCoordinationApp({ ...options, projection: false, scheduler: false }),
      {
        role: 'coordinating-unit',
        topic: COORDINATION_TOPIC,
        name: 'coordination_audit',
      },
    );
    db = new Pool({ connectionString: harness.config.DATABASE_URL, max: 2 });
    for (const [who, claims] of Object.entries(callers))
      tokens.set(who as Who, await signDemoToken(claims, TEST_JWT_SECRET, '1h'));

    const enrolled = await call('POST', '/v1/children', 'unit', {
      personalId,
      name: 'Liv Audun',
      municipality: '5001',
    });
    expect(enrolled.status).toBe(201);
    childRef = enrolled.body.childRef;
    const assigned = await call('PUT', `/v1/children/${childRef}/coordinator`, 'unit', {
      coordinatorId: 'coord-kari',
      assignedAt: '2026-03-05T12:00:00+01:00',
    });
    expect(assigned.status).toBe(201);
    // What the projection would write, written by hand: the child's row and one gap.
    await db.query(
      `INSERT INTO read_model.children (child_ref, municipality, enrolled, coordinator_id, facts) VALUES ($1, '5001', true, 'coord-kari', '{}')`,
      [childRef],
    );
    await db.query(
      `INSERT INTO read_model.gaps (gap_id, gap_key, child_ref, municipality, rule_id, rule_version, status, owner, legal_basis, evidence, opened_at, due_at)
       VALUES ($1, 'health.discharge-follow-up:adm-1', $2, '5001', 'health.discharge-follow-up', 1, 'open', 'health', 'hotjl §7-2a', '{}', $3, $3)`,
      [gapIdOf(childRef, 'health.discharge-follow-up:adm-1'), childRef, '2026-03-16T13:00:00Z'],
    );
  });
  afterAll(async () => {
    await db?.end();
    await harness?.close();
  });

  it('records nothing for enrolment and assignment: commands are not reads', async () => {
    expect(await logRows()).toEqual([]);
  });

  it('records a read of the child by three people, with their roles, and shows them newest first', async () => {
    expect((await get(`/v1/children/${childRef}`, 'kari')).status).toBe(200);
    expect(
      (await get(`/v1/children/${childRef}/timeline`, 'unit', { 'x-request-id': 'audit-req-1' }))
        .status,
    ).toBe(200);
    const log = await get(`/v1/children/${childRef}/access-log`, 'auditor');
    expect(log.status).toBe(200);
    expect(log.body).toEqual({
      entries: [
        {
          id: expect.any(String),
          subject: 'auditor-1',
          name: 'Revisor En',
          roles: ['auditor'],
          municipality: '5001',
          at: expect.any(String),
          what: 'access-log',
          requestId: expect.any(String),
        },
        {
          id: expect.any(String),
          subject: 'ke-trondheim',
          name: 'Koordinerende enhet',
          roles: ['coordinating-unit'],
          municipality: '5001',
          at: expect.any(String),
          what: 'timeline',
          requestId: 'audit-req-1',
        },
        {
          id: expect.any(String),
          subject: 'coord-kari',
          name: 'Kari Koordinator',
          roles: ['coordinator'],
          municipality: '5001',
          at: expect.any(String),
          what: 'summary',
          requestId: expect.any(String),
        },
      ],
      nextCursor: null,
    });
    const times = log.body.entries.map((e: { at: string }) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('records a lookup that finds the child, a gap list for the child, and reading the log as a coordinator', async () => {
    expect((await call('POST', '/v1/children/lookup', 'kari', { personalId })).body).toMatchObject({
      childRef,
      enrolled: true,
    });
    expect((await get(`/v1/gaps?childRef=${childRef}`, 'auditor')).body.gaps).toHaveLength(1);
    expect((await get(`/v1/children/${childRef}/access-log`, 'kari')).status).toBe(200);
    expect((await logRows()).slice(3)).toEqual([
      { subject: 'coord-kari', roles: ['coordinator'], what: 'lookup' },
      { subject: 'auditor-1', roles: ['auditor'], what: 'gaps' },
      { subject: 'coord-kari', roles: ['coordinator'], what: 'access-log' },
    ]);
  });

  it('records no entry for a refused read or an empty gap list; a lookup of another child goes in that child’s log', async () => {
    const before = await logRows();
    expect((await get(`/v1/children/${childRef}`, 'ola')).status).toBe(404);
    expect((await get(`/v1/children/${childRef}/access-log`, 'ola')).status).toBe(404);
    expect((await get(`/v1/children/${childRef}/access-log`, 'bergenAuditor')).status).toBe(404);
    expect((await get(`/v1/children/${childRef}/access-log`, 'unit')).status).toBe(403);
    expect((await get(`/v1/gaps?childRef=${childRef}`, 'bergenAuditor')).body.gaps).toEqual([]);
    const other = await call('POST', '/v1/children/lookup', 'kari', { personalId: otherPid });
    expect(other.body).toMatchObject({ enrolled: false });
    expect(await logRows()).toEqual(before);
    const { rows } = await db.query(
      `SELECT subject, what FROM audit.access_log WHERE child_ref = $1`,
      [other.body.childRef],
    );
    expect(rows).toEqual([{ subject: 'coord-kari', what: 'lookup-not-found' }]);
  });

  it('pages the log with an opaque cursor, every entry once', async () => {
    const total = (await logRows()).length + 1; // the first page's read is logged before it is read
    const seen: string[] = [];
    let path = `/v1/children/${childRef}/access-log?limit=2`;
    for (let page = 0; page < 20 && path; page++) {
      const answer = await get(path, 'auditor');
      expect(answer.status).toBe(200);
      seen.push(...answer.body.entries.map((e: { id: string }) => e.id));
      path = answer.body.nextCursor
        ? `/v1/children/${childRef}/access-log?limit=2&cursor=${answer.body.nextCursor}`
        : '';
    }
    // Every page's read is itself logged; they are newer than the first page, so not seen again.
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(
      (await get(`/v1/children/${childRef}/access-log?cursor=bm90LWEtY3Vyc29y`, 'auditor')).status,
    ).toBe(400);
  });

  it('has no route that changes the log', async () => {
    const before = await logRows();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const answer = await call(
        method,
        `/v1/children/${childRef}/access-log`,
        'auditor',
        method === 'DELETE' ? undefined : { what: 'nothing' },
      );
      expect([404, 405]).toContain(answer.status);
    }
    expect(await logRows()).toEqual(before);
  });

  it.each([
    ['UPDATE', `UPDATE audit.access_log SET subject = 'someone-else'`],
    ['DELETE', `DELETE FROM audit.access_log`],
    ['TRUNCATE', `TRUNCATE audit.access_log`],
  ])('refuses %s on the table in the database itself', async (_name, sql) => {
    const before = await logRows();
    await expect(db.query(sql)).rejects.toThrow(/append-only/);
    expect(await logRows()).toEqual(before);
  });

  it('creates the table and its trigger idempotently, as every instance does at start', async () => {
    await ensureAccessLog(db);
    await ensureAccessLog(db);
    const { rows } = await db.query(
      `SELECT count(*)::int AS triggers FROM pg_trigger WHERE tgname = 'access_log_append_only'`,
    );
    expect(rows[0].triggers).toBe(1);
    await expect(
      db.query(`DELETE FROM audit.access_log WHERE child_ref = $1`, [childRef]),
    ).rejects.toThrow(/append-only/);
  });

  it('lists the access log in the OpenAPI document with GET only', async () => {
    const docs = JSON.parse((await harness.get('/docs-json')).body);
    expect(Object.keys(docs.paths[`/v1/children/{childRef}/access-log`])).toEqual(['get']);
  });
});
