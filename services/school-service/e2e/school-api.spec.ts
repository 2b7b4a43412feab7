import { SCHOOL_TOPIC } from '@samvirke/contracts';
import { syntheticPersonalIds } from '@samvirke/identity';
import { SectorHarness, expectRefused, type RefusedWrite } from '@samvirke/write-side/testing';
import { CloudEvent, Kafka as CloudEventsKafka } from 'cloudevents';
import { createSchoolApp } from '../src';

// The school service through HTTP, on real PostgreSQL and the real Kafka broker.
describe('school-service API', () => {
  const [personalId, otherPersonalId, thirdPersonalId] = syntheticPersonalIds('school-e2e', 3);
  let harness: SectorHarness;

  beforeAll(async () => {
    harness = await SectorHarness.start(createSchoolApp, {
      role: 'sector:school',
      topic: SCHOOL_TOPIC,
      name: 'school_e2e',
    });
  });
  afterAll(() => harness.close());

  const absence = {
    personalId,
    municipality: '0301',
    schoolId: 'school-0301-017',
    date: '2026-03-03',
    scope: 'full-day',
    documented: false,
  };
  const partialAbsence = {
    ...absence,
    date: '2026-03-04',
    scope: 'partial',
    hours: 2.5,
    documented: true,
  };

  const happyPath: Array<[string, string, object, string, Record<string, string>]> = [
    [
      'a full-day absence',
      '/v1/absences',
      absence,
      'no.samvirke.school.absence-recorded.v1',
      { date: '2026-03-03' },
    ],
    [
      'a partial absence',
      '/v1/absences',
      partialAbsence,
      'no.samvirke.school.absence-recorded.v1',
      { date: '2026-03-04' },
    ],
    [
      'a meeting',
      '/v1/meetings',
      {
        meetingId: 'M-1',
        personalId,
        municipality: '0301',
        kind: 'absence-follow-up',
        occurredAt: '2026-03-13T13:00:00+01:00',
      },
      'no.samvirke.school.meeting-held.v1',
      { meetingId: 'M-1' },
    ],
    [
      'an expert assessment request',
      '/v1/expert-assessments',
      {
        assessmentId: 'PPT-1',
        personalId,
        municipality: '0301',
        requestedAt: '2026-01-15T09:00:00+01:00',
      },
      'no.samvirke.school.expert-assessment-requested.v1',
      { assessmentId: 'PPT-1' },
    ],
    [
      'an expert assessment completion',
      '/v1/expert-assessments/PPT-1/completion',
      { completedAt: '2026-04-01T15:00:00+02:00', recommendsSpecialEducation: true },
      'no.samvirke.school.expert-assessment-completed.v1',
      { assessmentId: 'PPT-1' },
    ],
    [
      'an enrolment',
      '/v1/enrolments',
      {
        personalId,
        municipality: '0301',
        schoolId: 'school-0301-017',
        stage: 'primary',
        from: '2025-08-18',
      },
      'no.samvirke.school.enrolment-recorded.v1',
      { from: '2025-08-18' },
    ],
  ];

  const answers = new Map<string, string>();

  it.each(happyPath)(
    'records %s as exactly one event in the store',
    async (_name, path, body, type, aggregate) => {
      const before = await harness.eventCount();
      const answer = await harness.post(path, body);
      expect(answer.status).toBe(201);
      expect(answer.body).toEqual({
        eventId: expect.any(String),
        childRef: expect.stringMatching(/^c1_/),
        ...aggregate,
      });
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
        source: '/samvirke/school-service',
        subject: childRef,
        municipality: '0301',
        correlationid: expect.any(String),
        causationid: expect.any(String),
        recordedat: expect.any(String),
      });
      expect(message.key).toBe(childRef);
      expect(message.headers['ce_time']).toBeDefined();
    }
    const partial = messages.find(
      (m) =>
        m.headers['ce_type'] === 'no.samvirke.school.absence-recorded.v1' &&
        String(m.value).includes('partial'),
    );
    expect(JSON.parse(String(partial?.value))).toEqual({
      schoolId: 'school-0301-017',
      date: '2026-03-04',
      scope: 'partial',
      hours: 2.5,
      documented: true,
    });
    // A date-only fact happened at the start of that day in Norway (winter +01:00, summer +02:00).
    expect(partial?.headers['ce_time']).toBe('2026-03-04T00:00:00+01:00');
    const enrolment = messages.find(
      (m) => m.headers['ce_type'] === 'no.samvirke.school.enrolment-recorded.v1',
    );
    expect(JSON.parse(String(enrolment?.value))).toEqual({
      schoolId: 'school-0301-017',
      stage: 'primary',
      from: '2025-08-18',
    });
    expect(enrolment?.headers['ce_time']).toBe('2025-08-18T00:00:00+02:00');
    const completion = messages.find(
      (m) => m.headers['ce_type'] === 'no.samvirke.school.expert-assessment-completed.v1',
    );
    expect(JSON.parse(String(completion?.value))).toEqual({
      assessmentId: 'PPT-1',
      completedAt: '2026-04-01T15:00:00+02:00',
      recommendsSpecialEducation: true,
    });
  });

  describe('bad input', () => {
    const meeting = {
      meetingId: 'M-9',
      personalId,
      municipality: '0301',
      kind: 'parents',
      occurredAt: '2026-03-13T13:00:00+01:00',
    };
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    const cases: RefusedWrite[] = [
      {
        name: 'a missing field',
        path: '/v1/absences',
        body: { ...absence, date: '2026-03-05', documented: undefined },
        status: 400,
        field: 'documented',
      },
      {
        name: 'a wrong type',
        path: '/v1/expert-assessments/PPT-1/completion',
        body: { completedAt: '2026-04-01T15:00:00+02:00', recommendsSpecialEducation: 'yes' },
        status: 400,
        field: 'recommendsSpecialEducation',
      },
      {
        name: 'hours given as text',
        path: '/v1/absences',
        body: { ...partialAbsence, date: '2026-03-05', hours: '2' },
        status: 400,
        field: 'hours',
      },
      {
        name: 'an unknown meeting kind',
        path: '/v1/meetings',
        body: { ...meeting, kind: 'coffee' },
        status: 400,
        field: 'kind',
      },
      {
        name: 'an unknown absence scope',
        path: '/v1/absences',
        body: { ...absence, date: '2026-03-05', scope: 'half-day' },
        status: 400,
        field: 'scope',
      },
      {
        name: 'an unknown stage',
        path: '/v1/enrolments',
        body: {
          personalId,
          municipality: '0301',
          schoolId: 'school-0301-017',
          stage: 'kindergarten',
          from: '2026-08-17',
        },
        status: 400,
        field: 'stage',
      },
      {
        name: 'an invalid personal id',
        path: '/v1/absences',
        body: { ...absence, date: '2026-03-05', personalId: '12345678901' },
        status: 400,
        field: 'personalId',
      },
      {
        name: 'a malformed municipality',
        path: '/v1/enrolments',
        body: {
          personalId,
          municipality: '301',
          schoolId: 'school-0301-017',
          stage: 'primary',
          from: '2026-08-17',
        },
        status: 400,
        field: 'municipality',
      },
      {
        name: 'hours on a full-day absence',
        path: '/v1/absences',
        body: { ...absence, date: '2026-03-05', hours: 3 },
        status: 400,
        field: 'hours',
      },
      {
        name: 'a time without offset',
        path: '/v1/meetings',
        body: { ...meeting, occurredAt: '2026-03-13T13:00:00' },
        status: 400,
        field: 'occurredAt',
      },
      {
        name: 'an impossible date',
        path: '/v1/absences',
        body: { ...absence, date: '2026-02-30' },
        status: 400,
        field: 'date',
      },
      {
        name: 'an impossible enrolment date',
        path: '/v1/enrolments',
        body: {
          personalId,
          municipality: '0301',
          schoolId: 'school-0301-017',
          stage: 'primary',
          from: '2026-02-30',
        },
        status: 400,
        field: 'from',
      },
      {
        name: 'a date in year 0000',
        path: '/v1/absences',
        body: { ...absence, date: '0000-01-01' },
        status: 400,
        field: 'date',
      },
      {
        name: 'an enrolment after 2100',
        path: '/v1/enrolments',
        body: {
          personalId,
          municipality: '0301',
          schoolId: 'school-0301-017',
          stage: 'primary',
          from: '2101-08-17',
        },
        status: 400,
        field: 'from',
      },
      {
        name: 'a date more than a day ahead',
        path: '/v1/absences',
        body: { ...absence, date: inAWeek },
        status: 400,
        field: 'date',
      },
      {
        name: 'a completion more than a day ahead',
        path: '/v1/expert-assessments/PPT-2/completion',
        body: { completedAt: `${inAWeek}T12:00:00+02:00`, recommendsSpecialEducation: false },
        status: 400,
        field: 'completedAt',
      },
      {
        name: 'an unknown field',
        path: '/v1/absences',
        body: { ...absence, date: '2026-03-05', reason: 'ill' },
        status: 400,
        field: 'reason',
      },
      {
        name: 'a different absence on the same date',
        path: '/v1/absences',
        body: { ...absence, documented: true },
        status: 409,
        code: 'absence-conflict',
      },
      {
        name: 'an absence on the same date from another school',
        path: '/v1/absences',
        body: { ...absence, schoolId: 'school-0301-099' },
        status: 409,
        code: 'absence-conflict',
      },
      {
        name: 'a completion of an unknown assessment',
        path: '/v1/expert-assessments/PPT-404/completion',
        body: { completedAt: '2026-04-01T15:00:00+02:00', recommendsSpecialEducation: false },
        status: 409,
        code: 'assessment-not-requested',
      },
      {
        name: 'a completion before the request',
        path: '/v1/expert-assessments/PPT-2/completion',
        body: { completedAt: '2026-01-31T09:00:00+01:00', recommendsSpecialEducation: false },
        status: 409,
        code: 'completion-before-request',
      },
      {
        name: 'a second, different completion',
        path: '/v1/expert-assessments/PPT-1/completion',
        body: { completedAt: '2026-04-02T15:00:00+02:00', recommendsSpecialEducation: true },
        status: 409,
        code: 'assessment-already-completed',
      },
      {
        name: 'a second request of an assessment at another time',
        path: '/v1/expert-assessments',
        body: {
          assessmentId: 'PPT-1',
          personalId,
          municipality: '0301',
          requestedAt: '2026-01-16T09:00:00+01:00',
        },
        status: 409,
        code: 'assessment-conflict',
      },
      {
        name: 'a known assessment id for another child',
        path: '/v1/expert-assessments',
        body: {
          assessmentId: 'PPT-1',
          personalId: otherPersonalId,
          municipality: '0301',
          requestedAt: '2026-01-15T09:00:00+01:00',
        },
        status: 409,
        code: 'another-child',
      },
      {
        name: 'a known meeting id with other facts',
        path: '/v1/meetings',
        body: { ...meeting, meetingId: 'M-1' },
        status: 409,
        code: 'meeting-conflict',
      },
      {
        name: 'a different enrolment from the same date',
        path: '/v1/enrolments',
        body: {
          personalId,
          municipality: '0301',
          schoolId: 'school-0301-099',
          stage: 'primary',
          from: '2025-08-18',
        },
        status: 409,
        code: 'enrolment-conflict',
      },
      {
        name: 'a non-JSON body',
        path: '/v1/absences',
        raw: 'schoolId=school-0301-017',
        contentType: 'application/x-www-form-urlencoded',
        status: 415,
      },
      {
        name: 'malformed JSON',
        path: '/v1/absences',
        raw: '{"schoolId": "school-0301-017",',
        status: 400,
      },
      {
        name: 'a body over 64 KiB',
        path: '/v1/absences',
        body: { ...absence, date: '2026-03-05', schoolId: 'x'.repeat(70 * 1024) },
        status: 413,
      },
      {
        name: 'a bad id in the path',
        path: '/v1/expert-assessments/A%20B/completion',
        body: { completedAt: '2026-04-01T15:00:00+02:00', recommendsSpecialEducation: false },
        status: 400,
        field: 'assessmentId',
      },
      {
        name: 'no Idempotency-Key',
        path: '/v1/absences',
        body: { ...absence, date: '2026-03-05' },
        key: null,
        status: 400,
        field: 'Idempotency-Key',
      },
      {
        name: 'no token',
        path: '/v1/absences',
        body: { ...absence, date: '2026-03-05' },
        token: 'none',
        status: 401,
      },
      {
        name: 'a bad token',
        path: '/v1/absences',
        body: { ...absence, date: '2026-03-05' },
        token: 'bad',
        status: 401,
      },
      {
        name: 'a token without the school role',
        path: '/v1/absences',
        body: { ...absence, date: '2026-03-05' },
        token: 'wrong-role',
        status: 403,
      },
    ];

    // An assessment requested and not yet completed, for the completion refusals above.
    const openRequest = {
      assessmentId: 'PPT-2',
      personalId,
      municipality: '0301',
      requestedAt: '2026-02-01T09:00:00+01:00',
    };
    beforeAll(async () => {
      expect((await harness.post('/v1/expert-assessments', openRequest)).status).toBe(201);
    });

    it.each(cases)('answers $name with $status, names the field, and changes nothing', (c) =>
      expectRefused(harness, c, 'sector:health'),
    );

    it('published nothing for any of them', async () => {
      const messages = await harness.messages(happyPath.length + 1);
      expect(messages).toHaveLength(happyPath.length + 1);
    });
  });

  describe('repeats and retries', () => {
    const retried = {
      ...absence,
      date: '2026-03-10',
      scope: 'partial',
      hours: 1,
      documented: false,
    };

    it('answers an identical second absence for a date as 200 with the first answer, and appends nothing', async () => {
      const first = await harness.post('/v1/absences', { ...absence, date: '2026-03-09' });
      const before = await harness.eventCount();
      // Another Idempotency-Key and another key order: the fact, not the request, is repeated.
      const { documented, ...rest } = { ...absence, date: '2026-03-09' };
      const again = await harness.post('/v1/absences', { documented, ...rest });
      expect([first.status, again.status]).toEqual([201, 200]);
      expect(again.body).toEqual(first.body);
      expect(await harness.eventCount()).toBe(before);
    });

    it('appends one event for five concurrent requests with one Idempotency-Key, and answers all alike', async () => {
      const before = await harness.eventCount();
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          harness.post('/v1/absences', retried, { key: 'retry-2026-03-10' }),
        ),
      );
      expect(await harness.eventCount()).toBe(before + 1);
      expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    });

    it('answers the same request after a restart as before, and appends nothing', async () => {
      const first = await harness.post('/v1/absences', retried, { key: 'retry-2026-03-10' });
      await harness.restart();
      const before = await harness.eventCount();
      const again = await harness.post('/v1/absences', retried, { key: 'retry-2026-03-10' });
      expect([first.status, again.status]).toEqual([200, 200]);
      expect(again.body).toEqual(first.body);
      expect(await harness.eventCount()).toBe(before);
    });

    it('refuses the same key with another body', async () => {
      const before = await harness.eventCount();
      const answer = await harness.post(
        '/v1/absences',
        { ...retried, date: '2026-03-11' },
        { key: 'retry-2026-03-10' },
      );
      expect(answer.status).toBe(409);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await harness.eventCount()).toBe(before);
    });

    it('records concurrent absences of one child on different dates, each once', async () => {
      // The child's attendance is one stream: concurrent writers conflict and are decided again.
      // Four writers, because each loses at most once per other writer and the handler tries four times.
      const dates = ['2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19'];
      const before = await harness.eventCount();
      const answers = await Promise.all(
        dates.map((date) =>
          harness.post('/v1/absences', { ...absence, personalId: thirdPersonalId, date }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
      expect(answers.map((a) => a.body.date)).toEqual(dates);
      expect(new Set(answers.map((a) => a.body.childRef)).size).toBe(1);
      expect(await harness.eventCount()).toBe(before + dates.length);
    });
  });

  // Found by the property test: the envelope's time of a 1900-01-01 absence is Oslo's midnight, 1899-12-31T23:00Z.
  it('records an absence on 1900-01-01, the first day Samvirke holds', async () => {
    const answer = await harness.post('/v1/absences', {
      ...absence,
      personalId: thirdPersonalId,
      date: '1900-01-01',
    });
    expect(answer.status).toBe(201);
    const events = await harness.storedEvents();
    expect(events[events.length - 1].metadata).toMatchObject({ time: '1900-01-01T00:00:00+01:00' });
  });

  it('never lets a personal id reach Kafka, the logs or the stored events in clear', async () => {
    const stored = await harness.storedEvents();
    const messages = await harness.messages(stored.length);
    // One message per stored event: the scan below read what was actually published.
    expect(messages).toHaveLength(stored.length);
    expect(stored.length).toBeGreaterThan(happyPath.length + 5);
    const everything = [
      ...messages.map((m) => `${m.key} ${String(m.value)} ${JSON.stringify(m.headers)}`),
      harness.logs.text(),
      JSON.stringify(stored),
    ].join('\n');
    expect(harness.logs.lines.length).toBeGreaterThan(10);
    for (const id of [personalId, otherPersonalId, thirdPersonalId])
      expect(everything).not.toContain(id);
  });

  it('serves health, metrics and the OpenAPI document listing every path', async () => {
    expect((await harness.get('/health/live')).status).toBe(200);
    expect((await harness.get('/health/ready')).status).toBe(200);
    const metrics = await harness.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('samvirke_events_appended_total');
    const docs = JSON.parse((await harness.get('/docs-json')).body);
    expect(
      Object.keys(docs.paths)
        .filter((path) => path.startsWith('/v1/'))
        .sort(),
    ).toEqual([
      '/v1/absences',
      '/v1/enrolments',
      '/v1/expert-assessments',
      '/v1/expert-assessments/{assessmentId}/completion',
      '/v1/meetings',
    ]);
  });
});
