import { SCHOOL_TOPIC } from '@samvirke/contracts';
import { syntheticPersonalIds } from '@samvirke/identity';
import { checkRoute, EventCounter, routeName, SectorHarness, type RouteUnderTest, type ServiceUnderTest } from '@samvirke/write-side/testing';
import { createSchoolApp } from '../src';

// Every route of the school service against generated hostile requests, on real PostgreSQL:
// never a 5xx, and a 4xx appends nothing.
describe('school-service under hostile input', () => {
  const [personalId] = syntheticPersonalIds('school-properties', 1);
  let harness: SectorHarness;
  let service: ServiceUnderTest;

  beforeAll(async () => {
    harness = await SectorHarness.start(createSchoolApp, { role: 'sector:school', topic: SCHOOL_TOPIC, name: 'school_properties' });
    service = { url: harness.url, counter: await EventCounter.open(harness.config.DATABASE_URL), tokens: { default: await harness.token(['sector:school']) } };
    // An assessment for the completion route to act on, so valid-shaped cases reach the decider.
    const request = { assessmentId: 'PPT-1', personalId, municipality: '0301', requestedAt: '2026-01-15T09:00:00+01:00' };
    expect((await harness.post('/v1/expert-assessments', request)).status).toBe(201);
  });
  afterAll(async () => {
    await service?.counter.close();
    await harness?.close();
  });

  const routes: RouteUnderTest[] = [
    { method: 'POST', path: '/v1/absences', body: { personalId, municipality: '0301', schoolId: 'school-0301-017', date: '2026-03-04', scope: 'partial', hours: 2.5, documented: true } },
    { method: 'POST', path: '/v1/meetings', body: { meetingId: 'M-1', personalId, municipality: '0301', kind: 'absence-follow-up', occurredAt: '2026-03-13T13:00:00+01:00' } },
    { method: 'POST', path: '/v1/expert-assessments', body: { assessmentId: 'PPT-2', personalId, municipality: '0301', requestedAt: '2026-01-15T09:00:00+01:00' } },
    { method: 'POST', path: '/v1/expert-assessments/{assessmentId}/completion', params: { assessmentId: ['PPT-1', 'PPT-2'] }, body: { completedAt: '2026-04-01T15:00:00+02:00', recommendsSpecialEducation: true } },
    { method: 'POST', path: '/v1/enrolments', body: { personalId, municipality: '0301', schoolId: 'school-0301-017', stage: 'primary', from: '2025-08-18' } },
  ];

  it.each(routes.map((route) => [routeName(route), route] as const))('%s: never a 5xx; a 4xx appends nothing', async (_name, route) => {
    await checkRoute(service, route);
  });
});
