import { COORDINATION_TOPIC, makeEnvelope, type GapOpenedV1 } from '@samvirke/contracts';
import { createPostgresEventStore, type EventStore } from '@samvirke/event-sourcing';
import {
  ChildDataCipher,
  ForgottenError,
  masterKeysFromEnv,
  PostgresChildKeyring,
  syntheticPersonalIds,
} from '@samvirke/identity';
import { eventToAppend } from '@samvirke/messaging';
import { signDemoToken, TEST_JWT_SECRET, type Role } from '@samvirke/platform';
import { SectorHarness, type HttpAnswer as Answer } from '@samvirke/write-side/testing';
import { Pool } from 'pg';
import { createCoordinationApp } from '../src';
import { childNameContext, gapNoteContext } from '../src/domain';
import { gapIdOf } from '../src/read-model';

// The coordination API through HTTP on real PostgreSQL (and the relay on the real Kafka broker).
// The projection is switched off: the read-model rows the projection would write are put in by
// the test, so the read API is judged on its own.
describe('coordination-service API', () => {
  const [kariPid, perPid, astridPid, eriPid, unknownPid] = syntheticPersonalIds(
    'coordination-e2e',
    5,
  );
  let harness: SectorHarness;
  let db: Pool;
  let store: EventStore;

  const callers: Record<string, { sub: string; roles: Role[]; municipality?: string }> = {
    unit: { sub: 'ke-trondheim', roles: ['coordinating-unit'], municipality: '5001' },
    kari: { sub: 'coord-kari', roles: ['coordinator'], municipality: '5001' },
    ola: { sub: 'coord-ola', roles: ['coordinator'], municipality: '5001' },
    auditor: { sub: 'auditor-1', roles: ['auditor'], municipality: '5001' },
    bergen: { sub: 'ke-bergen', roles: ['coordinating-unit'], municipality: '4601' },
    bergenCoordinator: { sub: 'coord-kari', roles: ['coordinator'], municipality: '4601' },
    bergenAuditor: { sub: 'auditor-2', roles: ['auditor'], municipality: '4601' },
    hospital: { sub: 'hospital', roles: ['sector:health'], municipality: '5001' },
  };
  type Who = keyof typeof callers;
  const tokens = new Map<Who, string>();

  const call = (
    method: string,
    path: string,
    who: Who,
    body?: unknown,
    key?: string,
  ): Promise<Answer> => harness.request(method, path, { token: tokens.get(who), body, key });
  const post = (path: string, who: Who, body: unknown = {}, key?: string) =>
    call('POST', path, who, body, key);
  const get = (path: string, who: Who) => call('GET', path, who);

  const childEvents = async (childRef: string) =>
    (await store.readStream(`coordination-child-${childRef}`)).events;

  // What the projection would write, written by hand.
  async function projectChild(
    childRef: string,
    row: { coordinatorId?: string; sectors?: string[]; municipality?: string } = {},
  ) {
    const enrolled = (await childEvents(childRef))[0];
    const data = enrolled.data as { nameCiphertext: string; enrolledAt: string };
    await db.query(
      `INSERT INTO read_model.children (child_ref, municipality, enrolled, enrolled_at, name_ciphertext, coordinator_id, facts, sectors)
       VALUES ($1, $2, true, $3, $4, $5, '{}', $6)
       ON CONFLICT (child_ref) DO UPDATE SET coordinator_id = EXCLUDED.coordinator_id, sectors = EXCLUDED.sectors`,
      [
        childRef,
        row.municipality ?? String(enrolled.metadata['municipality']),
        data.enrolledAt,
        data.nameCiphertext,
        row.coordinatorId ?? null,
        row.sectors ?? [],
      ],
    );
  }

  let entrySeq = 0;
  async function projectEntry(
    childRef: string,
    sector: string,
    occurredAt: string,
    details: object,
    summary = `${sector} fact`,
  ) {
    entrySeq += 1;
    const eventId = `00000000-0000-7000-8000-${String(entrySeq).padStart(12, '0')}`;
    const type = {
      health: 'no.samvirke.health.follow-up-recorded.v1',
      school: 'no.samvirke.school.meeting-held.v1',
      'child-welfare': 'no.samvirke.childwelfare.concern-report-received.v1',
      coordination: 'no.samvirke.coordination.child-enrolled.v1',
    }[sector];
    await db.query(
      `INSERT INTO read_model.timeline_entries (event_id, child_ref, municipality, sector, type, occurred_at, recorded_at, summary, details)
       VALUES ($1, $2, '5001', $3, $4, $5, $5, $6, $7)`,
      [eventId, childRef, sector, type, occurredAt, summary, JSON.stringify(details)],
    );
    return eventId;
  }

  interface SeededGap {
    childRef: string;
    key: string;
    ruleId: string;
    municipality?: string;
    status?: 'open' | 'acknowledged' | 'resolved';
    dueAt?: string;
    lateByMs?: number;
    note?: string;
    detail?: object;
  }
  async function projectGap(gap: SeededGap): Promise<string> {
    const gapId = gapIdOf(gap.childRef, gap.key);
    const dueAt = gap.dueAt ?? '2026-03-16T13:00:00.000Z';
    const status = gap.status ?? 'open';
    await db.query(
      `INSERT INTO read_model.gaps (gap_id, gap_key, child_ref, municipality, rule_id, rule_version, status, owner, legal_basis,
         evidence, triggered_at, opened_at, due_at, resolved_at, resolution, late_by_ms, note, detail)
       VALUES ($1, $2, $3, $4, $5, 1, $6, 'health', 'hotjl §7-2a', '{00000000-0000-7000-8000-000000000001}', $7, $7, $7, $8, $9, $10, $11, $12)`,
      [
        gapId,
        gap.key,
        gap.childRef,
        gap.municipality ?? '5001',
        gap.ruleId,
        status,
        dueAt,
        status === 'resolved' ? '2026-03-20T10:00:00Z' : null,
        status === 'resolved' ? 'auto' : null,
        gap.lateByMs ?? null,
        gap.note ?? null,
        gap.detail ? JSON.stringify(gap.detail) : null,
      ],
    );
    return gapId;
  }

  /** The gap engine's `gap-opened`, appended to the gap's stream as the engine does. */
  async function openGapStream(childRef: string, gapId: string, municipality = '5001') {
    const data: GapOpenedV1 = {
      gapId,
      ruleId: 'health.discharge-follow-up',
      ruleVersion: 1,
      owner: 'health',
      legalBasis: 'hotjl §7-2a',
      evidence: ['00000000-0000-7000-8000-000000000001'],
      openedAt: '2026-03-16T14:00:00+01:00',
      dueAt: '2026-03-16T14:00:00+01:00',
    };
    const envelope = makeEnvelope({
      type: 'no.samvirke.coordination.gap-opened.v1',
      data,
      source: '/samvirke/coordination-service',
      subject: childRef,
      municipality,
      time: data.openedAt,
      recordedAt: new Date().toISOString(),
    });
    await store.appendToStream(`coordination-gap-${gapId}`, 0, [eventToAppend(envelope)]);
  }

  beforeAll(async () => {
    harness = await SectorHarness.start(
      (options) => createCoordinationApp({ ...options, projection: false, scheduler: false }),
      {
        role: 'coordinating-unit',
        topic: COORDINATION_TOPIC,
        name: 'coordination_api',
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
  });
  afterAll(async () => {
    await store?.close();
    await db?.end();
    await harness?.close();
  });

  const children: Record<'kari' | 'per' | 'astrid' | 'eri', string> = {
    kari: '',
    per: '',
    astrid: '',
    eri: '',
  };

  describe('enrolment', () => {
    it('enrols a child, answering the childRef, with the name only as ciphertext in the store', async () => {
      const answer = await post('/v1/children', 'unit', {
        personalId: kariPid,
        name: 'Kari Nordmann',
        municipality: '5001',
      });
      expect(answer.status).toBe(201);
      expect(answer.body).toEqual({
        eventId: expect.any(String),
        childRef: expect.stringMatching(/^c1_/),
      });
      children.kari = answer.body.childRef;
      const [enrolled] = await childEvents(children.kari);
      expect(enrolled).toMatchObject({
        eventId: answer.body.eventId,
        type: 'no.samvirke.coordination.child-enrolled.v1',
      });
      expect(enrolled.metadata).toMatchObject({ subject: children.kari, municipality: '5001' });
      expect(enrolled.data).toEqual({
        nameCiphertext: expect.stringMatching(/^pd1\./),
        birthDateCiphertext: expect.stringMatching(/^pd1\./),
        enrolledAt: expect.any(String),
      });
      const stored = JSON.stringify(await harness.storedEvents());
      expect(stored).not.toContain('Kari Nordmann');
      expect(stored).not.toContain(kariPid);
    });

    it('answers the same enrolment again with 200 and the first event id, appending nothing', async () => {
      const again = await post('/v1/children', 'unit', {
        personalId: kariPid,
        name: 'Kari Nordmann',
        municipality: '5001',
      });
      expect(again.status).toBe(200);
      expect(again.body).toEqual({
        eventId: (await childEvents(children.kari))[0].eventId,
        childRef: children.kari,
      });
      expect(await childEvents(children.kari)).toHaveLength(1);
    });

    it('refuses the same child under another name with 409', async () => {
      const answer = await post('/v1/children', 'unit', {
        personalId: kariPid,
        name: 'Kari Hansen',
        municipality: '5001',
      });
      expect(answer.status).toBe(409);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('refuses with 403 to enrol in another municipality than the caller’s', async () => {
      expect(
        (
          await post('/v1/children', 'unit', {
            personalId: perPid,
            name: 'Per',
            municipality: '4601',
          })
        ).status,
      ).toBe(403);
    });

    it('refuses with 409 to enrol a child already enrolled in another municipality', async () => {
      expect(
        (
          await post('/v1/children', 'bergen', {
            personalId: kariPid,
            name: 'Kari Nordmann',
            municipality: '4601',
          })
        ).status,
      ).toBe(409);
    });

    it('appends one enrolment for five identical requests at once, answering the others with 200', async () => {
      const [twin] = syntheticPersonalIds('coordination-e2e-concurrent', 1);
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          post('/v1/children', 'unit', {
            personalId: twin,
            name: 'Tvilling Nordmann',
            municipality: '5001',
          }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
      expect(new Set(answers.map((a) => a.body.eventId)).size).toBe(1);
      expect(await childEvents(answers[0].body.childRef)).toHaveLength(1);
    });

    it('enrols only for the coordinating unit', async () => {
      expect(
        (
          await post('/v1/children', 'kari', {
            personalId: perPid,
            name: 'Per',
            municipality: '5001',
          })
        ).status,
      ).toBe(403);
    });

    it('enrols the other children of the suite', async () => {
      for (const [who, personalId, name] of [
        ['per', perPid, 'Per Hansen'],
        ['astrid', astridPid, 'Astrid Berg'],
        ['eri', eriPid, 'Eri Lund'],
      ] as const) {
        const answer = await post('/v1/children', 'unit', {
          personalId,
          name,
          municipality: '5001',
        });
        expect(answer.status).toBe(201);
        children[who] = answer.body.childRef;
      }
    });
  });

  describe('coordinator', () => {
    it('records the family’s request for a coordinator, once', async () => {
      const first = await post(`/v1/children/${children.kari}/coordinator-requests`, 'unit', {
        requestedAt: '2026-03-01T10:00:00+01:00',
      });
      const again = await post(`/v1/children/${children.kari}/coordinator-requests`, 'unit', {
        requestedAt: '2026-03-01T09:00:00Z',
      });
      expect([first.status, again.status]).toEqual([201, 200]);
      expect(again.body.eventId).toBe(first.body.eventId);
    });

    it('assigns a coordinator (PUT), and answers a repeat with 200', async () => {
      const body = { coordinatorId: 'coord-kari', assignedAt: '2026-03-05T12:00:00+01:00' };
      const first = await call('PUT', `/v1/children/${children.kari}/coordinator`, 'unit', body);
      const again = await call('PUT', `/v1/children/${children.kari}/coordinator`, 'unit', body);
      expect([first.status, again.status]).toEqual([201, 200]);
      expect(first.body).toEqual({
        eventId: expect.any(String),
        childRef: children.kari,
        coordinatorId: 'coord-kari',
      });
      await call('PUT', `/v1/children/${children.eri}/coordinator`, 'unit', body);
      await call('PUT', `/v1/children/${children.per}/coordinator`, 'unit', {
        ...body,
        coordinatorId: 'coord-ola',
      });
    });

    it('refuses to assign the same coordinator again at another time with 409', async () => {
      const answer = await call('PUT', `/v1/children/${children.kari}/coordinator`, 'unit', {
        coordinatorId: 'coord-kari',
        assignedAt: '2026-03-06T12:00:00+01:00',
      });
      expect(answer.status).toBe(409);
    });

    it('lets only the coordinating unit assign', async () => {
      expect(
        (
          await call('PUT', `/v1/children/${children.kari}/coordinator`, 'kari', {
            coordinatorId: 'coord-ola',
            assignedAt: '2026-03-07T12:00:00+01:00',
          })
        ).status,
      ).toBe(403);
    });
  });

  describe('consent, plan and responsibility group', () => {
    const consent = {
      sectors: ['health'],
      givenBy: 'parent',
      givenAt: '2026-03-05T13:00:00+01:00',
      expiresAt: '2030-03-05T13:00:00+01:00',
    };
    let consentId = '';

    it('records a consent with a server-made id, and the same consent again as a repeat', async () => {
      const first = await post(`/v1/children/${children.kari}/consents`, 'kari', consent);
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        eventId: expect.any(String),
        childRef: children.kari,
        consentId: expect.any(String),
      });
      consentId = first.body.consentId;
      const again = await post(`/v1/children/${children.kari}/consents`, 'kari', consent);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
    });

    it('refuses consent from a coordinator the child is not assigned to (404: not theirs), and from the coordinating unit (403: the role)', async () => {
      expect((await post(`/v1/children/${children.kari}/consents`, 'ola', consent)).status).toBe(
        404,
      );
      expect((await post(`/v1/children/${children.kari}/consents`, 'unit', consent)).status).toBe(
        403,
      );
    });

    it('withdraws a consent, and refuses to withdraw it again or an unknown one with 409', async () => {
      const second = await post(`/v1/children/${children.kari}/consents`, 'kari', {
        ...consent,
        sectors: ['school'],
      });
      const withdrawn = await call(
        'DELETE',
        `/v1/children/${children.kari}/consents/${second.body.consentId}`,
        'kari',
      );
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toEqual({
        eventId: expect.any(String),
        childRef: children.kari,
        consentId: second.body.consentId,
        withdrawnAt: expect.any(String),
      });
      expect(
        (
          await call(
            'DELETE',
            `/v1/children/${children.kari}/consents/${second.body.consentId}`,
            'kari',
          )
        ).status,
      ).toBe(409);
      expect(
        (await call('DELETE', `/v1/children/${children.kari}/consents/no-such-consent`, 'kari'))
          .status,
      ).toBe(409);
      expect(consentId).not.toBe(second.body.consentId);
    });

    it('refuses a plan revision before the plan is established with 409', async () => {
      const answer = await post(`/v1/children/${children.kari}/individual-plan/revisions`, 'kari', {
        revisedAt: '2026-03-19T10:00:00+01:00',
        reviewDueAt: '2026-09-19T10:00:00+02:00',
      });
      expect(answer.status).toBe(409);
    });

    it('establishes the plan once, refusing a different second one with 409', async () => {
      const plan = {
        establishedAt: '2026-03-20T10:00:00+01:00',
        reviewDueAt: '2026-09-20T10:00:00+02:00',
      };
      const first = await post(`/v1/children/${children.kari}/individual-plan`, 'kari', plan);
      const again = await post(`/v1/children/${children.kari}/individual-plan`, 'kari', plan);
      const other = await post(`/v1/children/${children.kari}/individual-plan`, 'kari', {
        ...plan,
        establishedAt: '2026-03-21T10:00:00+01:00',
      });
      expect([first.status, again.status, other.status]).toEqual([201, 200, 409]);
    });

    it('revises the plan and records a responsibility group meeting', async () => {
      const revision = await post(
        `/v1/children/${children.kari}/individual-plan/revisions`,
        'kari',
        { revisedAt: '2026-06-15T10:00:00+02:00', reviewDueAt: '2026-12-15T10:00:00+01:00' },
      );
      const meeting = await post(
        `/v1/children/${children.kari}/responsibility-group-meetings`,
        'kari',
        { heldAt: '2026-04-02T14:00:00+02:00' },
      );
      expect([revision.status, meeting.status]).toEqual([201, 201]);
      const types = (await childEvents(children.kari)).map((event) =>
        event.type.replace('no.samvirke.coordination.', ''),
      );
      expect(types).toEqual([
        'child-enrolled.v1',
        'coordinator-requested.v1',
        'coordinator-assigned.v1',
        'consent-given.v1',
        'consent-given.v1',
        'consent-withdrawn.v1',
        'plan-established.v1',
        'plan-revised.v1',
        'responsibility-group-met.v1',
      ]);
    });

    it('honours an Idempotency-Key: the same key and body append once and answer alike', async () => {
      const body = { heldAt: '2026-05-02T14:00:00+02:00' };
      const first = await post(
        `/v1/children/${children.kari}/responsibility-group-meetings`,
        'kari',
        body,
        'meeting-key-1',
      );
      const again = await post(
        `/v1/children/${children.kari}/responsibility-group-meetings`,
        'kari',
        body,
        'meeting-key-1',
      );
      expect([first.status, again.status]).toEqual([201, 200]);
      expect(again.body).toEqual(first.body);
      expect(
        (
          await post(
            `/v1/children/${children.kari}/responsibility-group-meetings`,
            'kari',
            { heldAt: '2026-05-03T14:00:00+02:00' },
            'meeting-key-1',
          )
        ).status,
      ).toBe(409);
    });
  });

  describe('commands and access', () => {
    const childPaths = (childRef: string): Array<[string, string, unknown, Who]> => [
      [
        'POST',
        `/v1/children/${childRef}/coordinator-requests`,
        { requestedAt: '2026-03-02T10:00:00+01:00' },
        'unit',
      ],
      [
        'PUT',
        `/v1/children/${childRef}/coordinator`,
        { coordinatorId: 'coord-x', assignedAt: '2026-07-01T10:00:00+02:00' },
        'unit',
      ],
      [
        'POST',
        `/v1/children/${childRef}/individual-plan`,
        { establishedAt: '2026-03-20T10:00:00+01:00', reviewDueAt: '2026-09-20T10:00:00+02:00' },
        'kari',
      ],
      ['DELETE', `/v1/children/${childRef}`, undefined, 'unit'],
    ];

    it('answers 404 for commands on a child not enrolled', async () => {
      const unknown = (await post('/v1/children/lookup', 'unit', { personalId: unknownPid })).body
        .childRef;
      for (const [method, path, body, who] of childPaths(unknown))
        expect([method, path, (await call(method, path, who, body)).status]).toEqual([
          method,
          path,
          404,
        ]);
    });

    it('answers another municipality’s coordinating unit and coordinator as for a child not enrolled (404), and appends nothing', async () => {
      const before = (await childEvents(children.kari)).length;
      for (const [method, path, body, who] of childPaths(children.kari)) {
        const other: Who = who === 'unit' ? 'bergen' : 'bergenCoordinator';
        expect([method, (await call(method, path, other, body)).status]).toEqual([method, 404]);
      }
      expect(await childEvents(children.kari)).toHaveLength(before);
    });

    it('answers 404 for a coordinator on a child assigned to another: not theirs', async () => {
      expect(
        (
          await post(`/v1/children/${children.kari}/responsibility-group-meetings`, 'ola', {
            heldAt: '2026-04-03T14:00:00+02:00',
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await post(`/v1/children/${children.per}/responsibility-group-meetings`, 'ola', {
            heldAt: '2026-04-03T14:00:00+02:00',
          })
        ).status,
      ).toBe(201);
    });

    it('answers 403 for a sector system on the coordinator’s routes', async () => {
      expect(
        (
          await post(`/v1/children/${children.kari}/coordinator-requests`, 'hospital', {
            requestedAt: '2026-03-02T10:00:00+01:00',
          })
        ).status,
      ).toBe(403);
      expect((await get('/v1/children', 'hospital')).status).toBe(403);
    });

    it.each([
      [
        'a childRef that is not one',
        'POST',
        '/v1/children/not-a-ref/coordinator-requests',
        { requestedAt: '2026-03-02T10:00:00+01:00' },
        'childRef',
      ],
      [
        'a time without offset',
        'POST',
        '/v1/children/{kari}/coordinator-requests',
        { requestedAt: '2026-03-02T10:00:00' },
        'requestedAt',
      ],
      [
        'an unknown consent sector',
        'POST',
        '/v1/children/{kari}/consents',
        { sectors: ['police'], givenBy: 'parent', givenAt: '2026-03-05T13:00:00+01:00' },
        'sectors',
      ],
      [
        'an expiry before the consent',
        'POST',
        '/v1/children/{kari}/consents',
        {
          sectors: ['health'],
          givenBy: 'parent',
          givenAt: '2026-03-05T13:00:00+01:00',
          expiresAt: '2026-03-01T13:00:00+01:00',
        },
        'expiresAt',
      ],
      // Found by the property tests: null passed as "no expiry" and broke the decider (500).
      [
        'an expiry of null',
        'POST',
        '/v1/children/{kari}/consents',
        {
          sectors: ['health'],
          givenBy: 'parent',
          givenAt: '2026-03-05T13:00:00+01:00',
          expiresAt: null,
        },
        'expiresAt',
      ],
      [
        'a review before the plan',
        'POST',
        '/v1/children/{kari}/individual-plan',
        { establishedAt: '2026-03-20T10:00:00+01:00', reviewDueAt: '2026-03-01T10:00:00+01:00' },
        'reviewDueAt',
      ],
      [
        'a coordinator id with spaces',
        'PUT',
        '/v1/children/{kari}/coordinator',
        { coordinatorId: 'kari nordmann', assignedAt: '2026-03-05T12:00:00+01:00' },
        'coordinatorId',
      ],
      [
        'a blank name',
        'POST',
        '/v1/children',
        { personalId: perPid, name: '  ', municipality: '5001' },
        'name',
      ],
      [
        'an invalid personal id',
        'POST',
        '/v1/children',
        { personalId: '12345678901', name: 'X', municipality: '5001' },
        'personalId',
      ],
      [
        'a gap note missing',
        'POST',
        '/v1/gaps/6f1c4a52-2d0e-5b1a-9f3c-8a7d2e4b6c10/acknowledge',
        {},
        'note',
      ],
      ['a gap id that is not a UUID', 'POST', '/v1/gaps/gap-1/resolve', { note: 'done' }, 'gapId'],
    ])('answers %s with 400 naming the field', async (_name, method, path, body, field) => {
      const who: Who =
        method === 'PUT' ||
        path === '/v1/children' ||
        path.includes('coordinator-requests') ||
        path.includes('/gaps/')
          ? 'unit'
          : 'kari';
      const answer = await call(method, path.replace('{kari}', children.kari), who, body);
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field })]),
      );
    });
  });

  describe('gaps: acknowledge and resolve', () => {
    let gapId = '';

    beforeAll(async () => {
      gapId = gapIdOf(children.kari, 'health.discharge-follow-up:adm-1');
      await openGapStream(children.kari, gapId);
    });

    it('refuses another municipality, a coordinator not assigned and an unknown gap alike (404)', async () => {
      expect((await post(`/v1/gaps/${gapId}/acknowledge`, 'bergen', { note: 'x' })).status).toBe(
        404,
      );
      expect((await post(`/v1/gaps/${gapId}/acknowledge`, 'ola', { note: 'x' })).status).toBe(404);
      expect(
        (
          await post(`/v1/gaps/${gapIdOf(children.kari, 'nothing')}/acknowledge`, 'kari', {
            note: 'x',
          })
        ).status,
      ).toBe(404);
    });

    it('acknowledges an open gap once', async () => {
      const first = await post(`/v1/gaps/${gapId}/acknowledge`, 'kari', {
        note: 'Called the health nurse.',
      });
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        eventId: expect.any(String),
        childRef: children.kari,
        gapId,
        status: 'acknowledged',
      });
      expect((await post(`/v1/gaps/${gapId}/acknowledge`, 'kari', { note: 'again' })).status).toBe(
        409,
      );
    });

    it('resolves it by hand, recording how late, and refuses to resolve it again', async () => {
      const resolved = await post(`/v1/gaps/${gapId}/resolve`, 'unit', {
        note: 'Visit held; not registered.',
      });
      expect(resolved.status).toBe(201);
      const events = (await store.readStream(`coordination-gap-${gapId}`)).events;
      expect(events.map((e) => e.type)).toEqual([
        'no.samvirke.coordination.gap-opened.v1',
        'no.samvirke.coordination.gap-acknowledged.v2',
        'no.samvirke.coordination.gap-resolved.v2',
      ]);
      // The notes are kept sealed with the child's key, never in clear.
      const sealed = expect.stringMatching(/^pd1\./);
      expect(events[1].data).toEqual({
        gapId,
        acknowledgedAt: expect.any(String),
        by: 'coord-kari',
        noteCiphertext: sealed,
      });
      expect(events[2].data).toMatchObject({
        how: 'manual',
        by: 'ke-trondheim',
        noteCiphertext: sealed,
        lateByMs: expect.any(Number),
      });
      expect(JSON.stringify(events.map((e) => e.data))).not.toMatch(
        /Called the health nurse|Visit held/,
      );
      const cipher = new ChildDataCipher(
        new PostgresChildKeyring({
          pool: db,
          masterKeys: masterKeysFromEnv({
            SAMVIRKE_KEYRING_MASTER_KEY: harness.config.SAMVIRKE_KEYRING_MASTER_KEY,
          }),
        }),
      );
      const open = (data: unknown) =>
        cipher.decrypt(children.kari, (data as { noteCiphertext: string }).noteCiphertext, {
          context: gapNoteContext(children.kari, gapId),
        });
      expect([await open(events[1].data), await open(events[2].data)]).toEqual([
        'Called the health nurse.',
        'Visit held; not registered.',
      ]);
      expect(events[2].metadata).toMatchObject({ subject: children.kari, municipality: '5001' });
      expect((await post(`/v1/gaps/${gapId}/resolve`, 'unit', { note: 'again' })).status).toBe(409);
      expect((await post(`/v1/gaps/${gapId}/acknowledge`, 'unit', { note: 'late' })).status).toBe(
        409,
      );
    });
  });

  describe('reads', () => {
    beforeAll(async () => {
      await projectChild(children.kari, {
        coordinatorId: 'coord-kari',
        sectors: ['health', 'child-welfare', 'coordination'],
      });
      await projectChild(children.per, { coordinatorId: 'coord-ola', sectors: ['school'] });
      await projectChild(children.astrid, { sectors: ['health'] });
      await projectGap({
        childRef: children.kari,
        key: 'health.discharge-follow-up:adm-2',
        ruleId: 'health.discharge-follow-up',
        note: 'work note',
      });
      await projectGap({
        childRef: children.kari,
        key: 'health.discharge-summary:adm-2',
        ruleId: 'health.discharge-summary',
        status: 'resolved',
        lateByMs: 3_600_000,
        dueAt: '2026-03-17T13:00:00.000Z',
      });
      await projectGap({
        childRef: children.per,
        key: 'school.absence-follow-up:2026-03-02',
        ruleId: 'school.absence-follow-up',
        dueAt: '2026-03-12T23:00:00.000Z',
      });
      await projectGap({
        childRef: children.per,
        key: 'school.expert-assessment:ppt-1',
        ruleId: 'school.expert-assessment',
        status: 'resolved',
        lateByMs: 0,
        dueAt: '2026-03-18T13:00:00.000Z',
      });
      await projectGap({
        childRef: children.astrid,
        key: 'coordination.multi-sector:1',
        ruleId: 'coordination.multi-sector',
        dueAt: '2026-04-01T10:00:00.000Z',
        detail: { sectors: ['health', 'school'] },
      });
    });

    describe('lookup', () => {
      it('finds the childRef of a personal id sent in the body', async () => {
        expect((await post('/v1/children/lookup', 'kari', { personalId: kariPid })).body).toEqual({
          childRef: children.kari,
          enrolled: true,
        });
        const unknown = await post('/v1/children/lookup', 'unit', { personalId: unknownPid });
        expect(unknown.status).toBe(200);
        expect(unknown.body).toEqual({ childRef: expect.stringMatching(/^c1_/), enrolled: false });
      });

      it('never confirms to another municipality that a child is enrolled', async () => {
        expect((await post('/v1/children/lookup', 'bergen', { personalId: kariPid })).body).toEqual(
          { childRef: children.kari, enrolled: false },
        );
      });

      it('refuses an invalid personal id with 400 naming it, and auditors with 403', async () => {
        const answer = await post('/v1/children/lookup', 'unit', { personalId: '01010112345' });
        expect(answer.status).toBe(400);
        expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'personalId' })]);
        expect((await post('/v1/children/lookup', 'auditor', { personalId: kariPid })).status).toBe(
          403,
        );
      });
    });

    describe('children', () => {
      it('lists the municipality’s children for the coordinating unit, with names, coordinators and open gaps', async () => {
        const answer = await get('/v1/children', 'unit');
        expect(answer.status).toBe(200);
        const byRef = new Map(
          answer.body.children.map((c: { childRef: string }) => [c.childRef, c]),
        );
        expect(byRef.get(children.kari)).toMatchObject({
          name: 'Kari Nordmann',
          coordinatorId: 'coord-kari',
          openGaps: 1,
        });
        expect(byRef.get(children.per)).toMatchObject({
          name: 'Per Hansen',
          coordinatorId: 'coord-ola',
          openGaps: 1,
        });
        expect(byRef.get(children.astrid)).toMatchObject({
          name: 'Astrid Berg',
          coordinatorId: null,
          openGaps: 1,
        });
        expect(answer.body.nextCursor).toBeNull();
      });

      it('lists only a coordinator’s own caseload', async () => {
        expect(
          (await get('/v1/children', 'kari')).body.children.map(
            (c: { childRef: string }) => c.childRef,
          ),
        ).toEqual([children.kari]);
        expect(
          (await get('/v1/children', 'ola')).body.children.map(
            (c: { childRef: string }) => c.childRef,
          ),
        ).toEqual([children.per]);
      });

      it('lists nothing of this municipality to another', async () => {
        expect((await get('/v1/children', 'bergen')).body).toEqual({
          children: [],
          nextCursor: null,
        });
        expect((await get('/v1/children', 'bergenCoordinator')).body.children).toEqual([]);
      });

      it('pages the list with an opaque cursor', async () => {
        const seen: string[] = [];
        let path = '/v1/children?limit=2';
        for (let page = 0; page < 5; page++) {
          const answer = await get(path, 'unit');
          seen.push(...answer.body.children.map((c: { childRef: string }) => c.childRef));
          if (!answer.body.nextCursor) break;
          path = `/v1/children?limit=2&cursor=${answer.body.nextCursor}`;
        }
        expect(seen).toEqual([children.kari, children.per, children.astrid].sort());
      });

      it('shows the summary to the coordinating unit and the child’s coordinator', async () => {
        for (const who of ['unit', 'kari'] as const) {
          const answer = await get(`/v1/children/${children.kari}`, who);
          expect(answer.status).toBe(200);
          expect(answer.body).toMatchObject({
            childRef: children.kari,
            erased: false,
            name: 'Kari Nordmann',
            coordinator: { coordinatorId: 'coord-kari', assignedAt: '2026-03-05T12:00:00+01:00' },
            consentCovers: ['health'],
            plan: {
              establishedAt: '2026-03-20T10:00:00+01:00',
              reviewDueAt: '2026-12-15T10:00:00+01:00',
              revisions: 1,
            },
            // Child welfare is involved, but without a basis the summary does not say so.
            sectors: ['health', 'coordination'],
            restrictedSectors: [],
            openGaps: [
              expect.objectContaining({ ruleId: 'health.discharge-follow-up', status: 'open' }),
            ],
          });
          expect(answer.body.consents).toEqual([
            expect.objectContaining({ sectors: ['health'], inForce: true }),
            expect.objectContaining({
              sectors: ['school'],
              inForce: false,
              withdrawnAt: expect.any(String),
            }),
          ]);
        }
      });

      it('answers 404 to another municipality, a coordinator of another caseload, and for an unknown child', async () => {
        for (const who of ['bergen', 'bergenCoordinator', 'ola'] as const) {
          expect([who, (await get(`/v1/children/${children.kari}`, who)).status]).toEqual([
            who,
            404,
          ]);
          expect([who, (await get(`/v1/children/${children.kari}/timeline`, who)).status]).toEqual([
            who,
            404,
          ]);
        }
        const unknown = (await post('/v1/children/lookup', 'unit', { personalId: unknownPid })).body
          .childRef;
        expect((await get(`/v1/children/${unknown}`, 'unit')).status).toBe(404);
        expect((await get(`/v1/children/${children.kari}`, 'auditor')).status).toBe(403);
      });
    });

    describe('timeline', () => {
      const ids: Record<string, string> = {};

      beforeAll(async () => {
        ids['health'] = await projectEntry(
          children.kari,
          'health',
          '2026-03-12T12:00:00Z',
          { kind: 'health-nurse', admissionId: 'adm-2' },
          'Follow-up contact',
        );
        ids['childWelfare'] = await projectEntry(
          children.kari,
          'child-welfare',
          '2026-03-13T12:00:00Z',
          { reporter: 'school' },
          'Concern report received',
        );
        ids['coordination'] = await projectEntry(
          children.kari,
          'coordination',
          '2026-03-01T08:00:00Z',
          { nameCiphertext: 'pd1.secret', enrolledAt: '2026-03-01T08:00:00Z' },
          'Child enrolled',
        );
        for (let day = 1; day <= 5; day++)
          await projectEntry(children.kari, 'health', `2026-04-0${day}T12:00:00Z`, {
            kind: 'gp',
            day,
          });
        await projectEntry(children.per, 'health', '2026-03-12T12:00:00Z', { kind: 'gp' });
      });

      const entry = (
        body: { entries: Array<{ eventId: string; details?: unknown }> },
        id: string,
      ) => body.entries.find((e) => e.eventId === id);

      it('shows health details under the health consent, nothing of child welfare without a basis, coordination in full', async () => {
        const answer = await get(`/v1/children/${children.kari}/timeline`, 'kari');
        expect(answer.status).toBe(200);
        expect(entry(answer.body, ids['health'])).toEqual({
          eventId: ids['health'],
          type: 'no.samvirke.health.follow-up-recorded.v1',
          sector: 'health',
          occurredAt: '2026-03-12T12:00:00.000Z',
          recordedAt: '2026-03-12T12:00:00.000Z',
          summary: 'Follow-up contact',
          municipality: '5001',
          details: { kind: 'health-nurse', admissionId: 'adm-2' },
        });
        expect(entry(answer.body, ids['childWelfare'])).toBeUndefined();
        expect(JSON.stringify(answer.body)).not.toMatch(/child-?welfare|Concern report/);
        expect(answer.body.restrictedSectors).toEqual([]);
        expect(entry(answer.body, ids['coordination'])).toMatchObject({
          details: { enrolledAt: '2026-03-01T08:00:00Z' },
        });
        expect(JSON.stringify(answer.body)).not.toContain('pd1.secret');
      });

      it('hides a sector’s entries at once when its consent is withdrawn, leaving its lane mark, and shows them with a new consent', async () => {
        const consents = (await get(`/v1/children/${children.kari}`, 'kari')).body
          .consents as Array<{ consentId: string; inForce: boolean }>;
        const health = consents.find((c) => c.inForce)!; // eslint-disable-line @typescript-eslint/no-non-null-assertion
        expect(
          (
            await call(
              'DELETE',
              `/v1/children/${children.kari}/consents/${health.consentId}`,
              'kari',
            )
          ).status,
        ).toBe(200);
        const hidden = await get(`/v1/children/${children.kari}/timeline`, 'kari');
        expect(entry(hidden.body, ids['health'])).toBeUndefined();
        expect(hidden.body.entries.map((e: { sector: string }) => e.sector)).toEqual([
          'coordination',
        ]);
        expect(hidden.body.restrictedSectors).toEqual(['health']);
        expect(JSON.stringify(hidden.body)).not.toMatch(/health-nurse|Follow-up contact/);

        const given = await post(`/v1/children/${children.kari}/consents`, 'kari', {
          sectors: ['health', 'child-welfare'],
          givenBy: 'child',
          givenAt: '2026-04-10T10:00:00+02:00',
        });
        expect(given.status).toBe(201);
        const shown = await get(`/v1/children/${children.kari}/timeline`, 'unit');
        expect(entry(shown.body, ids['health'])?.details).toEqual({
          kind: 'health-nurse',
          admissionId: 'adm-2',
        });
        expect(entry(shown.body, ids['childWelfare'])).toHaveProperty('details', {
          reporter: 'school',
        });
        expect(shown.body.restrictedSectors).toEqual([]);
      });

      it('pages newest first with an opaque cursor, every entry once', async () => {
        const pages: string[][] = [];
        let path = `/v1/children/${children.kari}/timeline?limit=3`;
        for (let page = 0; page < 10 && path; page++) {
          const answer = await get(path, 'kari');
          expect(answer.status).toBe(200);
          pages.push(answer.body.entries.map((e: { occurredAt: string }) => e.occurredAt));
          path = answer.body.nextCursor
            ? `/v1/children/${children.kari}/timeline?limit=3&cursor=${answer.body.nextCursor}`
            : '';
        }
        expect(pages.map((p) => p.length)).toEqual([3, 3, 2]);
        const all = pages.flat();
        expect(all).toEqual([...all].sort().reverse());
        expect(new Set(all).size).toBe(8);
      });

      it('filters by sector and time; a date bound takes the whole day in Norway', async () => {
        const health = await get(
          `/v1/children/${children.kari}/timeline?sector=health&from=2026-04-02&to=2026-04-04`,
          'kari',
        );
        expect(health.body.entries.map((e: { occurredAt: string }) => e.occurredAt)).toEqual([
          '2026-04-04T12:00:00.000Z',
          '2026-04-03T12:00:00.000Z',
          '2026-04-02T12:00:00.000Z',
        ]);
        const welfare = await get(
          `/v1/children/${children.kari}/timeline?sector=child-welfare&from=2026-03-13T12:00:00%2B00:00`,
          'kari',
        );
        expect(welfare.body.entries.map((e: { eventId: string }) => e.eventId)).toEqual([
          ids['childWelfare'],
        ]);
      });

      it.each([
        ['sector=police', 'sector'],
        ['from=yesterday', 'from'],
        ['to=2026-02-30', 'to'],
        ['from=2026-04-05&to=2026-04-01', 'to'],
        ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
        ['from=0000-01-01', 'from'],
        ['to=1899-06-30T12:00:00Z', 'to'],
        ['from=%00', 'from'],
        [
          `cursor=${Buffer.from(JSON.stringify(['2026-13-45T25:61:00.000000Z', 'e'])).toString('base64url')}`,
          'cursor',
        ],
        [
          `cursor=${Buffer.from(JSON.stringify(['0000-01-01T00:00:00.000000Z', 'e'])).toString('base64url')}`,
          'cursor',
        ],
        [
          `cursor=${Buffer.from(JSON.stringify(['2026-03-02T07:15:00.123456Z', 'e\u0000'])).toString('base64url')}`,
          'cursor',
        ],
        ['limit=0', 'limit'],
        ['limit=abc', 'limit'],
        ['page=2', 'page'],
      ])('answers ?%s with 400 naming %s', async (query, field) => {
        const answer = await get(`/v1/children/${children.kari}/timeline?${query}`, 'kari');
        expect(answer.status).toBe(400);
        expect(answer.body.errors).toEqual(
          expect.arrayContaining([expect.objectContaining({ field })]),
        );
      });
    });

    describe('gap lists', () => {
      // A restricted gap (no consent for its sector) names no rule, only its sector.
      const gapRefs = (answer: Answer) =>
        answer.body.gaps.map(
          (g: { childRef: string; ruleId?: string; sector?: string }) =>
            `${g.childRef === children.kari ? 'kari' : g.childRef === children.per ? 'per' : 'astrid'}:${g.ruleId ?? `restricted ${g.sector}`}`,
        );

      it('lists the municipality’s gaps for the coordinating unit, oldest deadline first, in the contract’s shape', async () => {
        const answer = await get('/v1/gaps', 'unit');
        expect(answer.status).toBe(200);
        expect(gapRefs(answer)).toEqual([
          'per:restricted school',
          'kari:health.discharge-follow-up',
          'kari:health.discharge-summary',
          'per:restricted school',
          'astrid:coordination.multi-sector',
        ]);
        // Per has no consent for school: only that a deadline there has passed.
        expect(answer.body.gaps[0]).toEqual({
          gapId: gapIdOf(children.per, 'school.absence-follow-up:2026-03-02'),
          childRef: children.per,
          restricted: true,
          sector: 'school',
          status: 'open',
          owner: 'health',
          openedAt: '2026-03-12T23:00:00.000Z',
          dueAt: '2026-03-12T23:00:00.000Z',
          escalated: false,
        });
        expect(answer.body.gaps[1]).toMatchObject({
          gapId: expect.any(String),
          childRef: children.kari,
          ruleId: 'health.discharge-follow-up',
          ruleVersion: 1,
          status: 'open',
          openedAt: '2026-03-16T13:00:00.000Z',
          dueAt: '2026-03-16T13:00:00.000Z',
          owner: 'health',
          legalBasis: 'hotjl §7-2a',
          evidence: ['00000000-0000-7000-8000-000000000001'],
          note: 'work note',
        });
        expect(answer.body.gaps[2]).toMatchObject({
          status: 'resolved',
          resolvedAt: '2026-03-20T10:00:00.000Z',
        });
      });

      it('filters by status, rule and child', async () => {
        expect(gapRefs(await get('/v1/gaps?status=open', 'unit'))).toEqual([
          'per:restricted school',
          'kari:health.discharge-follow-up',
          'astrid:coordination.multi-sector',
        ]);
        expect(gapRefs(await get('/v1/gaps?ruleId=health.discharge-summary', 'unit'))).toEqual([
          'kari:health.discharge-summary',
        ]);
        expect(
          gapRefs(await get(`/v1/gaps?childRef=${children.per}&status=resolved`, 'unit')),
        ).toEqual(['per:restricted school']);
        // Asked by a rule, a restricted gap does not answer: that would name its rule.
        expect(gapRefs(await get('/v1/gaps?ruleId=school.absence-follow-up', 'unit'))).toEqual([]);
      });

      it('lists only a coordinator’s caseload', async () => {
        expect(gapRefs(await get('/v1/gaps', 'kari'))).toEqual([
          'kari:health.discharge-follow-up',
          'kari:health.discharge-summary',
        ]);
        expect(gapRefs(await get(`/v1/gaps?childRef=${children.kari}`, 'ola'))).toEqual([]);
      });

      it('shows auditors the municipality’s gaps without the work notes', async () => {
        const answer = await get('/v1/gaps', 'auditor');
        expect(answer.body.gaps).toHaveLength(5);
        expect(JSON.stringify(answer.body)).not.toContain('work note');
      });

      it('shows another municipality none of them, even when asked for the child', async () => {
        for (const who of ['bergen', 'bergenAuditor', 'bergenCoordinator'] as const) {
          expect((await get(`/v1/gaps?childRef=${children.kari}`, who)).body).toEqual({
            gaps: [],
            nextCursor: null,
          });
          expect((await get('/v1/gaps', who)).body.gaps).toEqual([]);
        }
      });

      it('pages with an opaque cursor', async () => {
        const first = await get('/v1/gaps?limit=2', 'unit');
        const second = await get(`/v1/gaps?limit=2&cursor=${first.body.nextCursor}`, 'unit');
        const third = await get(`/v1/gaps?limit=2&cursor=${second.body.nextCursor}`, 'unit');
        expect([...gapRefs(first), ...gapRefs(second), ...gapRefs(third)]).toEqual(
          gapRefs(await get('/v1/gaps', 'unit')),
        );
        expect(third.body.nextCursor).toBeNull();
      });

      it.each([
        ['status=closed', 'status'],
        ['ruleId=health.nothing', 'ruleId'],
        ['childRef=kari', 'childRef'],
        ['cursor=abc', 'cursor'],
        [
          `cursor=${Buffer.from(JSON.stringify(['2026-02-30T07:15:00.123456Z', '01958a3c-1f2e-7c4a-9b1d-2f3e4a5b6c7d'])).toString('base64url')}`,
          'cursor',
        ],
        ['status=open&status=resolved', 'status'],
        ['limit=201', 'limit'],
        ['owner=health', 'owner'],
      ])('answers ?%s with 400 naming %s', async (query, field) => {
        const answer = await get(`/v1/gaps?${query}`, 'unit');
        expect(answer.status).toBe(400);
        expect(answer.body.errors).toEqual(
          expect.arrayContaining([expect.objectContaining({ field })]),
        );
      });
    });

    describe('statistics', () => {
      it('gives per rule: opened, open, resolved and the share resolved within the deadline, for the caller’s municipality', async () => {
        const answer = await get('/v1/statistics', 'auditor');
        expect(answer.status).toBe(200);
        expect(answer.body.municipality).toBe('5001');
        const rule = (id: string) =>
          answer.body.rules.find((r: { ruleId: string }) => r.ruleId === id);
        expect(answer.body.rules).toHaveLength(14);
        expect(rule('health.discharge-follow-up')).toEqual({
          ruleId: 'health.discharge-follow-up',
          opened: 1,
          open: 1,
          escalated: 0,
          resolved: 0,
          resolvedWithinDeadline: 0,
          withinDeadlinePercent: null,
        });
        expect(rule('health.discharge-summary')).toMatchObject({
          opened: 1,
          open: 0,
          resolved: 1,
          resolvedWithinDeadline: 0,
          withinDeadlinePercent: 0,
        });
        expect(rule('school.expert-assessment')).toMatchObject({
          opened: 1,
          resolved: 1,
          resolvedWithinDeadline: 1,
          withinDeadlinePercent: 100,
        });
        expect((await get('/v1/statistics', 'unit')).body).toEqual(answer.body);
      });

      it('shows another municipality nothing of these', async () => {
        const answer = await get('/v1/statistics', 'bergen');
        expect(answer.body.municipality).toBe('4601');
        expect(answer.body.rules.every((r: { opened: number }) => r.opened === 0)).toBe(true);
      });

      it('is for the coordinating unit and auditors only, and takes no parameters', async () => {
        expect((await get('/v1/statistics', 'kari')).status).toBe(403);
        const answer = await get('/v1/statistics?rule=x', 'unit');
        expect(answer.status).toBe(400);
        expect(answer.body.errors).toEqual([expect.objectContaining({ field: 'rule' })]);
      });
    });
  });

  describe('erasure', () => {
    it('is for the coordinating unit of the child’s municipality', async () => {
      expect((await call('DELETE', `/v1/children/${children.eri}`, 'kari')).status).toBe(403);
      expect((await call('DELETE', `/v1/children/${children.eri}`, 'bergen')).status).toBe(404);
    });

    it('records child-erased and forgets the child’s key, so the name in the store can no longer be read', async () => {
      await projectChild(children.eri, { coordinatorId: 'coord-kari' });
      expect((await get(`/v1/children/${children.eri}`, 'kari')).body.name).toBe('Eri Lund');
      const answer = await call('DELETE', `/v1/children/${children.eri}`, 'unit');
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        eventId: expect.any(String),
        childRef: children.eri,
        erasedAt: expect.any(String),
      });
      const events = await childEvents(children.eri);
      expect(events[events.length - 1]).toMatchObject({
        type: 'no.samvirke.coordination.child-erased.v1',
        eventId: answer.body.eventId,
      });

      const keyring = new PostgresChildKeyring({
        pool: db,
        masterKeys: masterKeysFromEnv({
          SAMVIRKE_KEYRING_MASTER_KEY: harness.config.SAMVIRKE_KEYRING_MASTER_KEY,
        }),
      });
      const { nameCiphertext } = events[0].data as { nameCiphertext: string };
      await expect(
        new ChildDataCipher(keyring).decrypt(children.eri, nameCiphertext, {
          context: childNameContext(children.eri),
        }),
      ).rejects.toBeInstanceOf(ForgottenError);
    });

    it('leaves the name unreadable through every endpoint', async () => {
      const summary = await get(`/v1/children/${children.eri}`, 'unit');
      expect(summary.body).toEqual({
        childRef: children.eri,
        erased: true,
        erasedAt: expect.any(String),
        name: null,
        coordinator: expect.objectContaining({ coordinatorId: 'coord-kari' }),
      });
      // The projection is off here: its row still holds the ciphertext, and the list still cannot open it.
      const listed = (await get('/v1/children', 'unit')).body.children.find(
        (c: { childRef: string }) => c.childRef === children.eri,
      );
      expect(listed?.name ?? null).toBeNull();
      expect((await post('/v1/children/lookup', 'unit', { personalId: eriPid })).body).toEqual({
        childRef: children.eri,
        enrolled: true,
        erased: true,
      });
      for (const who of ['unit', 'kari'] as const) {
        const everything = [
          await get(`/v1/children/${children.eri}`, who),
          await get(`/v1/children/${children.eri}/timeline`, who),
          await get('/v1/children', who),
          await get('/v1/gaps', who),
        ].map((a) => JSON.stringify(a.body));
        expect(everything.join('\n')).not.toContain('Eri Lund');
      }
    });

    it('refuses every command after erasure with 409, enrolment too', async () => {
      const ref = children.eri;
      const answers = await Promise.all([
        post('/v1/children', 'unit', {
          personalId: eriPid,
          name: 'Eri Lund',
          municipality: '5001',
        }),
        post(`/v1/children/${ref}/coordinator-requests`, 'unit', {
          requestedAt: '2026-03-02T10:00:00+01:00',
        }),
        call('PUT', `/v1/children/${ref}/coordinator`, 'unit', {
          coordinatorId: 'coord-ola',
          assignedAt: '2026-08-01T10:00:00+02:00',
        }),
        post(`/v1/children/${ref}/consents`, 'kari', {
          sectors: ['health'],
          givenBy: 'parent',
          givenAt: '2026-03-05T13:00:00+01:00',
        }),
        post(`/v1/children/${ref}/individual-plan`, 'kari', {
          establishedAt: '2026-03-20T10:00:00+01:00',
          reviewDueAt: '2026-09-20T10:00:00+02:00',
        }),
        post(`/v1/children/${ref}/responsibility-group-meetings`, 'kari', {
          heldAt: '2026-04-02T14:00:00+02:00',
        }),
        call('DELETE', `/v1/children/${ref}`, 'unit'),
      ]);
      expect(answers.map((a) => a.status)).toEqual([409, 409, 409, 409, 409, 409, 409]);
    });
  });

  it('never lets a personal id or a child’s name reach the logs', async () => {
    const logs = harness.logs.text();
    expect(harness.logs.lines.length).toBeGreaterThan(10);
    for (const secret of [kariPid, perPid, eriPid, 'Kari Nordmann', 'Eri Lund'])
      expect(logs).not.toContain(secret);
  });

  it('serves health and the OpenAPI document with every route of the contract', async () => {
    expect((await harness.get('/health/ready')).status).toBe(200);
    const docs = JSON.parse((await harness.get('/docs-json')).body);
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining([
        '/v1/children/lookup',
        '/v1/children',
        '/v1/children/{childRef}',
        '/v1/children/{childRef}/timeline',
        '/v1/gaps',
        '/v1/gaps/{gapId}/acknowledge',
        '/v1/gaps/{gapId}/resolve',
        '/v1/children/{childRef}/coordinator-requests',
        '/v1/children/{childRef}/coordinator',
        '/v1/children/{childRef}/consents',
        '/v1/children/{childRef}/consents/{consentId}',
        '/v1/children/{childRef}/individual-plan',
        '/v1/children/{childRef}/individual-plan/revisions',
        '/v1/children/{childRef}/responsibility-group-meetings',
        '/v1/statistics',
      ]),
    );
  });
});
