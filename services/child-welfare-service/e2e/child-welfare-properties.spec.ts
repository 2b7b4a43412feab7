import { CHILDWELFARE_TOPIC } from '@samvirke/contracts';
import { syntheticPersonalIds } from '@samvirke/identity';
import { checkRoute, EventCounter, routeName, SectorHarness, type RouteUnderTest, type ServiceUnderTest } from '@samvirke/write-side/testing';
import { createChildWelfareApp } from '../src';

// Every route of the child welfare service against generated hostile requests, on real
// PostgreSQL: never a 5xx, and a 4xx appends nothing.
describe('child-welfare-service under hostile input', () => {
  const [personalId] = syntheticPersonalIds('childwelfare-properties', 1);
  let harness: SectorHarness;
  let service: ServiceUnderTest;

  beforeAll(async () => {
    harness = await SectorHarness.start(createChildWelfareApp, { role: 'sector:child-welfare', topic: CHILDWELFARE_TOPIC, name: 'childwelfare_properties' });
    service = { url: harness.url, counter: await EventCounter.open(harness.config.DATABASE_URL), tokens: { default: await harness.token(['sector:child-welfare']) } };
    // Facts for the sub-resource routes to act on, so valid-shaped cases reach the deciders.
    for (const [path, body] of [
      ['/v1/concern-reports', { reportId: 'BM-1', personalId, municipality: '4601', receivedAt: '2026-03-04T10:20:00+01:00', reporter: 'school' }],
      ['/v1/concern-reports/BM-1/review', { reviewedAt: '2026-03-09T14:00:00+01:00', decision: 'investigate' }],
      ['/v1/investigations', { investigationId: 'U-1', reportId: 'BM-1', startedAt: '2026-03-10T09:00:00+01:00' }],
      ['/v1/measures', { measureId: 'T-1', personalId, municipality: '4601', kind: 'parental guidance', decidedAt: '2026-06-25T10:00:00+02:00' }],
    ] as const) {
      expect((await harness.post(path, body)).status).toBe(201);
    }
  });
  afterAll(async () => {
    await service?.counter.close();
    await harness?.close();
  });

  const routes: RouteUnderTest[] = [
    { method: 'POST', path: '/v1/concern-reports', body: { reportId: 'BM-2', personalId, municipality: '4601', receivedAt: '2026-04-01T08:00:00+02:00', reporter: 'police' } },
    { method: 'POST', path: '/v1/concern-reports/{reportId}/review', params: { reportId: ['BM-1', 'BM-2'] }, body: { reviewedAt: '2026-04-03T14:00:00+02:00', decision: 'dismiss' } },
    { method: 'POST', path: '/v1/investigations', body: { investigationId: 'U-2', reportId: 'BM-1', startedAt: '2026-03-11T09:00:00+01:00' } },
    { method: 'POST', path: '/v1/investigations/{investigationId}/extension', params: { investigationId: ['U-1'] }, body: { extendedAt: '2026-06-01T09:00:00+02:00', reason: 'Awaiting specialist assessment' } },
    { method: 'POST', path: '/v1/investigations/{investigationId}/conclusion', params: { investigationId: ['U-1'] }, body: { concludedAt: '2026-06-20T12:00:00+02:00', outcome: 'measures' } },
    { method: 'POST', path: '/v1/measures', body: { measureId: 'T-2', personalId, municipality: '4601', kind: 'parental guidance', decidedAt: '2026-06-25T10:00:00+02:00' } },
    { method: 'POST', path: '/v1/measures/{measureId}/evaluation', params: { measureId: ['T-1', 'T-2'] }, body: { evaluatedAt: '2026-09-20T10:00:00+02:00' } },
  ];

  it.each(routes.map((route) => [routeName(route), route] as const))('%s: never a 5xx; a 4xx appends nothing', async (_name, route) => {
    await checkRoute(service, route);
  });
});
