import { HEALTH_TOPIC } from '@samvirke/contracts';
import { syntheticPersonalIds } from '@samvirke/identity';
import { describeHostileInput } from '@samvirke/write-side/testing';
import { createHealthApp } from '../src';

const [personalId] = syntheticPersonalIds('health-properties', 1);

describeHostileInput('health-service under hostile input', {
  create: createHealthApp,
  harness: { role: 'sector:health', topic: HEALTH_TOPIC, name: 'health_properties' },
  facts: [
    [
      '/v1/admissions',
      {
        admissionId: 'A-1',
        personalId,
        municipality: '5001',
        facility: 'St. Olavs hospital',
        kind: 'inpatient',
        admittedAt: '2026-03-02T08:15:00+01:00',
      },
    ],
    [
      '/v1/referrals',
      {
        referralId: 'R-1',
        personalId,
        municipality: '5001',
        service: 'bup',
        receivedAt: '2026-04-01T10:00:00+02:00',
      },
    ],
  ],
  routes: [
    {
      method: 'POST',
      path: '/v1/admissions',
      body: {
        admissionId: 'A-2',
        personalId,
        municipality: '5001',
        facility: 'Haukeland',
        kind: 'day',
        admittedAt: '2026-03-02T08:15:00+01:00',
      },
    },
    {
      method: 'POST',
      path: '/v1/admissions/{admissionId}/discharge',
      params: { admissionId: ['A-1', 'A-2'] },
      body: {
        dischargedAt: '2026-03-09T14:00:00+01:00',
        followUpNeeded: true,
        destination: 'home',
      },
    },
    {
      method: 'POST',
      path: '/v1/admissions/{admissionId}/discharge-summary',
      params: { admissionId: ['A-1'] },
      body: { sentAt: '2026-03-10T09:00:00+01:00' },
    },
    {
      method: 'POST',
      path: '/v1/follow-ups',
      body: {
        followUpId: 'F-1',
        personalId,
        municipality: '5001',
        kind: 'gp',
        occurredAt: '2026-03-12T13:00:00+01:00',
        admissionId: 'A-1',
      },
    },
    {
      method: 'POST',
      path: '/v1/referrals',
      body: {
        referralId: 'R-2',
        personalId,
        municipality: '5001',
        service: 'habilitation',
        receivedAt: '2026-04-01T10:00:00+02:00',
      },
    },
    {
      method: 'POST',
      path: '/v1/referrals/{referralId}/assessment',
      params: { referralId: ['R-1', 'R-2'] },
      body: {
        assessedAt: '2026-04-10T12:00:00+02:00',
        outcome: 'accepted',
        treatmentDeadline: '2026-06-01',
      },
    },
    {
      method: 'POST',
      path: '/v1/referrals/{referralId}/treatment-start',
      params: { referralId: ['R-1'] },
      body: { startedAt: '2026-05-20T09:00:00+02:00' },
    },
    { method: 'GET', path: '/health/live', caller: null },
    { method: 'GET', path: '/health/ready', caller: null },
  ],
});
