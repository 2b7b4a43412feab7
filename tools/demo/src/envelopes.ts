import { makeEnvelope, SOURCES, type EventEnvelope } from '@samvirke/contracts';
import type { DemoChild, DemoRequest, DemoScenario, FactKind } from './scenario';

/**
 * The events the services publish for a scenario's requests, as the contract defines them
 * (payload = the body without `personalId` and `municipality`, plus the id in the path). For
 * checking a scenario against the gap engine without running the services: the subject is the
 * child's scenario key, the enrolment carries the birth date in clear (the projection decrypts
 * it) and happens at `now`, and each event's id is its request's idempotency key.
 */
export function envelopesOf(scenario: DemoScenario): EventEnvelope[] {
  const children = new Map(scenario.children.map((child) => [child.key, child]));
  return scenario.requests.map((request) =>
    envelopeOf(request, children.get(request.child) as DemoChild, scenario),
  );
}

const TYPES: Record<FactKind, { type: string; sector: keyof typeof SOURCES; pathId?: string }> = {
  admission: { type: 'no.samvirke.health.admission-recorded.v1', sector: 'health' },
  discharge: {
    type: 'no.samvirke.health.discharge-recorded.v1',
    sector: 'health',
    pathId: 'admissionId',
  },
  'discharge-summary': {
    type: 'no.samvirke.health.discharge-summary-sent.v1',
    sector: 'health',
    pathId: 'admissionId',
  },
  'follow-up': { type: 'no.samvirke.health.follow-up-recorded.v1', sector: 'health' },
  referral: { type: 'no.samvirke.health.referral-received.v1', sector: 'health' },
  'referral-assessment': {
    type: 'no.samvirke.health.referral-assessed.v1',
    sector: 'health',
    pathId: 'referralId',
  },
  'treatment-start': {
    type: 'no.samvirke.health.treatment-started.v1',
    sector: 'health',
    pathId: 'referralId',
  },
  absence: { type: 'no.samvirke.school.absence-recorded.v1', sector: 'school' },
  'school-meeting': { type: 'no.samvirke.school.meeting-held.v1', sector: 'school' },
  'expert-assessment': {
    type: 'no.samvirke.school.expert-assessment-requested.v1',
    sector: 'school',
  },
  'expert-assessment-completion': {
    type: 'no.samvirke.school.expert-assessment-completed.v1',
    sector: 'school',
    pathId: 'assessmentId',
  },
  'school-enrolment': { type: 'no.samvirke.school.enrolment-recorded.v1', sector: 'school' },
  'concern-report': {
    type: 'no.samvirke.childwelfare.concern-report-received.v1',
    sector: 'childwelfare',
  },
  'concern-report-review': {
    type: 'no.samvirke.childwelfare.concern-report-reviewed.v1',
    sector: 'childwelfare',
    pathId: 'reportId',
  },
  investigation: {
    type: 'no.samvirke.childwelfare.investigation-started.v1',
    sector: 'childwelfare',
  },
  'investigation-extension': {
    type: 'no.samvirke.childwelfare.investigation-extended.v1',
    sector: 'childwelfare',
    pathId: 'investigationId',
  },
  'investigation-conclusion': {
    type: 'no.samvirke.childwelfare.investigation-concluded.v1',
    sector: 'childwelfare',
    pathId: 'investigationId',
  },
  measure: { type: 'no.samvirke.childwelfare.measure-decided.v1', sector: 'childwelfare' },
  'measure-evaluation': {
    type: 'no.samvirke.childwelfare.measure-evaluated.v1',
    sector: 'childwelfare',
    pathId: 'measureId',
  },
  'child-enrolment': { type: 'no.samvirke.coordination.child-enrolled.v1', sector: 'coordination' },
  'coordinator-request': {
    type: 'no.samvirke.coordination.coordinator-requested.v1',
    sector: 'coordination',
  },
  'coordinator-assignment': {
    type: 'no.samvirke.coordination.coordinator-assigned.v1',
    sector: 'coordination',
  },
  consent: { type: 'no.samvirke.coordination.consent-given.v1', sector: 'coordination' },
  plan: { type: 'no.samvirke.coordination.plan-established.v1', sector: 'coordination' },
  'plan-revision': { type: 'no.samvirke.coordination.plan-revised.v1', sector: 'coordination' },
  'responsibility-group-meeting': {
    type: 'no.samvirke.coordination.responsibility-group-met.v1',
    sector: 'coordination',
  },
};

function envelopeOf(request: DemoRequest, child: DemoChild, scenario: DemoScenario): EventEnvelope {
  const { type, sector, pathId } = TYPES[request.fact];
  const { personalId: _personalId, municipality: _municipality, ...payload } = request.body;
  let data: Record<string, unknown> = payload;
  let time = request.at;
  if (pathId) data = { [pathId]: request.path.split('/')[3], ...payload };
  if (request.fact === 'child-enrolment') {
    time = scenario.now;
    data = { name: child.name, birthDate: child.birthDate, enrolledAt: scenario.now };
  }
  if (request.fact === 'consent') data = { consentId: request.idempotencyKey, ...payload };
  return makeEnvelope({
    id: request.idempotencyKey,
    type,
    source: SOURCES[sector],
    subject: request.child,
    time,
    municipality: scenario.municipality,
    recordedAt: scenario.now,
    data,
  });
}
