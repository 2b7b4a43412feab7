import { SCHOOL_TOPIC } from '@samvirke/contracts';
import { syntheticPersonalIds } from '@samvirke/identity';
import { describeHostileInput } from '@samvirke/write-side/testing';
import { createSchoolApp } from '../src';

const [personalId] = syntheticPersonalIds('school-properties', 1);

describeHostileInput('school-service under hostile input', {
  create: createSchoolApp,
  harness: { role: 'sector:school', topic: SCHOOL_TOPIC, name: 'school_properties' },
  facts: [
    [
      '/v1/expert-assessments',
      {
        assessmentId: 'PPT-1',
        personalId,
        municipality: '0301',
        requestedAt: '2026-01-15T09:00:00+01:00',
      },
    ],
  ],
  routes: [
    {
      method: 'POST',
      path: '/v1/absences',
      body: {
        personalId,
        municipality: '0301',
        schoolId: 'school-0301-017',
        date: '2026-03-04',
        scope: 'partial',
        hours: 2.5,
        documented: true,
      },
    },
    {
      method: 'POST',
      path: '/v1/meetings',
      body: {
        meetingId: 'M-1',
        personalId,
        municipality: '0301',
        kind: 'absence-follow-up',
        occurredAt: '2026-03-13T13:00:00+01:00',
      },
    },
    {
      method: 'POST',
      path: '/v1/expert-assessments',
      body: {
        assessmentId: 'PPT-2',
        personalId,
        municipality: '0301',
        requestedAt: '2026-01-15T09:00:00+01:00',
      },
    },
    {
      method: 'POST',
      path: '/v1/expert-assessments/{assessmentId}/completion',
      params: { assessmentId: ['PPT-1', 'PPT-2'] },
      body: { completedAt: '2026-04-01T15:00:00+02:00', recommendsSpecialEducation: true },
    },
    {
      method: 'POST',
      path: '/v1/enrolments',
      body: {
        personalId,
        municipality: '0301',
        schoolId: 'school-0301-017',
        stage: 'primary',
        from: '2025-08-18',
      },
    },
  ],
});
