import {
  COORDINATION_TOPIC,
  HEALTH_TOPIC,
  makeEnvelope,
  toKafkaMessage,
} from '@samvirke/contracts';
import { birthDateOf, syntheticPersonalIds } from '@samvirke/identity';
import { KafkaTransport, silentLogger } from '@samvirke/messaging';
import { signDemoToken, TEST_JWT_SECRET, type Role } from '@samvirke/platform';
import { createTopics, eventually, testKafkaBrokers, uniqueTopic } from '@samvirke/testing';
import { SectorHarness } from '@samvirke/write-side/testing';
import { Pool } from 'pg';
import { createCoordinationApp } from '../src';

// The whole coordination service on real PostgreSQL and Kafka: commands go through the event
// store and the relay to the topic, the projection (with the gap engine and its scheduler)
// brings them and a sector's events into the read model, and the read API shows them.
describe('coordination-service API with its projection', () => {
  const [personalId] = syntheticPersonalIds('coordination-projection-e2e', 1);
  const healthTopic = uniqueTopic(HEALTH_TOPIC);
  let harness: SectorHarness;
  let db: Pool;
  let health: KafkaTransport;
  let childRef = '';

  const callers: Record<string, { sub: string; roles: Role[]; municipality: string }> = {
    unit: { sub: 'ke-trondheim', roles: ['coordinating-unit'], municipality: '5001' },
    kari: { sub: 'coord-kari', roles: ['coordinator'], municipality: '5001' },
    auditor: { sub: 'auditor-1', roles: ['auditor'], municipality: '5001' },
  };
  type Who = keyof typeof callers;
  const tokens = new Map<Who, string>();

  const call = (method: string, path: string, who: Who, body?: unknown) =>
    harness.request(method, path, { token: tokens.get(who), body });
  const get = (path: string, who: Who) => call('GET', path, who);
  const post = (path: string, who: Who, body: unknown) => call('POST', path, who, body);

  const gapOf = async (ruleId: string, who: Who = 'unit') => {
    const answer = await get(`/v1/gaps?ruleId=${ruleId}`, who);
    expect(answer.body.gaps).toHaveLength(1);
    return answer.body.gaps[0];
  };

  beforeAll(async () => {
    await createTopics(testKafkaBrokers(), [healthTopic], 3);
    harness = await SectorHarness.start(
      (options) =>
        createCoordinationApp({
          ...options,
          projection: {
            topics: [options.topic ?? COORDINATION_TOPIC, healthTopic],
            groupId: uniqueTopic('coordination-e2e-group'),
          },
          scheduler: { pollIntervalMs: 200 },
        }),
      { role: 'coordinating-unit', topic: COORDINATION_TOPIC, name: 'coordination_projection' },
    );
    db = new Pool({ connectionString: harness.config.DATABASE_URL, max: 2 });
    health = new KafkaTransport({
      brokers: testKafkaBrokers(),
      clientId: 'health-e2e',
      logger: silentLogger,
    });
    for (const [who, claims] of Object.entries(callers))
      tokens.set(who as Who, await signDemoToken(claims, TEST_JWT_SECRET, '1h'));
  });
  afterAll(async () => {
    await health?.close();
    await db?.end();
    await harness?.close();
  });

  it('lists an enrolled child once projected, with the name opened by the child’s key and the birth date for the transition rule', async () => {
    const enrolled = await post('/v1/children', 'unit', {
      personalId,
      name: 'Kari Nordmann',
      municipality: '5001',
    });
    expect(enrolled.status).toBe(201);
    childRef = enrolled.body.childRef;
    await eventually(async () => {
      const listed = await get('/v1/children', 'unit');
      expect(listed.body.children).toEqual([
        expect.objectContaining({
          childRef,
          name: 'Kari Nordmann',
          coordinatorId: null,
          openGaps: 0,
        }),
      ]);
    });
    const { rows } = await db.query(
      `SELECT facts->'birth'->>'date' AS birth, name, name_ciphertext FROM read_model.children WHERE child_ref = $1`,
      [childRef],
    );
    expect(rows[0]).toEqual({
      birth: birthDateOf(personalId),
      name: null,
      name_ciphertext: expect.stringMatching(/^pd1\./),
    });
  });

  it('opens the coordinator-request gap the engine finds, lets it be acknowledged, and resolves it when a coordinator is assigned', async () => {
    expect(
      (
        await post(`/v1/children/${childRef}/coordinator-requests`, 'unit', {
          requestedAt: '2026-09-01T10:00:00+02:00',
        })
      ).status,
    ).toBe(201);
    // Waiting for a coordinator: the dashboard's list of children who asked and have none.
    await eventually(async () => {
      const waiting = (await get('/v1/children?waitingForCoordinator=true', 'unit')).body.children;
      expect(
        waiting.map((c: { childRef: string; waitingForCoordinatorSince: string }) => [
          c.childRef,
          Date.parse(c.waitingForCoordinatorSince),
        ]),
      ).toEqual([[childRef, Date.parse('2026-09-01T10:00:00+02:00')]]);
    });
    expect((await get('/v1/children?waitingForCoordinator=maybe', 'unit')).body.errors).toEqual([
      expect.objectContaining({ field: 'waitingForCoordinator' }),
    ]);
    const gap = await eventually(() => gapOf('coordination.coordinator-request'));
    expect(gap).toMatchObject({
      childRef,
      status: 'open',
      owner: 'coordinating-unit',
      dueAt: '2026-10-01T08:00:00.000Z',
      evidence: [expect.any(String)],
    });

    // The engine's gap-opened reaches the gap's stream through the outbox; then people may act on it.
    const acknowledged = await eventually(async () => {
      const answer = await post(`/v1/gaps/${gap.gapId}/acknowledge`, 'unit', {
        note: 'Finding a coordinator.',
      });
      expect(answer.status).toBe(201);
      return answer;
    });
    expect(acknowledged.body).toMatchObject({ gapId: gap.gapId, status: 'acknowledged' });
    await eventually(async () =>
      expect(await gapOf('coordination.coordinator-request')).toMatchObject({
        status: 'acknowledged',
        acknowledgedBy: 'ke-trondheim',
        note: 'Finding a coordinator.',
      }),
    );

    expect(
      (
        await call('PUT', `/v1/children/${childRef}/coordinator`, 'unit', {
          coordinatorId: 'coord-kari',
          assignedAt: '2026-11-02T12:00:00+01:00',
        })
      ).status,
    ).toBe(201);
    await eventually(async () =>
      expect(await gapOf('coordination.coordinator-request')).toMatchObject({
        status: 'resolved',
        resolution: 'auto',
      }),
    );
    expect((await get('/v1/children?waitingForCoordinator=true', 'unit')).body.children).toEqual(
      [],
    );
    expect((await get('/v1/children', 'kari')).body.children).toEqual([
      expect.objectContaining({ childRef, coordinatorId: 'coord-kari' }),
    ]);
  });

  it('shows a sector’s entry on the timeline only while a consent covers the sector, else only its lane mark', async () => {
    const discharge = makeEnvelope({
      type: 'no.samvirke.health.discharge-recorded.v1',
      data: {
        admissionId: 'adm-1',
        dischargedAt: '2026-09-10T14:00:00+02:00',
        followUpNeeded: true,
        destination: 'home',
      },
      source: '/samvirke/health-service',
      subject: childRef,
      municipality: '5001',
      time: '2026-09-10T14:00:00+02:00',
      recordedAt: '2026-09-10T14:05:00+02:00',
    });
    await health.publish(healthTopic, [toKafkaMessage(discharge)]);
    const healthOf = async () =>
      (await get(`/v1/children/${childRef}/timeline?sector=health`, 'kari')).body;
    // Without consent: that health is involved, nothing of what it recorded.
    await eventually(
      async () =>
        expect(await healthOf()).toEqual({
          entries: [],
          nextCursor: null,
          restrictedSectors: ['health'],
        }),
      { intervalMs: 200 },
    );

    const consent = await post(`/v1/children/${childRef}/consents`, 'kari', {
      sectors: ['health'],
      givenBy: 'parent',
      givenAt: '2026-11-03T10:00:00+01:00',
    });
    const shown = await healthOf();
    expect(shown.restrictedSectors).toEqual([]);
    expect(shown.entries).toEqual([
      expect.objectContaining({
        eventId: discharge.id,
        type: discharge.type,
        sector: 'health',
        details: discharge.data,
      }),
    ]);
    expect(
      (await call('DELETE', `/v1/children/${childRef}/consents/${consent.body.consentId}`, 'kari'))
        .status,
    ).toBe(200);
    expect((await healthOf()).entries).toEqual([]);

    const coordination = (
      await get(`/v1/children/${childRef}/timeline?sector=coordination`, 'kari')
    ).body.entries;
    expect(coordination.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(coordination)).not.toMatch(/pd1\./);
  });

  it('opens the discharge gaps, lets the coordinator resolve one by hand, and counts them in the figures', async () => {
    // Without consent for health the gaps are there, but only as deadlines passed in health.
    const restricted = await eventually(
      async () => {
        const listed = (await get('/v1/gaps?sector=health', 'kari')).body.gaps;
        expect(listed).toHaveLength(2);
        return listed;
      },
      { intervalMs: 200 },
    );
    expect(
      restricted.every(
        (gap: { restricted?: boolean; ruleId?: string }) =>
          gap.restricted && gap.ruleId === undefined,
      ),
    ).toBe(true);
    expect(
      (
        await post(`/v1/children/${childRef}/consents`, 'kari', {
          sectors: ['health'],
          givenBy: 'parent',
          givenAt: '2026-11-04T10:00:00+01:00',
        })
      ).status,
    ).toBe(201);
    const followUp = await eventually(() => gapOf('health.discharge-follow-up', 'kari'));
    expect(followUp).toMatchObject({ status: 'open', owner: 'health', childRef });
    const summary = await eventually(() => gapOf('health.discharge-summary', 'kari'));

    // The filters of the coordinating unit's gap list: sector, coordinator, and not yet resolved.
    const ids = async (query: string, who: Who = 'unit') =>
      ((await get(`/v1/gaps?${query}`, who)).body.gaps as Array<{ gapId: string }>)
        .map((g) => g.gapId)
        .sort();
    const healthGaps = [followUp.gapId, summary.gapId].sort();
    expect(await ids('sector=health&status=unresolved')).toEqual(healthGaps);
    expect(await ids('sector=school')).toEqual([]);
    expect(await ids('sector=health&coordinatorId=coord-kari')).toEqual(healthGaps);
    expect(await ids('sector=health&coordinatorId=coord-ola')).toEqual([]);
    // A coordinator sees their own caseload, whoever they name.
    expect(await ids('sector=health&coordinatorId=coord-ola', 'kari')).toEqual(healthGaps);
    expect((await get('/v1/gaps?sector=police', 'unit')).body.errors).toEqual([
      expect.objectContaining({ field: 'sector' }),
    ]);
    // The caseload's order comes from the child's unresolved gaps: how many, how many escalated, the oldest deadline.
    const [listed] = (await get('/v1/children', 'kari')).body.children;
    expect(listed).toMatchObject({
      childRef,
      openGaps: 2,
      oldestDueAt: [followUp.dueAt, summary.dueAt].sort()[0],
    });
    expect(listed.escalatedGaps).toBe([followUp, summary].filter((g) => g.escalated).length);

    await eventually(async () => {
      const answer = await post(`/v1/gaps/${followUp.gapId}/resolve`, 'kari', {
        note: 'Home visit held on paper.',
      });
      expect(answer.status).toBe(201);
    });
    await eventually(async () =>
      expect(await gapOf('health.discharge-follow-up', 'kari')).toMatchObject({
        status: 'resolved',
        resolution: 'manual',
        resolvedBy: 'coord-kari',
      }),
    );

    const figures = (await get('/v1/statistics', 'auditor')).body.rules as Array<{
      ruleId: string;
      opened: number;
      open: number;
      resolved: number;
    }>;
    const rule = (id: string) => figures.find((r) => r.ruleId === id);
    expect(rule('coordination.coordinator-request')).toMatchObject({
      opened: 1,
      open: 0,
      resolved: 1,
    });
    expect(rule('health.discharge-follow-up')).toMatchObject({ opened: 1, open: 0, resolved: 1 });
    expect(rule('health.discharge-summary')).toMatchObject({ opened: 1, open: 1, resolved: 0 });
  });

  it('forgets the child at erasure: no name anywhere, and the read model lets go of it', async () => {
    expect((await call('DELETE', `/v1/children/${childRef}`, 'unit')).status).toBe(200);
    expect((await get(`/v1/children/${childRef}`, 'unit')).body).toMatchObject({
      erased: true,
      name: null,
    });
    await eventually(async () =>
      expect((await get('/v1/children', 'unit')).body.children).toEqual([]),
    );
    const { rows } = await db.query(
      `SELECT name, name_ciphertext, erased_at FROM read_model.children WHERE child_ref = $1`,
      [childRef],
    );
    expect(rows[0]).toEqual({ name: null, name_ciphertext: null, erased_at: expect.any(Date) });
    const everything = await Promise.all([
      get(`/v1/children/${childRef}`, 'unit'),
      get(`/v1/children/${childRef}/timeline`, 'kari'),
      get('/v1/gaps', 'unit'),
    ]);
    expect(JSON.stringify(everything.map((a) => a.body))).not.toContain('Kari Nordmann');
  });
});
