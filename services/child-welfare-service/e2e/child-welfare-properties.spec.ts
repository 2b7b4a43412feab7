import { CHILDWELFARE_TOPIC } from '@samvirke/contracts';
import { syntheticPersonalIds } from '@samvirke/identity';
import { describeHostileInput } from '@samvirke/write-side/testing';
import { createChildWelfareApp } from '../src';

const [personalId] = syntheticPersonalIds('childwelfare-properties', 1);

describeHostileInput('child-welfare-service under hostile input', {
  create: createChildWelfareApp,
  harness: {
    role: 'sector:child-welfare',
    topic: CHILDWELFARE_TOPIC,
    name: 'childwelfare_properties',
  },
  facts: [
    [
      '/v1/concern-reports',
      {
        reportId: 'BM-1',
        personalId,
        municipality: '4601',
        receivedAt: '2026-03-04T10:20:00+01:00',
        reporter: 'school',
      },
    ],
    [
      '/v1/concern-reports/BM-1/review',
      { reviewedAt: '2026-03-09T14:00:00+01:00', decision: 'investigate' },
    ],
    [
      '/v1/investigations',
      { investigationId: 'U-1', reportId: 'BM-1', startedAt: '2026-03-10T09:00:00+01:00' },
    ],
    [
      '/v1/measures',
      {
        measureId: 'T-1',
        personalId,
        municipality: '4601',
        kind: 'parental guidance',
        decidedAt: '2026-06-25T10:00:00+02:00',
      },
    ],
  ],
  routes: [
    {
      method: 'POST',
      path: '/v1/concern-reports',
      body: {
        reportId: 'BM-2',
        personalId,
        municipality: '4601',
        receivedAt: '2026-04-01T08:00:00+02:00',
        reporter: 'police',
      },
    },
    {
      method: 'POST',
      path: '/v1/concern-reports/{reportId}/review',
      params: { reportId: ['BM-1', 'BM-2'] },
      body: { reviewedAt: '2026-04-03T14:00:00+02:00', decision: 'dismiss' },
    },
    {
      method: 'POST',
      path: '/v1/investigations',
      body: { investigationId: 'U-2', reportId: 'BM-1', startedAt: '2026-03-11T09:00:00+01:00' },
    },
    {
      method: 'POST',
      path: '/v1/investigations/{investigationId}/extension',
      params: { investigationId: ['U-1'] },
      body: { extendedAt: '2026-06-01T09:00:00+02:00', reason: 'Awaiting specialist assessment' },
    },
    {
      method: 'POST',
      path: '/v1/investigations/{investigationId}/conclusion',
      params: { investigationId: ['U-1'] },
      body: { concludedAt: '2026-06-20T12:00:00+02:00', outcome: 'measures' },
    },
    {
      method: 'POST',
      path: '/v1/measures',
      body: {
        measureId: 'T-2',
        personalId,
        municipality: '4601',
        kind: 'parental guidance',
        decidedAt: '2026-06-25T10:00:00+02:00',
      },
    },
    {
      method: 'POST',
      path: '/v1/measures/{measureId}/evaluation',
      params: { measureId: ['T-1', 'T-2'] },
      body: { evaluatedAt: '2026-09-20T10:00:00+02:00' },
    },
  ],
});
