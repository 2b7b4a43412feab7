import { COORDINATION_TOPIC, makeEnvelope, type GapOpenedV1 } from '@samvirke/contracts';
import { createPostgresEventStore } from '@samvirke/event-sourcing';
import { syntheticPersonalIds } from '@samvirke/identity';
import { eventToAppend } from '@samvirke/messaging';
import { signDemoToken, TEST_JWT_SECRET } from '@samvirke/platform';
import { checkRoute, EventCounter, routeName, SectorHarness, type RouteUnderTest, type ServiceUnderTest } from '@samvirke/write-side/testing';
import { Pool } from 'pg';
import { createCoordinationApp } from '../src';
import { gapIdOf } from '../src/read-model';

// Every command and read of the coordination service against generated hostile requests (bodies,
// headers, query strings, forged cursors), on real PostgreSQL: never a 5xx, and a 4xx appends
// nothing. The projection is off; the read-model rows the reads page through are put in by hand.
describe('coordination-service under hostile input', () => {
  const [childPid, otherPid] = syntheticPersonalIds('coordination-properties', 2);
  let harness: SectorHarness;
  let service: ServiceUnderTest;
  let db: Pool;
  const child = { ref: '', gapId: '', consentId: '', timelineCursor: '', accessLogCursor: '', gapsCursor: '', childrenCursor: '' };

  const seed = async (method: string, path: string, who: string, body?: unknown) => {
    const answer = await harness.request(method, path, { token: service.tokens[who], body });
    if (answer.status >= 300) throw new Error(`seeding ${method} ${path}: ${answer.status} ${answer.text}`);
    return answer.body;
  };

  beforeAll(async () => {
    harness = await SectorHarness.start((options) => createCoordinationApp({ ...options, projection: false, scheduler: false }), {
      role: 'coordinating-unit',
      topic: COORDINATION_TOPIC,
      name: 'coordination_properties',
    });
    db = new Pool({ connectionString: harness.config.DATABASE_URL, max: 2 });
    service = {
      url: harness.url,
      counter: await EventCounter.open(harness.config.DATABASE_URL),
      tokens: {
        default: await harness.token(['coordinating-unit'], '5001'),
        kari: await signDemoToken({ sub: 'coord-kari', roles: ['coordinator'], municipality: '5001' }, TEST_JWT_SECRET, '1h'),
        auditor: await harness.token(['auditor'], '5001'),
      },
    };

    for (const personalId of [childPid, otherPid]) {
      const { childRef } = await seed('POST', '/v1/children', 'default', { personalId, name: 'Kari Nordmann', municipality: '5001' });
      child.ref ||= childRef;
      await db.query(
        `INSERT INTO read_model.children (child_ref, municipality, enrolled, enrolled_at, coordinator_id, facts, sectors)
         VALUES ($1, '5001', true, now(), 'coord-kari', '{}', '{health}')`,
        [childRef],
      );
    }
    await seed('PUT', `/v1/children/${child.ref}/coordinator`, 'default', { coordinatorId: 'coord-kari', assignedAt: '2026-03-05T12:00:00+01:00' });
    child.consentId = (await seed('POST', `/v1/children/${child.ref}/consents`, 'kari', { sectors: ['health'], givenBy: 'parent', givenAt: '2026-03-05T13:00:00+01:00' })).consentId;
    await seed('POST', `/v1/children/${child.ref}/individual-plan`, 'kari', { establishedAt: '2026-03-20T10:00:00+01:00', reviewDueAt: '2026-09-20T10:00:00+02:00' });

    // Two timeline entries and two gaps, so every read has a second page and a real cursor.
    for (const [n, occurredAt] of [[1, '2026-03-09T14:00:00+01:00'], [2, '2026-03-12T13:00:00+01:00']] as const) {
      await db.query(
        `INSERT INTO read_model.timeline_entries (event_id, child_ref, municipality, sector, type, occurred_at, recorded_at, summary, details)
         VALUES ($1, $2, '5001', 'health', 'no.samvirke.health.follow-up-recorded.v1', $3, $3, 'Follow-up', '{}')`,
        [`00000000-0000-7000-8000-00000000000${n}`, child.ref, occurredAt],
      );
    }
    const store = await createPostgresEventStore({ url: harness.config.DATABASE_URL, schema: 'event_store', poolSize: 1 });
    try {
      for (const key of ['discharge-1', 'discharge-2']) {
        const gapId = gapIdOf(child.ref, key);
        child.gapId ||= gapId;
        await db.query(
          `INSERT INTO read_model.gaps (gap_id, gap_key, child_ref, municipality, rule_id, rule_version, status, owner, legal_basis,
             evidence, triggered_at, opened_at, due_at)
           VALUES ($1, $2, $3, '5001', 'health.discharge-follow-up', 1, 'open', 'health', 'hotjl §7-2a',
             '{00000000-0000-7000-8000-000000000001}', now(), now(), now())`,
          [gapId, key, child.ref],
        );
        const data: GapOpenedV1 = {
          gapId,
          ruleId: 'health.discharge-follow-up',
          ruleVersion: 1,
          owner: 'health',
          legalBasis: 'hotjl §7-2a',
          evidence: ['00000000-0000-7000-8000-000000000001'],
          openedAt: '2026-03-16T14:00:00+01:00',
          dueAt: '2026-03-16T14:00:00+01:00',
        };
        const envelope = makeEnvelope({
          type: 'no.samvirke.coordination.gap-opened.v1',
          data,
          source: '/samvirke/coordination-service',
          subject: child.ref,
          municipality: '5001',
          time: data.openedAt,
          recordedAt: new Date().toISOString(),
        });
        await store.appendToStream(`coordination-gap-${gapId}`, 0, [eventToAppend(envelope)]);
      }
    } finally {
      await store.close();
    }
    child.timelineCursor = (await seed('GET', `/v1/children/${child.ref}/timeline?limit=1`, 'kari')).nextCursor;
    child.accessLogCursor = (await seed('GET', `/v1/children/${child.ref}/access-log?limit=1`, 'kari')).nextCursor;
    child.gapsCursor = (await seed('GET', '/v1/gaps?limit=1', 'default')).nextCursor;
    child.childrenCursor = (await seed('GET', '/v1/children?limit=1', 'default')).nextCursor;
    for (const cursor of Object.values(child)) expect(cursor).toEqual(expect.any(String));
  });
  afterAll(async () => {
    await service?.counter.close();
    await db?.end();
    await harness?.close();
  });

  const childRef = () => [child.ref];
  const page = { limit: ['1', '2', '200'] };
  const timeBounds = ['2026-03-01', '2026-03-10T00:00:00+01:00', '1900-01-01', '2100-12-31'];

  // Thunks: the seeded ids and cursors exist only once beforeAll has run.
  const routes: Array<() => RouteUnderTest> = [
    () => ({ method: 'POST', path: '/v1/children', body: { personalId: otherPid, name: 'Kari Nordmann', municipality: '5001' } }),
    () => ({ method: 'POST', path: '/v1/children/lookup', caller: 'kari', body: { personalId: childPid } }),
    () => ({ method: 'POST', path: '/v1/children/{childRef}/coordinator-requests', params: { childRef: childRef() }, body: { requestedAt: '2026-03-01T10:00:00+01:00' } }),
    () => ({ method: 'PUT', path: '/v1/children/{childRef}/coordinator', params: { childRef: childRef() }, body: { coordinatorId: 'coord-kari', assignedAt: '2026-03-05T12:00:00+01:00' } }),
    () => ({ method: 'POST', path: '/v1/children/{childRef}/consents', caller: 'kari', params: { childRef: childRef() }, body: { sectors: ['health', 'school'], givenBy: 'child', givenAt: '2026-03-06T13:00:00+01:00', expiresAt: '2027-03-06T13:00:00+01:00' } }),
    () => ({ method: 'DELETE', path: '/v1/children/{childRef}/consents/{consentId}', caller: 'kari', params: { childRef: childRef(), consentId: [child.consentId] } }),
    () => ({ method: 'POST', path: '/v1/children/{childRef}/individual-plan', caller: 'kari', params: { childRef: childRef() }, body: { establishedAt: '2026-03-20T10:00:00+01:00', reviewDueAt: '2026-09-20T10:00:00+02:00' } }),
    () => ({ method: 'POST', path: '/v1/children/{childRef}/individual-plan/revisions', caller: 'kari', params: { childRef: childRef() }, body: { revisedAt: '2026-06-15T10:00:00+02:00', reviewDueAt: '2026-12-15T10:00:00+01:00' } }),
    () => ({ method: 'POST', path: '/v1/children/{childRef}/responsibility-group-meetings', caller: 'kari', params: { childRef: childRef() }, body: { heldAt: '2026-04-02T14:00:00+02:00' } }),
    () => ({ method: 'POST', path: '/v1/gaps/{gapId}/acknowledge', caller: 'kari', params: { gapId: [child.gapId] }, body: { note: 'Called the health nurse; visit booked.' } }),
    () => ({ method: 'POST', path: '/v1/gaps/{gapId}/resolve', caller: 'kari', params: { gapId: [child.gapId] }, body: { note: 'Visit held.' } }),
    () => ({ method: 'POST', path: '/v1/session/demo', caller: null, body: { userId: 'demo-ke' } }),
    () => ({ method: 'GET', path: '/v1/children', query: { ...page, waitingForCoordinator: ['true', 'false'], cursor: [child.childrenCursor] } }),
    () => ({ method: 'GET', path: '/v1/children/{childRef}', caller: 'kari', params: { childRef: childRef() } }),
    () => ({ method: 'GET', path: '/v1/children/{childRef}/timeline', caller: 'kari', params: { childRef: childRef() }, query: { ...page, from: timeBounds, to: timeBounds, sector: ['health', 'school'], cursor: [child.timelineCursor] } }),
    () => ({ method: 'GET', path: '/v1/children/{childRef}/access-log', caller: 'auditor', params: { childRef: childRef() }, query: { ...page, cursor: [child.accessLogCursor] } }),
    () => ({ method: 'GET', path: '/v1/gaps', query: { ...page, status: ['open', 'unresolved', 'resolved'], sector: ['health'], ruleId: ['health.discharge-follow-up'], childRef: childRef(), coordinatorId: ['coord-kari'], cursor: [child.gapsCursor] } }),
    () => ({ method: 'GET', path: '/v1/statistics', caller: 'auditor', query: { from: timeBounds } }),
    () => ({ method: 'GET', path: '/v1/session', caller: 'kari' }),
    () => ({ method: 'GET', path: '/v1/session/options', caller: null }),
    () => ({ method: 'GET', path: '/health/ready', caller: null }),
    // Last: an erasure leaves the child's other routes with nothing to act on.
    () => ({ method: 'DELETE', path: '/v1/children/{childRef}', params: { childRef: childRef() } }),
  ];

  it.each(routes.map((route) => [routeName(route()), route] as const))('%s: never a 5xx; a 4xx appends nothing', async (_name, route) => {
    await checkRoute(service, route());
  });
});
