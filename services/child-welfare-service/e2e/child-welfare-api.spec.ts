import { CHILDWELFARE_TOPIC } from '@samvirke/contracts';
import { syntheticPersonalIds } from '@samvirke/identity';
import { SectorHarness, expectRefused, type RefusedWrite } from '@samvirke/write-side/testing';
import { CloudEvent, Kafka as CloudEventsKafka } from 'cloudevents';
import { createChildWelfareApp } from '../src';

// The child welfare service through HTTP, on real PostgreSQL and the real Kafka broker.
describe('child-welfare-service API', () => {
  const [personalId, otherPersonalId] = syntheticPersonalIds('childwelfare-e2e', 2);
  // Confidential free text: it may travel in its event, never into a log line.
  const reason = 'Awaiting specialist assessment from BUP';
  const kind = 'parental guidance, weekly home visits';
  let harness: SectorHarness;

  beforeAll(async () => {
    harness = await SectorHarness.start(createChildWelfareApp, {
      role: 'sector:child-welfare',
      topic: CHILDWELFARE_TOPIC,
      name: 'childwelfare_e2e',
    });
  });
  afterAll(() => harness.close());

  const report = {
    reportId: 'BM-1',
    personalId,
    municipality: '4601',
    receivedAt: '2026-03-04T10:20:00+01:00',
    reporter: 'school',
  };
  const secondReport = {
    reportId: 'BM-2',
    personalId,
    municipality: '4601',
    receivedAt: '2026-04-01T08:00:00+02:00',
    reporter: 'police',
  };
  const measure = {
    measureId: 'T-1',
    personalId,
    municipality: '4601',
    kind,
    decidedAt: '2026-06-25T10:00:00+02:00',
  };

  // name, path, body, event type, the event's payload
  const happyPath: Array<[string, string, object, string, object]> = [
    [
      'a concern report',
      '/v1/concern-reports',
      report,
      'no.samvirke.childwelfare.concern-report-received.v1',
      { reportId: 'BM-1', receivedAt: '2026-03-04T10:20:00+01:00', reporter: 'school' },
    ],
    [
      'a review',
      '/v1/concern-reports/BM-1/review',
      { reviewedAt: '2026-03-09T14:00:00+01:00', decision: 'investigate' },
      'no.samvirke.childwelfare.concern-report-reviewed.v1',
      { reportId: 'BM-1', reviewedAt: '2026-03-09T14:00:00+01:00', decision: 'investigate' },
    ],
    [
      'an investigation start',
      '/v1/investigations',
      { investigationId: 'US-1', reportId: 'BM-1', startedAt: '2026-03-10T09:00:00+01:00' },
      'no.samvirke.childwelfare.investigation-started.v1',
      { investigationId: 'US-1', reportId: 'BM-1', startedAt: '2026-03-10T09:00:00+01:00' },
    ],
    [
      'an extension',
      '/v1/investigations/US-1/extension',
      { extendedAt: '2026-06-01T09:00:00+02:00', reason },
      'no.samvirke.childwelfare.investigation-extended.v1',
      { investigationId: 'US-1', extendedAt: '2026-06-01T09:00:00+02:00', reason },
    ],
    [
      'a conclusion',
      '/v1/investigations/US-1/conclusion',
      { concludedAt: '2026-06-20T12:00:00+02:00', outcome: 'measures' },
      'no.samvirke.childwelfare.investigation-concluded.v1',
      { investigationId: 'US-1', concludedAt: '2026-06-20T12:00:00+02:00', outcome: 'measures' },
    ],
    [
      'a measure',
      '/v1/measures',
      measure,
      'no.samvirke.childwelfare.measure-decided.v1',
      { measureId: 'T-1', kind, decidedAt: '2026-06-25T10:00:00+02:00' },
    ],
    [
      'an evaluation',
      '/v1/measures/T-1/evaluation',
      { evaluatedAt: '2026-09-20T10:00:00+02:00' },
      'no.samvirke.childwelfare.measure-evaluated.v1',
      { measureId: 'T-1', evaluatedAt: '2026-09-20T10:00:00+02:00' },
    ],
    [
      'a second concern report, not yet reviewed',
      '/v1/concern-reports',
      secondReport,
      'no.samvirke.childwelfare.concern-report-received.v1',
      { reportId: 'BM-2', receivedAt: '2026-04-01T08:00:00+02:00', reporter: 'police' },
    ],
  ];

  const typeOf = new Map<string, string>();
  const answerTo = new Map<string, { eventId: string; childRef: string }>();

  it.each(happyPath)(
    'records %s as exactly one event in the store',
    async (name, path, body, type) => {
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
      typeOf.set(answer.body.eventId, type);
      answerTo.set(name, answer.body);
    },
  );

  it('answers every write with its aggregate id, and the investigation with the report’s child', () => {
    expect(answerTo.get('a concern report')).toMatchObject({ reportId: 'BM-1' });
    expect(answerTo.get('a review')).toMatchObject({ reportId: 'BM-1' });
    expect(answerTo.get('an investigation start')).toMatchObject({ investigationId: 'US-1' });
    expect(answerTo.get('an extension')).toMatchObject({ investigationId: 'US-1' });
    expect(answerTo.get('a conclusion')).toMatchObject({ investigationId: 'US-1' });
    expect(answerTo.get('a measure')).toMatchObject({ measureId: 'T-1' });
    expect(answerTo.get('an evaluation')).toMatchObject({ measureId: 'T-1' });
    const childRefs = new Set([...answerTo.values()].map((answer) => answer.childRef));
    expect(childRefs.size).toBe(1);
  });

  it('publishes each of those events as exactly one CloudEvent on the topic, keyed by the child', async () => {
    const messages = await harness.messages(happyPath.length);
    expect(messages).toHaveLength(happyPath.length);
    const childRef = (await harness.storedEvents())[0].metadata['subject'];
    const seen = new Set<string>();
    for (const message of messages) {
      const event = CloudEventsKafka.toEvent({
        key: message.key ?? undefined,
        value: message.value,
        headers: message.headers,
        body: message.value,
      } as never) as CloudEvent<Record<string, unknown>>;
      expect(typeOf.get(event.id)).toBe(event.type);
      seen.add(event.id);
      expect(event).toMatchObject({
        specversion: '1.0',
        source: '/samvirke/child-welfare-service',
        subject: childRef,
        municipality: '4601',
        correlationid: expect.any(String),
        causationid: expect.any(String),
        recordedat: expect.any(String),
      });
      expect(message.key).toBe(childRef);
      expect(message.headers['ce_type']).toBe(event.type);
      const [, , , , payload] = happyPath.find(
        ([name]) => answerTo.get(name)?.eventId === event.id,
      ) as (typeof happyPath)[number];
      expect(event.data).toEqual(payload);
      expect(JSON.parse(String(message.value))).toEqual(payload);
      // `time` is when it happened: the occurred-at field of the payload, as an instant.
      const occurredAt = Object.entries(payload).find(([field]) => field.endsWith('At'))?.[1];
      expect(Date.parse(String(event.time))).toBe(Date.parse(String(occurredAt)));
    }
    expect(seen.size).toBe(happyPath.length);
  });

  describe('bad input', () => {
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString();
    // One row per case, so the matrix reads as a table.
    // prettier-ignore
    const cases: RefusedWrite[] = [
      { name: 'a missing field', path: '/v1/concern-reports', body: { ...report, reportId: 'BM-9', receivedAt: undefined }, status: 400, field: 'receivedAt' },
      { name: 'a wrong type', path: '/v1/measures', body: { ...measure, measureId: 'T-9', kind: 42 }, status: 400, field: 'kind' },
      { name: 'an unknown reporter', path: '/v1/concern-reports', body: { ...report, reportId: 'BM-9', reporter: 'neighbour' }, status: 400, field: 'reporter' },
      { name: 'an unknown decision', path: '/v1/concern-reports/BM-2/review', body: { reviewedAt: '2026-04-02T10:00:00+02:00', decision: 'postpone' }, status: 400, field: 'decision' },
      { name: 'an unknown outcome', path: '/v1/investigations/US-1/conclusion', body: { concludedAt: '2026-06-20T12:00:00+02:00', outcome: 'pending' }, status: 400, field: 'outcome' },
      { name: 'an invalid personal id', path: '/v1/concern-reports', body: { ...report, reportId: 'BM-9', personalId: '12345678901' }, status: 400, field: 'personalId' },
      { name: 'a malformed municipality', path: '/v1/measures', body: { ...measure, measureId: 'T-9', municipality: '301' }, status: 400, field: 'municipality' },
      { name: 'a time without offset', path: '/v1/concern-reports/BM-2/review', body: { reviewedAt: '2026-04-02T10:00:00', decision: 'investigate' }, status: 400, field: 'reviewedAt' },
      { name: 'an impossible date', path: '/v1/concern-reports', body: { ...report, reportId: 'BM-9', receivedAt: '2026-02-30T10:00:00+01:00' }, status: 400, field: 'receivedAt' },
      { name: 'a date more than a day ahead', path: '/v1/investigations', body: { investigationId: 'US-9', reportId: 'BM-1', startedAt: inAWeek }, status: 400, field: 'startedAt' },
      { name: 'an empty measure kind', path: '/v1/measures', body: { ...measure, measureId: 'T-9', kind: '' }, status: 400, field: 'kind' },
      { name: 'a measure kind over 200 characters', path: '/v1/measures', body: { ...measure, measureId: 'T-9', kind: 'x'.repeat(201) }, status: 400, field: 'kind' },
      { name: 'an extension without a reason', path: '/v1/investigations/US-1/extension', body: { extendedAt: '2026-06-01T09:00:00+02:00' }, status: 400, field: 'reason' },
      { name: 'a personal id where the report already says who', path: '/v1/investigations', body: { investigationId: 'US-9', reportId: 'BM-1', startedAt: '2026-03-10T09:00:00+01:00', personalId }, status: 400, field: 'personalId' },
      { name: 'an unknown field', path: '/v1/concern-reports', body: { ...report, reportId: 'BM-9', childName: 'Ola' }, status: 400, field: 'childName' },
      { name: 'a non-JSON body', path: '/v1/concern-reports', raw: 'reportId=BM-9', contentType: 'application/x-www-form-urlencoded', status: 415 },
      { name: 'malformed JSON', path: '/v1/concern-reports', raw: '{"reportId": "BM-9",', status: 400 },
      { name: 'a body over 64 KiB', path: '/v1/investigations/US-1/extension', body: { extendedAt: '2026-06-01T09:00:00+02:00', reason: 'x'.repeat(70 * 1024) }, status: 413 },
      { name: 'a bad id in the path', path: '/v1/concern-reports/BM%201/review', body: { reviewedAt: '2026-03-09T14:00:00+01:00', decision: 'investigate' }, status: 400, field: 'reportId' },
      { name: 'no Idempotency-Key', path: '/v1/concern-reports', body: { ...report, reportId: 'BM-9' }, key: null, status: 400, field: 'Idempotency-Key' },
      { name: 'no token', path: '/v1/concern-reports', body: { ...report, reportId: 'BM-9' }, token: 'none', status: 401 },
      { name: 'a bad token', path: '/v1/concern-reports', body: { ...report, reportId: 'BM-9' }, token: 'bad', status: 401 },
      { name: 'a token without the child welfare role', path: '/v1/concern-reports', body: { ...report, reportId: 'BM-9' }, token: 'wrong-role', status: 403 },
      { name: 'a review before the report was received', path: '/v1/concern-reports/BM-2/review', body: { reviewedAt: '2026-03-31T10:00:00+02:00', decision: 'investigate' }, status: 409, code: 'review-before-receipt' },
      { name: 'a review of an unknown report', path: '/v1/concern-reports/BM-404/review', body: { reviewedAt: '2026-03-09T14:00:00+01:00', decision: 'dismiss' }, status: 409, code: 'report-not-received' },
      { name: 'a second review with another decision', path: '/v1/concern-reports/BM-1/review', body: { reviewedAt: '2026-03-09T14:00:00+01:00', decision: 'dismiss' }, status: 409, code: 'already-reviewed' },
      { name: 'a known report id for another child', path: '/v1/concern-reports', body: { ...report, personalId: otherPersonalId }, status: 409, code: 'another-child' },
      { name: 'an investigation of an unknown report', path: '/v1/investigations', body: { investigationId: 'US-9', reportId: 'BM-404', startedAt: '2026-03-10T09:00:00+01:00' }, status: 409, code: 'report-unknown' },
      { name: 'an investigation of a report not yet reviewed', path: '/v1/investigations', body: { investigationId: 'US-9', reportId: 'BM-2', startedAt: '2026-04-02T09:00:00+02:00' }, status: 409, code: 'report-not-reviewed' },
      { name: 'an investigation started before its review', path: '/v1/investigations', body: { investigationId: 'US-9', reportId: 'BM-1', startedAt: '2026-03-08T09:00:00+01:00' }, status: 409, code: 'investigation-before-review' },
      { name: 'a known investigation id on another report', path: '/v1/investigations', body: { investigationId: 'US-1', reportId: 'BM-2', startedAt: '2026-04-02T09:00:00+02:00' }, status: 409, code: 'investigation-conflict' },
      { name: 'a conclusion of an investigation not started', path: '/v1/investigations/US-404/conclusion', body: { concludedAt: '2026-06-20T12:00:00+02:00', outcome: 'closed' }, status: 409, code: 'investigation-not-started' },
      { name: 'a second, different extension', path: '/v1/investigations/US-1/extension', body: { extendedAt: '2026-06-02T09:00:00+02:00', reason: 'More time needed' }, status: 409, code: 'already-extended' },
      { name: 'a second, different conclusion', path: '/v1/investigations/US-1/conclusion', body: { concludedAt: '2026-06-20T12:00:00+02:00', outcome: 'closed' }, status: 409, code: 'already-concluded' },
      { name: 'a known measure id of another kind', path: '/v1/measures', body: { ...measure, kind: 'relief measure' }, status: 409, code: 'measure-conflict' },
      { name: 'an evaluation of an unknown measure', path: '/v1/measures/T-404/evaluation', body: { evaluatedAt: '2026-09-20T10:00:00+02:00' }, status: 409, code: 'measure-not-decided' },
      { name: 'an evaluation before the decision', path: '/v1/measures/T-1/evaluation', body: { evaluatedAt: '2026-06-01T10:00:00+02:00' }, status: 409, code: 'evaluation-before-decision' },
    ];

    it.each(cases)('answers $name with $status, names the field, and changes nothing', (c) =>
      expectRefused(harness, c, 'sector:health'),
    );

    it('published nothing for any of them', async () => {
      expect(await harness.messages(happyPath.length)).toHaveLength(happyPath.length);
    });
  });

  describe('retries', () => {
    const retried = { ...measure, measureId: 'T-2', decidedAt: '2026-07-01T10:00:00+02:00' };

    it('appends one event for five concurrent requests with one Idempotency-Key, and answers all alike', async () => {
      const before = await harness.eventCount();
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          harness.post('/v1/measures', retried, { key: 'retry-T-2' }),
        ),
      );
      expect(await harness.eventCount()).toBe(before + 1);
      const bodies = answers.map((a) => a.body);
      expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
      expect(bodies[0]).toMatchObject({ measureId: 'T-2', eventId: expect.any(String) });
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    });

    it('answers the same request after a restart as before, and appends nothing', async () => {
      const first = await harness.post('/v1/measures', retried, { key: 'retry-T-2' });
      await harness.restart();
      const before = await harness.eventCount();
      const again = await harness.post('/v1/measures', retried, { key: 'retry-T-2' });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(await harness.eventCount()).toBe(before);
    });

    it('refuses the same key with another body', async () => {
      const before = await harness.eventCount();
      const answer = await harness.post(
        '/v1/measures',
        { ...retried, kind: 'relief measure' },
        { key: 'retry-T-2' },
      );
      expect(answer.status).toBe(409);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await harness.eventCount()).toBe(before);
    });

    it('answers a repeated investigation start with the first event, from the investigation’s own stream', async () => {
      const before = await harness.eventCount();
      const again = await harness.post('/v1/investigations', {
        investigationId: 'US-1',
        reportId: 'BM-1',
        startedAt: '2026-03-10T08:00:00Z',
      });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(answerTo.get('an investigation start'));
      expect(await harness.eventCount()).toBe(before);
    });

    it('answers an evaluation at the same moment, written with another offset, as a repeat', async () => {
      const again = await harness.post('/v1/measures/T-1/evaluation', {
        evaluatedAt: '2026-09-20T08:00:00Z',
      });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(answerTo.get('an evaluation'));
    });

    it('records a later evaluation of the same measure as a new fact', async () => {
      const later = await harness.post('/v1/measures/T-1/evaluation', {
        evaluatedAt: '2026-11-20T10:00:00+01:00',
      });
      expect(later.status).toBe(201);
      expect(later.body.eventId).not.toBe(answerTo.get('an evaluation')?.eventId);
    });
  });

  describe('an investigation of another child’s report', () => {
    it('is recorded for the child and municipality of that report', async () => {
      const received = await harness.post('/v1/concern-reports', {
        reportId: 'BM-3',
        personalId: otherPersonalId,
        municipality: '5001',
        receivedAt: '2026-05-04T10:00:00+02:00',
        reporter: 'kindergarten',
      });
      await harness.post('/v1/concern-reports/BM-3/review', {
        reviewedAt: '2026-05-06T10:00:00+02:00',
        decision: 'investigate',
      });
      const started = await harness.post('/v1/investigations', {
        investigationId: 'US-3',
        reportId: 'BM-3',
        startedAt: '2026-05-07T10:00:00+02:00',
      });
      expect(started.status).toBe(201);
      expect(started.body.childRef).toBe(received.body.childRef);
      expect(started.body.childRef).not.toBe(answerTo.get('a concern report')?.childRef);
      const stored = (await harness.storedEvents()).find(
        (e) => e.event_id === started.body.eventId,
      );
      expect(stored).toMatchObject({
        stream_id: 'childwelfare-investigation-US-3',
        metadata: { subject: received.body.childRef, municipality: '5001' },
      });
    });
  });

  it('never lets a personal id reach Kafka or the logs, nor confidential text the logs', async () => {
    const messages = await harness.messages(1);
    expect(messages.length).toBeGreaterThan(happyPath.length);
    const everything = [
      ...messages.map((m) => `${m.key} ${String(m.value)} ${JSON.stringify(m.headers)}`),
      harness.logs.text(),
    ].join('\n');
    expect(harness.logs.lines.length).toBeGreaterThan(10);
    for (const id of [personalId, otherPersonalId]) expect(everything).not.toContain(id);
    for (const text of [reason, kind]) expect(harness.logs.text()).not.toContain(text);
  });

  it('serves health, metrics and the OpenAPI document', async () => {
    expect((await harness.get('/health/live')).status).toBe(200);
    expect((await harness.get('/health/ready')).status).toBe(200);
    expect((await harness.get('/metrics')).body).toContain('samvirke_events_appended_total');
    const docs = JSON.parse((await harness.get('/docs-json')).body);
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining([
        '/v1/concern-reports',
        '/v1/concern-reports/{reportId}/review',
        '/v1/investigations',
        '/v1/investigations/{investigationId}/extension',
        '/v1/investigations/{investigationId}/conclusion',
        '/v1/measures',
        '/v1/measures/{measureId}/evaluation',
      ]),
    );
  });
});
