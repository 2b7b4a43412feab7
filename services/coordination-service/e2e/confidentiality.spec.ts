import { COORDINATION_TOPIC, makeEnvelope, type GapOpenedV1 } from '@samvirke/contracts';
import { createPostgresEventStore, type EventStore } from '@samvirke/event-sourcing';
import { syntheticPersonalIds } from '@samvirke/identity';
import { eventToAppend } from '@samvirke/messaging';
import { signDemoToken, TEST_JWT_SECRET, type Role } from '@samvirke/platform';
import { SectorHarness } from '@samvirke/write-side/testing';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { createCoordinationApp } from '../src';
import { gapIdOf } from '../src/read-model';

// Confidentiality by sector through HTTP on real PostgreSQL: without consent a reader sees of
// health and school only that they are involved (and that a deadline there has passed), of
// child welfare nothing at all, in every answer; a child or gap not the caller's gets one
// answer; lookups and list reads are logged; lookups and reads are rate-limited per caller.
// The projection is off: the read-model rows are written by hand, as the projection would.
describe('coordination-service confidentiality', () => {
  const [leaPid, bergenPid, unknownPid, scriptPid] = syntheticPersonalIds(
    'coordination-confidentiality-e2e',
    4,
  );
  let harness: SectorHarness;
  let db: Pool;
  let store: EventStore;

  const callers: Record<string, { sub: string; roles: Role[]; municipality: string }> = {
    unit: { sub: 'ke-trondheim', roles: ['coordinating-unit'], municipality: '5001' },
    kari: { sub: 'coord-kari', roles: ['coordinator'], municipality: '5001' },
    auditor: { sub: 'auditor-1', roles: ['auditor'], municipality: '5001' },
    bergen: { sub: 'ke-bergen', roles: ['coordinating-unit'], municipality: '4601' },
    bergenKari: { sub: 'coord-kari', roles: ['coordinator'], municipality: '4601' },
    timer: { sub: 'ke-timer', roles: ['coordinating-unit'], municipality: '4601' },
    script: { sub: 'coord-script', roles: ['coordinator'], municipality: '5001' },
    pager: { sub: 'ke-pager', roles: ['coordinating-unit'], municipality: '5001' },
  };
  type Who = keyof typeof callers;
  const tokens = new Map<Who, string>();
  const call = (method: string, path: string, who: Who, body?: unknown) =>
    harness.request(method, path, { token: tokens.get(who), body });
  const get = (path: string, who: Who) => call('GET', path, who);
  const post = (path: string, who: Who, body: unknown) => call('POST', path, who, body);

  let lea = '';
  let elsewhere = '';
  let unknown = '';
  const ids: Record<string, string> = {};
  const gaps: Record<string, string> = {};

  let seq = 0;
  async function entry(
    sector: string,
    type: string,
    occurredAt: string,
    summary: string,
    details: object,
  ): Promise<string> {
    seq += 1;
    const eventId = `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`;
    await db.query(
      `INSERT INTO read_model.timeline_entries (event_id, child_ref, municipality, sector, type, occurred_at, recorded_at, summary, details)
       VALUES ($1, $2, '5001', $3, $4, $5, $5, $6, $7)`,
      [eventId, lea, sector, type, occurredAt, summary, JSON.stringify(details)],
    );
    return eventId;
  }

  async function gap(
    key: string,
    ruleId: string,
    owner: string,
    dueAt: string,
    evidence: string[],
    detail?: object,
  ): Promise<string> {
    const gapId = gapIdOf(lea, key);
    await db.query(
      `INSERT INTO read_model.gaps (gap_id, gap_key, child_ref, municipality, rule_id, rule_version, status, owner, legal_basis, evidence, detail, opened_at, due_at)
       VALUES ($1, $2, $3, '5001', $4, 1, 'open', $5, 'a law', $6, $7, $8, $8)`,
      [gapId, key, lea, ruleId, owner, evidence, detail ? JSON.stringify(detail) : null, dueAt],
    );
    // The engine's gap-opened on the gap's stream, and on the child's timeline.
    const data: GapOpenedV1 = {
      gapId,
      ruleId,
      ruleVersion: 1,
      owner: owner as GapOpenedV1['owner'],
      legalBasis: 'a law',
      evidence,
      openedAt: dueAt,
      dueAt,
    };
    const envelope = makeEnvelope({
      type: 'no.samvirke.coordination.gap-opened.v1',
      data,
      source: '/samvirke/coordination-service',
      subject: lea,
      municipality: '5001',
      time: dueAt,
      recordedAt: dueAt,
    });
    await store.appendToStream(`coordination-gap-${gapId}`, 0, [eventToAppend(envelope)]);
    await entry('coordination', envelope.type, dueAt, `Gap opened: ${ruleId}`, data);
    return gapId;
  }

  const everything = async (who: Who) =>
    [
      await get(`/v1/children/${lea}`, who),
      await get(`/v1/children/${lea}/timeline`, who),
      await get(`/v1/children/${lea}/timeline?sector=child-welfare`, who),
      await get('/v1/children', who),
      await get('/v1/gaps', who),
      await get(`/v1/gaps?childRef=${lea}`, who),
      await get('/v1/gaps?sector=child-welfare', who),
    ].map((answer) => {
      expect(answer.status).toBe(200);
      // The consents are the coordinator's own record (a withdrawn one may name child welfare): they say nothing of a case.
      const { consents: _, ...body } = answer.body as Record<string, unknown>;
      return JSON.stringify(body);
    });

  const logRows = async (childRef: string) =>
    (
      await db.query(
        `SELECT subject, what FROM audit.access_log WHERE child_ref = $1 ORDER BY id`,
        [childRef],
      )
    ).rows as Array<{ subject: string; what: string }>;

  beforeAll(async () => {
    harness = await SectorHarness.start(
      (options) =>
        createCoordinationApp({
          ...options,
          projection: false,
          scheduler: false,
          rateLimits: {
            lookup: { limit: 8, windowSeconds: 60 },
            read: { limit: 300, windowSeconds: 60 },
          },
        }),
      {
        role: 'coordinating-unit',
        topic: COORDINATION_TOPIC,
        name: 'coordination_confidentiality',
      },
    );
    db = new Pool({ connectionString: harness.config.DATABASE_URL, max: 2 });
    store = await createPostgresEventStore({
      url: harness.config.DATABASE_URL,
      schema: 'event_store',
      poolSize: 2,
    });
    for (const [who, claims] of Object.entries(callers))
      tokens.set(who as Who, await signDemoToken(claims, TEST_JWT_SECRET, '1h'));

    lea = (
      await post('/v1/children', 'unit', {
        personalId: leaPid,
        name: 'Lea Strand',
        municipality: '5001',
      })
    ).body.childRef;
    expect(
      (
        await call('PUT', `/v1/children/${lea}/coordinator`, 'unit', {
          coordinatorId: 'coord-kari',
          assignedAt: '2026-03-02T12:00:00+01:00',
        })
      ).status,
    ).toBe(201);
    elsewhere = (
      await post('/v1/children', 'bergen', {
        personalId: bergenPid,
        name: 'Bo Berg',
        municipality: '4601',
      })
    ).body.childRef;
    expect(
      (
        await call('PUT', `/v1/children/${elsewhere}/coordinator`, 'bergen', {
          coordinatorId: 'coord-bergen',
          assignedAt: '2026-03-02T12:00:00+01:00',
        })
      ).status,
    ).toBe(201);
    unknown = (await post('/v1/children/lookup', 'pager', { personalId: unknownPid })).body
      .childRef;

    await db.query(
      `INSERT INTO read_model.children (child_ref, municipality, enrolled, enrolled_at, name, coordinator_id, facts, sectors)
       VALUES ($1, '5001', true, '2026-03-01T08:00:00Z', 'Lea Strand', 'coord-kari', '{}', '{coordination,health,school,child-welfare}')`,
      [lea],
    );
    ids['enrolled'] = await entry(
      'coordination',
      'no.samvirke.coordination.child-enrolled.v1',
      '2026-03-01T08:00:00Z',
      'Enrolled with the coordinating unit',
      { enrolledAt: '2026-03-01T08:00:00Z' },
    );
    ids['health'] = await entry(
      'health',
      'no.samvirke.health.referral-received.v1',
      '2026-03-03T10:00:00Z',
      'Referral received',
      { service: 'bup' },
    );
    ids['school'] = await entry(
      'school',
      'no.samvirke.school.meeting-held.v1',
      '2026-03-04T10:00:00Z',
      'Meeting held',
      { kind: 'support-team' },
    );
    ids['childWelfare'] = await entry(
      'child-welfare',
      'no.samvirke.childwelfare.concern-report-received.v1',
      '2026-03-05T10:00:00Z',
      'Concern report received',
      { reporter: 'school' },
    );
    ids['investigation'] = await entry(
      'child-welfare',
      'no.samvirke.childwelfare.investigation-started.v1',
      '2026-03-20T10:00:00Z',
      'Investigation started',
      { investigationId: 'inv-1' },
    );
    gaps['health'] = await gap(
      'health.referral-assessment:ref-1',
      'health.referral-assessment',
      'health',
      '2026-03-17T23:00:00.000Z',
      [ids['health']],
    );
    gaps['childWelfare'] = await gap(
      'childwelfare.report-review:rep-1',
      'childwelfare.report-review',
      'child-welfare',
      '2026-03-12T10:00:00.000Z',
      [ids['childWelfare']],
    );
    // Child welfare and health made this one: without a basis for child welfare it is not a gap of two sectors.
    gaps['multiSector'] = await gap(
      'coordination.multi-sector:x',
      'coordination.multi-sector',
      'coordinating-unit',
      '2026-03-20T10:00:00.000Z',
      [ids['investigation'], ids['health']],
      {
        sectors: ['child-welfare', 'health'],
      },
    );
  });
  afterAll(async () => {
    await store?.close();
    await db?.end();
    await harness?.close();
  });

  describe('without consent', () => {
    it('shows nothing of child welfare anywhere: no entry, lane, gap, count or sector (the bug found on a fresh clone)', async () => {
      for (const who of ['kari', 'unit'] as const) {
        const answers = await everything(who);
        expect([
          who,
          answers.filter((text) => /child-?welfare|Concern report|Investigation/i.test(text)),
        ]).toEqual([who, []]);
        expect(answers.join('\n')).not.toContain(gaps['childWelfare']);
        expect(answers.join('\n')).not.toContain(gaps['multiSector']);
      }
      const listed = (await get('/v1/children', 'kari')).body.children;
      expect(listed).toEqual([
        expect.objectContaining({
          childRef: lea,
          sectors: ['coordination', 'health', 'school'],
          openGaps: 1,
          oldestDueAt: '2026-03-17T23:00:00.000Z',
        }),
      ]);
      expect((await get(`/v1/children/${lea}`, 'kari')).body).toMatchObject({
        sectors: ['coordination', 'health', 'school'],
        restrictedSectors: ['health', 'school'],
        openGaps: [expect.objectContaining({ restricted: true })],
      });
    });

    it('shows of health and school only their lane marks on the timeline, with no type, summary, time or detail of their entries', async () => {
      const timeline = (await get(`/v1/children/${lea}/timeline`, 'kari')).body;
      expect(timeline.restrictedSectors).toEqual(['health', 'school']);
      expect(timeline.entries.map((e: { eventId: string }) => e.eventId)).not.toEqual(
        expect.arrayContaining([ids['health']]),
      );
      expect(timeline.entries.every((e: { sector: string }) => e.sector === 'coordination')).toBe(
        true,
      );
      expect(JSON.stringify(timeline)).not.toMatch(
        /referral|Meeting held|bup|support-team|2026-03-03T10|2026-03-04T10/i,
      );
      // The gap of health on the timeline: that a deadline passed, not which.
      expect(timeline.entries).toContainEqual(
        expect.objectContaining({
          type: 'no.samvirke.coordination.gap-opened.v1',
          summary: 'Gap opened',
          details: { gapId: gaps['health'], sector: 'health' },
        }),
      );
      expect((await get(`/v1/children/${lea}/timeline?sector=health`, 'kari')).body).toEqual({
        entries: [],
        nextCursor: null,
        restrictedSectors: ['health', 'school'],
      });
    });

    it('shows of a health gap only that a deadline in health has passed, in the summary and the gap lists alike', async () => {
      const restricted = {
        gapId: gaps['health'],
        childRef: lea,
        restricted: true,
        sector: 'health',
        status: 'open',
        owner: 'health',
        openedAt: '2026-03-17T23:00:00.000Z',
        dueAt: '2026-03-17T23:00:00.000Z',
        escalated: false,
      };
      expect((await get('/v1/gaps', 'kari')).body.gaps).toEqual([restricted]);
      expect((await get(`/v1/gaps?childRef=${lea}`, 'auditor')).body.gaps).toEqual([restricted]);
      expect((await get(`/v1/children/${lea}`, 'unit')).body.openGaps).toEqual([restricted]);
      expect((await get('/v1/gaps?ruleId=health.referral-assessment', 'kari')).body.gaps).toEqual(
        [],
      );
    });

    it('keeps a page full and its cursor on a row shown, whatever is hidden around it', async () => {
      // Oldest deadline first: child welfare's (hidden), health's (restricted), the multi-sector (hidden).
      expect((await get('/v1/gaps?limit=1', 'kari')).body).toEqual({
        gaps: [expect.objectContaining({ gapId: gaps['health'] })],
        nextCursor: null,
      });
      const first = (await get(`/v1/children/${lea}/timeline?limit=1`, 'kari')).body;
      const second = (
        await get(`/v1/children/${lea}/timeline?limit=1&cursor=${first.nextCursor}`, 'kari')
      ).body;
      expect([first.entries.length, second.entries.length]).toEqual([1, 1]);
      expect(second.entries[0].eventId).not.toBe(first.entries[0].eventId);
    });

    it('still counts every gap in the anonymous statistics', async () => {
      const rules = (await get('/v1/statistics', 'unit')).body.rules as Array<{
        ruleId: string;
        opened: number;
      }>;
      expect(
        rules
          .filter((r) => r.opened > 0)
          .map((r) => r.ruleId)
          .sort(),
      ).toEqual([
        'childwelfare.report-review',
        'coordination.multi-sector',
        'health.referral-assessment',
      ]);
    });
  });

  describe('with consent', () => {
    let consentId = '';

    it('shows child welfare and health in full once a consent covers them, and hides them again when it is withdrawn', async () => {
      const given = await post(`/v1/children/${lea}/consents`, 'kari', {
        sectors: ['health', 'child-welfare'],
        givenBy: 'parent',
        givenAt: '2026-03-06T10:00:00+01:00',
      });
      expect(given.status).toBe(201);
      consentId = given.body.consentId;

      const timeline = (await get(`/v1/children/${lea}/timeline`, 'kari')).body;
      expect(timeline.restrictedSectors).toEqual(['school']);
      expect(timeline.entries.map((e: { eventId: string }) => e.eventId)).toEqual(
        expect.arrayContaining([ids['health'], ids['childWelfare'], ids['investigation']]),
      );
      expect(
        timeline.entries.find((e: { eventId: string }) => e.eventId === ids['childWelfare']),
      ).toMatchObject({ summary: 'Concern report received', details: { reporter: 'school' } });
      const listed = (await get('/v1/gaps', 'kari')).body.gaps as Array<{
        gapId: string;
        ruleId: string;
        detail?: unknown;
      }>;
      expect(listed.map((g) => g.ruleId)).toEqual([
        'childwelfare.report-review',
        'health.referral-assessment',
        'coordination.multi-sector',
      ]);
      expect(listed[2]?.detail).toEqual({ sectors: ['child-welfare', 'health'] });
      expect((await get('/v1/children', 'kari')).body.children[0]).toMatchObject({
        openGaps: 3,
        sectors: ['coordination', 'health', 'school', 'child-welfare'],
        oldestDueAt: '2026-03-12T10:00:00.000Z',
      });

      expect(
        (await call('DELETE', `/v1/children/${lea}/consents/${consentId}`, 'kari')).status,
      ).toBe(200);
      expect(
        (await everything('kari')).filter((text) => /child-?welfare|Concern report/i.test(text)),
      ).toEqual([]);
      expect((await get('/v1/children', 'kari')).body.children[0]).toMatchObject({ openGaps: 1 });
    });
  });

  describe('one answer for a child or gap not yours', () => {
    const sameAnswer = async (paths: {
      theirs: [string, string, Who, unknown?];
      none: [string, string, Who, unknown?];
    }) => {
      const theirs = await call(...paths.theirs);
      const none = await call(...paths.none);
      expect([theirs.status, theirs.headers.get('content-type'), theirs.body]).toEqual([
        404,
        'application/problem+json; charset=utf-8',
        none.body,
      ]);
      expect(none.status).toBe(404);
      return [theirs, none];
    };

    it('answers a command on a child enrolled elsewhere exactly as one on a child not enrolled, appending nothing', async () => {
      const before = (await store.readStream(`coordination-child-${elsewhere}`)).events.length;
      await sameAnswer({
        theirs: [
          'POST',
          `/v1/children/${elsewhere}/coordinator-requests`,
          'unit',
          { requestedAt: '2026-03-02T10:00:00+01:00' },
        ],
        none: [
          'POST',
          `/v1/children/${unknown}/coordinator-requests`,
          'unit',
          { requestedAt: '2026-03-02T10:00:00+01:00' },
        ],
      });
      // Bergen's coordinator is coord-kari too: the municipality decides.
      await sameAnswer({
        theirs: [
          'POST',
          `/v1/children/${lea}/consents`,
          'bergenKari',
          { sectors: ['health'], givenBy: 'parent', givenAt: '2026-03-06T10:00:00+01:00' },
        ],
        none: [
          'POST',
          `/v1/children/${unknown}/consents`,
          'bergenKari',
          { sectors: ['health'], givenBy: 'parent', givenAt: '2026-03-06T10:00:00+01:00' },
        ],
      });
      await sameAnswer({
        theirs: ['DELETE', `/v1/children/${elsewhere}`, 'unit'],
        none: ['DELETE', `/v1/children/${unknown}`, 'unit'],
      });
      expect((await store.readStream(`coordination-child-${elsewhere}`)).events).toHaveLength(
        before,
      );
    });

    it('answers every read of a child enrolled elsewhere exactly as one of a child not enrolled', async () => {
      for (const suffix of ['', '/timeline', '/access-log']) {
        const who: Who = suffix === '/access-log' ? 'auditor' : 'unit';
        await sameAnswer({
          theirs: ['GET', `/v1/children/${elsewhere}${suffix}`, who],
          none: ['GET', `/v1/children/${unknown}${suffix}`, who],
        });
      }
    });

    it('answers a command on another municipality’s gap, and on a child welfare gap without a basis, exactly as on no gap', async () => {
      const none: [string, string, Who, unknown] = [
        'POST',
        `/v1/gaps/${gapIdOf(lea, 'nothing:1')}/acknowledge`,
        'bergen',
        { note: 'x' },
      ];
      await sameAnswer({
        theirs: ['POST', `/v1/gaps/${gaps['health']}/acknowledge`, 'bergen', { note: 'x' }],
        none,
      });
      await sameAnswer({
        theirs: ['POST', `/v1/gaps/${gaps['childWelfare']}/acknowledge`, 'kari', { note: 'x' }],
        none: ['POST', `/v1/gaps/${gapIdOf(lea, 'nothing:2')}/acknowledge`, 'kari', { note: 'x' }],
      });
      expect(
        (await store.readStream(`coordination-gap-${gaps['childWelfare']}`)).events,
      ).toHaveLength(1);
    });

    it('takes a similar time for a child elsewhere and no child (median of 20 within 3×)', async () => {
      // The two are timed in turns, so a busy moment of the machine falls on both alike.
      const medians = async (method: string, theirs: string, none: string, body?: unknown) => {
        const times: [number[], number[]] = [[], []];
        for (let i = 0; i < 20; i++) {
          for (const [n, path] of [theirs, none].entries()) {
            const started = performance.now();
            expect((await call(method, path, 'timer', body)).status).toBe(404);
            times[n]?.push(performance.now() - started);
          }
        }
        const [a, b] = times.map((t) => t.sort((x, y) => x - y)[10] ?? 0) as [number, number];
        return { theirs: a, none: b, ratio: Math.max(a, b) / Math.min(a, b) };
      };
      // On failure the message shows both medians.
      const within = (timing: { ratio: number }) =>
        expect({ ...timing, within3x: timing.ratio < 3 }).toMatchObject({ within3x: true });
      for (const [method, suffix, body] of [
        ['GET', '', undefined],
        ['POST', '/coordinator-requests', { requestedAt: '2026-03-02T10:00:00+01:00' }],
      ] as const) {
        within(
          await medians(
            method,
            `/v1/children/${lea}${suffix}`,
            `/v1/children/${unknown}${suffix}`,
            body,
          ),
        );
      }
      within(
        await medians(
          'POST',
          `/v1/gaps/${gaps['health']}/acknowledge`,
          `/v1/gaps/${gapIdOf(lea, 'nothing:3')}/acknowledge`,
          { note: 'x' },
        ),
      );
    });
  });

  describe('lookups', () => {
    it('answers a child enrolled elsewhere exactly as a child not enrolled, and logs every lookup under the childRef', async () => {
      const found = await post('/v1/children/lookup', 'unit', { personalId: leaPid });
      const there = await post('/v1/children/lookup', 'unit', { personalId: bergenPid });
      const none = await post('/v1/children/lookup', 'unit', { personalId: unknownPid });
      expect(found.body).toEqual({ childRef: lea, enrolled: true });
      expect(there.body).toEqual({ childRef: elsewhere, enrolled: false });
      expect(none.body).toEqual({ childRef: unknown, enrolled: false });
      expect(Object.keys(there.body)).toEqual(Object.keys(none.body));

      expect((await logRows(lea)).filter((r) => r.what.startsWith('lookup'))).toEqual([
        { subject: 'ke-trondheim', what: 'lookup' },
      ]);
      expect((await logRows(elsewhere)).filter((r) => r.what.startsWith('lookup'))).toEqual([
        { subject: 'ke-trondheim', what: 'lookup-not-found' },
      ]);
      expect(await logRows(unknown)).toEqual([
        { subject: 'ke-pager', what: 'lookup-not-found' },
        { subject: 'ke-trondheim', what: 'lookup-not-found' },
      ]);
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM audit.access_log t WHERE t::text LIKE ANY($1)`,
        [[leaPid, bergenPid, unknownPid].map((p) => `%${p}%`)],
      );
      expect(rows[0].n).toBe(0);
    });
  });

  describe('list reads in the access log', () => {
    it('logs one row per child shown by the caseload and the gap list, and none for a child shown nothing', async () => {
      const other = (
        await post('/v1/children', 'unit', {
          personalId: scriptPid,
          name: 'Siri Sol',
          municipality: '5001',
        })
      ).body.childRef;
      await db.query(
        `INSERT INTO read_model.children (child_ref, municipality, enrolled, facts) VALUES ($1, '5001', true, '{}')`,
        [other],
      );
      // A child whose only gap is child welfare's: the gap list shows nothing of it.
      await db.query(
        `INSERT INTO read_model.gaps (gap_id, gap_key, child_ref, municipality, rule_id, rule_version, status, owner, legal_basis, evidence, opened_at, due_at)
         VALUES ($1, 'childwelfare.report-review:rep-9', $2, '5001', 'childwelfare.report-review', 1, 'open', 'child-welfare', 'bvl §2-1', '{}', now(), now())`,
        [gapIdOf(other, 'childwelfare.report-review:rep-9'), other],
      );
      const since = async (ref: string, n: number) => (await logRows(ref)).slice(n);
      const [leaBefore, otherBefore] = [(await logRows(lea)).length, (await logRows(other)).length];

      expect(
        (await get('/v1/children', 'unit')).body.children
          .map((c: { childRef: string }) => c.childRef)
          .sort(),
      ).toEqual([lea, other].sort());
      expect(
        (await get('/v1/gaps', 'unit')).body.gaps.map((g: { childRef: string }) => g.childRef),
      ).toEqual([lea]);
      expect(await since(lea, leaBefore)).toEqual([
        { subject: 'ke-trondheim', what: 'caseload' },
        { subject: 'ke-trondheim', what: 'gap-list' },
      ]);
      expect(await since(other, otherBefore)).toEqual([
        { subject: 'ke-trondheim', what: 'caseload' },
      ]);
    });
  });

  describe('rate limits', () => {
    it('lets a coordinator page a timeline, and answers a script trying numbers with 429 and Retry-After', async () => {
      for (let page = 0; page < 30; page++)
        expect((await get(`/v1/children/${lea}/timeline?limit=1`, 'kari')).status).toBe(200);

      const statuses: number[] = [];
      let refused: Awaited<ReturnType<typeof call>> | undefined;
      for (const personalId of syntheticPersonalIds('coordination-rate-limit-script', 12)) {
        const answer = await post('/v1/children/lookup', 'script', { personalId });
        statuses.push(answer.status);
        refused = answer.status === 429 ? answer : refused;
      }
      expect(statuses).toEqual([...Array(8).fill(200), ...Array(4).fill(429)]);
      expect(refused?.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused?.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
      expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(refused?.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      // Counted per caller: another's lookup still goes through.
      expect((await post('/v1/children/lookup', 'kari', { personalId: leaPid })).status).toBe(200);
    });

    it('limits reads per caller, all read routes together', async () => {
      let status = 200;
      let n = 0;
      for (; n < 310 && status === 200; n++)
        status = (await get(n % 2 ? '/v1/children' : `/v1/gaps?childRef=${lea}`, 'pager')).status;
      expect([n, status]).toEqual([301, 429]);
      const refused = await get(`/v1/children/${lea}`, 'pager');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await get(`/v1/children/${lea}`, 'unit')).status).toBe(200);
    });
  });
});
