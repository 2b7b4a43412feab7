import { HEALTH_TOPIC } from '@samvirke/contracts';
import { syntheticPersonalIds } from '@samvirke/identity';
import { signDemoToken, TEST_JWT_SECRET } from '@samvirke/platform';
import { SectorHarness, expectRefused, type RefusedWrite } from '@samvirke/write-side/testing';
import { CloudEvent, Kafka as CloudEventsKafka } from 'cloudevents';
import { createHealthApp } from '../src';

// The health service through HTTP, on real PostgreSQL and the real Kafka broker.
describe('health-service API', () => {
  const [personalId, otherPersonalId] = syntheticPersonalIds('health-e2e', 2);
  let harness: SectorHarness;

  beforeAll(async () => {
    harness = await SectorHarness.start(createHealthApp, {
      role: 'sector:health',
      topic: HEALTH_TOPIC,
      name: 'health_e2e',
    });
  });
  afterAll(() => harness.close());

  const happyPath: Array<[string, string, object, string]> = [
    [
      'an admission',
      '/v1/admissions',
      {
        admissionId: 'A-1',
        personalId,
        municipality: '5001',
        facility: 'St. Olavs hospital',
        kind: 'inpatient',
        admittedAt: '2026-03-02T08:15:00+01:00',
      },
      'no.samvirke.health.admission-recorded.v1',
    ],
    [
      'a discharge',
      '/v1/admissions/A-1/discharge',
      { dischargedAt: '2026-03-09T14:00:00+01:00', followUpNeeded: true, destination: 'home' },
      'no.samvirke.health.discharge-recorded.v1',
    ],
    [
      'a discharge summary',
      '/v1/admissions/A-1/discharge-summary',
      { sentAt: '2026-03-10T09:00:00+01:00' },
      'no.samvirke.health.discharge-summary-sent.v1',
    ],
    [
      'a follow-up',
      '/v1/follow-ups',
      {
        followUpId: 'F-1',
        personalId,
        municipality: '5001',
        kind: 'health-nurse',
        occurredAt: '2026-03-12T13:00:00+01:00',
        admissionId: 'A-1',
      },
      'no.samvirke.health.follow-up-recorded.v1',
    ],
    [
      'a referral',
      '/v1/referrals',
      {
        referralId: 'R-1',
        personalId,
        municipality: '5001',
        service: 'bup',
        receivedAt: '2026-04-01T10:00:00+02:00',
      },
      'no.samvirke.health.referral-received.v1',
    ],
    [
      'an assessment',
      '/v1/referrals/R-1/assessment',
      {
        assessedAt: '2026-04-10T12:00:00+02:00',
        outcome: 'accepted',
        treatmentDeadline: '2026-06-01',
      },
      'no.samvirke.health.referral-assessed.v1',
    ],
    [
      'a treatment start',
      '/v1/referrals/R-1/treatment-start',
      { startedAt: '2026-05-20T09:00:00+02:00' },
      'no.samvirke.health.treatment-started.v1',
    ],
  ];

  const answers = new Map<string, string>();

  it.each(happyPath)(
    'records %s as exactly one event in the store',
    async (_name, path, body, type) => {
      const before = await harness.eventCount();
      const answer = await harness.post(path, body);
      expect(answer.status).toBe(201);
      expect(answer.body).toEqual(
        expect.objectContaining({
          eventId: expect.any(String),
          childRef: expect.stringMatching(/^c1_/),
        }),
      );
      const events = await harness.storedEvents();
      expect(events).toHaveLength(before + 1);
      expect(events[events.length - 1]).toMatchObject({ event_id: answer.body.eventId, type });
      answers.set(answer.body.eventId, type);
    },
  );

  it('publishes each of those events as exactly one CloudEvent on the topic, keyed by the child', async () => {
    const messages = await harness.messages(happyPath.length);
    expect(messages).toHaveLength(happyPath.length);
    const childRef = (await harness.storedEvents())[0].metadata['subject'];
    for (const message of messages) {
      const event = CloudEventsKafka.toEvent({
        key: message.key ?? undefined,
        value: message.value,
        headers: message.headers,
        body: message.value,
      } as never) as CloudEvent<Record<string, unknown>>;
      expect(answers.get(event.id)).toBe(event.type);
      expect(event).toMatchObject({
        specversion: '1.0',
        source: '/samvirke/health-service',
        subject: childRef,
        municipality: '5001',
        correlationid: expect.any(String),
        causationid: expect.any(String),
        recordedat: expect.any(String),
      });
      expect(message.key).toBe(childRef);
      expect(message.headers['ce_time']).toBeDefined();
    }
    const discharge = messages.find(
      (m) => m.headers['ce_type'] === 'no.samvirke.health.discharge-recorded.v1',
    );
    expect(JSON.parse(String(discharge?.value))).toEqual({
      admissionId: 'A-1',
      dischargedAt: '2026-03-09T14:00:00+01:00',
      followUpNeeded: true,
      destination: 'home',
    });
  });

  describe('bad input', () => {
    const admission = {
      admissionId: 'A-9',
      personalId,
      municipality: '5001',
      facility: 'Haukeland',
      kind: 'day',
      admittedAt: '2026-03-02T08:15:00+01:00',
    };
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const cases: RefusedWrite[] = [
      {
        name: 'a missing field',
        path: '/v1/admissions',
        body: { ...admission, facility: undefined },
        status: 400,
        field: 'facility',
      },
      {
        name: 'a wrong type',
        path: '/v1/admissions/A-1/discharge',
        body: {
          dischargedAt: '2026-03-09T14:00:00+01:00',
          followUpNeeded: 'yes',
          destination: 'home',
        },
        status: 400,
        field: 'followUpNeeded',
      },
      {
        name: 'an unknown enum value',
        path: '/v1/admissions',
        body: { ...admission, kind: 'overnight' },
        status: 400,
        field: 'kind',
      },
      {
        name: 'an invalid personal id',
        path: '/v1/admissions',
        body: { ...admission, personalId: '12345678901' },
        status: 400,
        field: 'personalId',
      },
      {
        name: 'a malformed municipality',
        path: '/v1/referrals',
        body: {
          referralId: 'R-9',
          personalId,
          municipality: '301',
          service: 'bup',
          receivedAt: '2026-04-01T10:00:00+02:00',
        },
        status: 400,
        field: 'municipality',
      },
      {
        name: 'a time without offset',
        path: '/v1/admissions',
        body: { ...admission, admittedAt: '2026-03-02T08:15:00' },
        status: 400,
        field: 'admittedAt',
      },
      {
        name: 'an impossible date',
        path: '/v1/referrals/R-1/assessment',
        body: {
          assessedAt: '2026-04-10T12:00:00+02:00',
          outcome: 'accepted',
          treatmentDeadline: '2026-02-30',
        },
        status: 400,
        field: 'treatmentDeadline',
      },
      {
        name: 'an admission in year 0000, which PostgreSQL cannot hold',
        path: '/v1/admissions',
        body: { ...admission, admittedAt: '0000-01-01T00:00:00Z' },
        status: 400,
        field: 'admittedAt',
      },
      {
        name: 'an admission in the 19th century',
        path: '/v1/admissions',
        body: { ...admission, admittedAt: '1899-06-30T12:00:00+01:00' },
        status: 400,
        field: 'admittedAt',
      },
      {
        name: 'a treatment deadline after 2100',
        path: '/v1/referrals/R-1/assessment',
        body: {
          assessedAt: '2026-04-10T12:00:00+02:00',
          outcome: 'accepted',
          treatmentDeadline: '2101-01-01',
        },
        status: 400,
        field: 'treatmentDeadline',
      },
      {
        name: 'a NUL in a string',
        path: '/v1/admissions',
        raw: JSON.stringify({ ...admission, facility: 'Haukeland' }).replace(
          'Haukeland',
          'Hauke\\u0000land',
        ),
        status: 400,
        field: 'facility',
      },
      {
        name: 'a lone surrogate in a string',
        path: '/v1/admissions',
        raw: JSON.stringify({ ...admission, facility: 'Haukeland' }).replace(
          'Haukeland',
          '\\ud800',
        ),
        status: 400,
        field: 'facility',
      },
      {
        name: 'a body nested 10 000 deep',
        path: '/v1/admissions',
        raw: `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
        status: 400,
        field: 'body',
      },
      {
        name: 'a date more than a day ahead',
        path: '/v1/follow-ups',
        body: {
          followUpId: 'F-9',
          personalId,
          municipality: '5001',
          kind: 'gp',
          occurredAt: inAWeek,
        },
        status: 400,
        field: 'occurredAt',
      },
      {
        name: 'a deadline on a rejected referral',
        path: '/v1/referrals/R-1/assessment',
        body: {
          assessedAt: '2026-04-10T12:00:00+02:00',
          outcome: 'rejected',
          treatmentDeadline: '2026-06-01',
        },
        status: 400,
        field: 'treatmentDeadline',
      },
      {
        name: 'a discharge before its admission',
        path: '/v1/admissions',
        body: { ...admission, admissionId: 'A-1', admittedAt: '2026-03-10T08:00:00+01:00' },
        status: 409,
      },
      {
        name: 'a second, different discharge',
        path: '/v1/admissions/A-1/discharge',
        body: {
          dischargedAt: '2026-03-11T14:00:00+01:00',
          followUpNeeded: false,
          destination: 'home',
        },
        status: 409,
      },
      {
        name: 'a discharge of an unknown admission',
        path: '/v1/admissions/A-404/discharge',
        body: {
          dischargedAt: '2026-03-09T14:00:00+01:00',
          followUpNeeded: true,
          destination: 'home',
        },
        status: 409,
      },
      {
        name: 'an assessment of an unknown referral',
        path: '/v1/referrals/R-404/assessment',
        body: { assessedAt: '2026-04-10T12:00:00+02:00', outcome: 'rejected' },
        status: 409,
      },
      {
        name: 'a known admission id for another child',
        path: '/v1/admissions',
        body: {
          ...admission,
          admissionId: 'A-1',
          personalId: otherPersonalId,
          admittedAt: '2026-03-02T08:15:00+01:00',
          facility: 'St. Olavs hospital',
          kind: 'inpatient',
          municipality: '5001',
        },
        status: 409,
      },
      {
        name: 'an unknown field',
        path: '/v1/admissions',
        body: { ...admission, ward: 'B3' },
        status: 400,
        field: 'ward',
      },
      {
        name: 'a non-JSON body',
        path: '/v1/admissions',
        raw: 'admissionId=A-9',
        contentType: 'application/x-www-form-urlencoded',
        status: 415,
      },
      {
        name: 'malformed JSON',
        path: '/v1/admissions',
        raw: '{"admissionId": "A-9",',
        status: 400,
      },
      {
        name: 'a body over 64 KiB',
        path: '/v1/admissions',
        body: { ...admission, facility: 'x'.repeat(70 * 1024) },
        status: 413,
      },
      {
        name: 'a bad id in the path',
        path: '/v1/admissions/A%20B/discharge',
        body: {
          dischargedAt: '2026-03-09T14:00:00+01:00',
          followUpNeeded: true,
          destination: 'home',
        },
        status: 400,
        field: 'admissionId',
      },
      {
        name: 'no Idempotency-Key',
        path: '/v1/admissions',
        body: admission,
        key: null,
        status: 400,
        field: 'Idempotency-Key',
      },
      { name: 'no token', path: '/v1/admissions', body: admission, token: 'none', status: 401 },
      { name: 'a bad token', path: '/v1/admissions', body: admission, token: 'bad', status: 401 },
      {
        name: 'a token without the health role',
        path: '/v1/admissions',
        body: admission,
        token: 'wrong-role',
        status: 403,
      },
    ];

    it.each(cases)('answers $name with $status, names the field, and changes nothing', (c) =>
      expectRefused(harness, c, 'sector:school'),
    );

    it('published nothing for any of them', async () => {
      expect(await harness.messages(happyPath.length)).toHaveLength(happyPath.length);
    });
  });

  describe('retries', () => {
    const referral = {
      referralId: 'R-2',
      personalId,
      municipality: '5001',
      service: 'habilitation',
      receivedAt: '2026-04-02T10:00:00+02:00',
    };

    it('appends one event for five concurrent requests with one Idempotency-Key, and answers all alike', async () => {
      const before = await harness.eventCount();
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          harness.post('/v1/referrals', referral, { key: 'retry-R-2' }),
        ),
      );
      expect(await harness.eventCount()).toBe(before + 1);
      const bodies = answers.map((a) => a.body);
      expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    });

    it('answers the same request after a restart as before, and appends nothing', async () => {
      const first = await harness.post('/v1/referrals', referral, { key: 'retry-R-2' });
      await harness.restart();
      const before = await harness.eventCount();
      const again = await harness.post('/v1/referrals', referral, { key: 'retry-R-2' });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(await harness.eventCount()).toBe(before);
    });

    it('refuses the same key with another body', async () => {
      const answer = await harness.post(
        '/v1/referrals',
        { ...referral, service: 'bup' },
        { key: 'retry-R-2' },
      );
      expect(answer.status).toBe(409);
    });

    it('answers a repeated fact without a key as 200 with the first event id', async () => {
      const first = await harness.post('/v1/referrals', { ...referral, referralId: 'R-3' });
      const again = await harness.post('/v1/referrals', { ...referral, referralId: 'R-3' });
      expect([first.status, again.status]).toEqual([201, 200]);
      expect(again.body).toEqual(first.body);
    });
  });

  it('never lets a personal id reach Kafka or the logs', async () => {
    const messages = await harness.messages(1);
    expect(messages.length).toBeGreaterThan(happyPath.length);
    const everything = [
      ...messages.map((m) => `${m.key} ${String(m.value)} ${JSON.stringify(m.headers)}`),
      harness.logs.text(),
    ].join('\n');
    expect(harness.logs.lines.length).toBeGreaterThan(10);
    for (const id of [personalId, otherPersonalId]) expect(everything).not.toContain(id);
  });

  it('serves health, metrics and the OpenAPI document', async () => {
    expect((await harness.get('/health/live')).status).toBe(200);
    expect((await harness.get('/health/ready')).status).toBe(200);
    expect((await harness.get('/metrics')).body).toContain('samvirke_events_appended_total');
    const docs = JSON.parse((await harness.get('/docs-json')).body);
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining([
        '/v1/admissions',
        '/v1/admissions/{admissionId}/discharge',
        '/v1/admissions/{admissionId}/discharge-summary',
        '/v1/follow-ups',
        '/v1/referrals',
        '/v1/referrals/{referralId}/assessment',
        '/v1/referrals/{referralId}/treatment-start',
      ]),
    );
  });

  describe('who may write for which municipality', () => {
    const follow = (followUpId: string, municipality: string) => ({
      followUpId,
      personalId: otherPersonalId,
      municipality,
      kind: 'gp',
      occurredAt: '2026-03-12T13:00:00+01:00',
    });

    it('refuses a fact naming a municipality the token does not serve with 403 naming the field, and stores nothing', async () => {
      const oslo = await harness.token(['sector:health'], '0301');
      const before = await harness.eventCount();
      const answer = await harness.post('/v1/follow-ups', follow('F-403', '4601'), { token: oslo });
      expect(answer.status).toBe(403);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.body.errors).toEqual([
        { field: 'municipality', message: expect.stringContaining('4601') },
      ]);
      expect(await harness.eventCount()).toBe(before);
      expect(
        (await harness.post('/v1/follow-ups', follow('F-403', '0301'), { token: oslo })).status,
      ).toBe(201);
    });

    it('refuses a follow-on fact of an admission recorded for a municipality the token does not serve', async () => {
      const national = await harness.token(['sector:health']);
      const region = await signDemoToken(
        { sub: 'hospital-east', roles: ['sector:health'], municipalities: ['0301', '3301'] },
        TEST_JWT_SECRET,
        '1h',
      );
      const admission = {
        admissionId: 'A-HAUK',
        personalId: otherPersonalId,
        municipality: '4601',
        facility: 'Haukeland',
        kind: 'inpatient',
        admittedAt: '2026-03-02T08:15:00+01:00',
      };
      expect((await harness.post('/v1/admissions', admission, { token: national })).status).toBe(
        201,
      );
      const before = await harness.eventCount();
      const discharge = {
        dischargedAt: '2026-03-09T14:00:00+01:00',
        followUpNeeded: true,
        destination: 'home',
      };
      const answer = await harness.post('/v1/admissions/A-HAUK/discharge', discharge, {
        token: region,
      });
      expect(answer.status).toBe(403);
      expect(answer.body.errors).toEqual([{ field: 'admissionId', message: expect.any(String) }]);
      expect(JSON.stringify(answer.body)).not.toContain('4601');
      expect(await harness.eventCount()).toBe(before);
      expect(
        (await harness.post('/v1/admissions/A-HAUK/discharge', discharge, { token: national }))
          .status,
      ).toBe(201);
    });
  });
});
