import { COORDINATION_TOPIC, makeEnvelope, type GapOpenedV1 } from '@samvirke/contracts';
import { createPostgresEventStore, type EventStore } from '@samvirke/event-sourcing';
import { syntheticPersonalIds } from '@samvirke/identity';
import { eventToAppend } from '@samvirke/messaging';
import { describeHostileInput, type SectorHarness } from '@samvirke/write-side/testing';
import { Pool } from 'pg';
import { createCoordinationApp, type CoordinationConfig } from '../src';
import { streamIdForChild } from '../src/domain';
import { gapIdOf } from '../src/read-model';

// Every command and read of the coordination service against generated hostile requests (bodies,
// headers, query strings, forged cursors), as the callers each route serves and some it must
// refuse, on real PostgreSQL: never a 5xx, and a 4xx changes nothing (no event, no access-log
// row, no key made or forgotten). The projection is off; the read-model rows the reads page
// through, and the gaps the engine would open, are put in by hand.
const [kariPid, sindrePid, declinedPid, acceptedPid] = syntheticPersonalIds(
  'coordination-properties',
  4,
);

// Filled in by `arrange`: kari's child (the coordinator's commands and the reads), sindre's
// (the unit's commands), two children with a transfer to Bergen pending (one to decline, one to accept).
const seeded = {
  kari: '',
  sindre: '',
  consentId: '',
  gaps: ['', ''],
  declined: '',
  accepted: '',
  cursors: { children: '', timeline: '', accessLog: '', gaps: '' },
};

async function arrange({
  harness,
  tokens,
}: {
  harness: SectorHarness;
  tokens: Readonly<Record<string, string>>;
}): Promise<void> {
  const send = async (method: string, path: string, who: string, body?: unknown) => {
    const answer = await harness.request(method, path, { token: tokens[who], body });
    if (answer.status >= 300)
      throw new Error(`arranging ${method} ${path}: ${answer.status} ${answer.text}`);
    return answer.body;
  };
  const db = new Pool({ connectionString: harness.config.DATABASE_URL, max: 1 });
  const store = await createPostgresEventStore({
    url: harness.config.DATABASE_URL,
    schema: 'event_store',
    poolSize: 1,
  });
  try {
    const enrol = async (personalId: string, coordinatorId: string | null) => {
      const { childRef } = await send('POST', '/v1/children', 'default', {
        personalId,
        name: 'Kari Nordmann',
        municipality: '5001',
      });
      const enrolled = (await store.readStream(streamIdForChild(childRef))).events[0];
      const { nameCiphertext, enrolledAt } = enrolled.data as {
        nameCiphertext: string;
        enrolledAt: string;
      };
      await db.query(
        `INSERT INTO read_model.children (child_ref, municipality, enrolled, enrolled_at, name_ciphertext, coordinator_id, facts, sectors)
         VALUES ($1, '5001', true, $2, $3, $4, '{}', '{health}')`,
        [childRef, enrolledAt, nameCiphertext, coordinatorId],
      );
      return childRef as string;
    };
    seeded.kari = await enrol(kariPid, 'coord-kari');
    seeded.sindre = await enrol(sindrePid, null);
    seeded.declined = await transferToBergen(await enrol(declinedPid, null));
    seeded.accepted = await transferToBergen(await enrol(acceptedPid, null));

    await send('PUT', `/v1/children/${seeded.kari}/coordinator`, 'default', {
      coordinatorId: 'coord-kari',
      assignedAt: '2026-03-05T12:00:00+01:00',
    });
    seeded.consentId = (
      await send('POST', `/v1/children/${seeded.kari}/consents`, 'kari', {
        sectors: ['health'],
        givenBy: 'parent',
        givenAt: '2026-03-05T13:00:00+01:00',
      })
    ).consentId;
    await send('POST', `/v1/children/${seeded.kari}/individual-plan`, 'kari', {
      establishedAt: '2026-03-20T10:00:00+01:00',
      reviewDueAt: '2026-09-20T10:00:00+02:00',
    });

    // Two timeline entries and two gaps, so every read has a second page and a real cursor.
    for (const [n, occurredAt] of [
      [1, '2026-03-09T14:00:00+01:00'],
      [2, '2026-03-12T13:00:00+01:00'],
    ] as const) {
      await db.query(
        `INSERT INTO read_model.timeline_entries (event_id, child_ref, municipality, sector, type, occurred_at, recorded_at, summary, details)
         VALUES ($1, $2, '5001', 'health', 'no.samvirke.health.follow-up-recorded.v1', $3, $3, 'Follow-up', '{}')`,
        [`00000000-0000-7000-8000-00000000000${n}`, seeded.kari, occurredAt],
      );
    }
    seeded.gaps = await Promise.all(
      ['discharge-1', 'discharge-2'].map((key) => openGap(store, db, seeded.kari, key)),
    );

    const { cursors } = seeded;
    cursors.timeline = (
      await send('GET', `/v1/children/${seeded.kari}/timeline?limit=1`, 'kari')
    ).nextCursor;
    cursors.accessLog = (
      await send('GET', `/v1/children/${seeded.kari}/access-log?limit=1`, 'kari')
    ).nextCursor;
    cursors.gaps = (await send('GET', '/v1/gaps?limit=1', 'default')).nextCursor;
    cursors.children = (await send('GET', '/v1/children?limit=1', 'default')).nextCursor;
    for (const cursor of Object.values(cursors)) expect(cursor).toEqual(expect.any(String));
  } finally {
    await store.close();
    await db.end();
  }

  // The child's unit asks; the projection would list the transfer for Bergen's unit to answer.
  async function transferToBergen(childRef: string): Promise<string> {
    const { transferId } = await send('POST', `/v1/children/${childRef}/transfers`, 'default', {
      toMunicipality: '4601',
    });
    await db.query(
      `INSERT INTO read_model.transfers (transfer_id, child_ref, from_municipality, to_municipality, status, requested_at, requested_by)
       VALUES ($1, $2, '5001', '4601', 'pending', now(), 'ke-trondheim')`,
      [transferId, childRef],
    );
    return transferId as string;
  }
}

/** A gap as the engine opens it: its `gap-opened` on the gap's stream, and its read-model row. */
async function openGap(
  store: EventStore,
  db: Pool,
  childRef: string,
  key: string,
): Promise<string> {
  const gapId = gapIdOf(childRef, key);
  await db.query(
    `INSERT INTO read_model.gaps (gap_id, gap_key, child_ref, municipality, rule_id, rule_version, status, owner, legal_basis,
       evidence, triggered_at, opened_at, due_at)
     VALUES ($1, $2, $3, '5001', 'health.discharge-follow-up', 1, 'open', 'health', 'hotjl §7-2a',
       '{00000000-0000-7000-8000-000000000001}', now(), now(), now())`,
    [gapId, key, childRef],
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
    subject: childRef,
    municipality: '5001',
    time: data.openedAt,
    recordedAt: new Date().toISOString(),
  });
  await store.appendToStream(`coordination-gap-${gapId}`, 0, [eventToAppend(envelope)]);
  return gapId;
}

const page = { limit: ['1', '2', '200'] };
const unlimited = { limit: 1_000_000, windowSeconds: 60 };
const timeBounds = ['2026-03-01', '2026-03-10T00:00:00+01:00', '1900-01-01', '2100-12-31'];

describeHostileInput('coordination-service under hostile input', {
  // With the embedded run's demo log-in on, so that POST /v1/session/demo signs tokens. The rate
  // limits (confidentiality.spec) are lifted: at 30 lookups a minute nearly every case would be a
  // 429 decided before its input is read.
  create: (options) =>
    createCoordinationApp({
      ...options,
      config: { ...options.config, SAMVIRKE_DEMO_LOGIN: '5001' } as CoordinationConfig,
      projection: false,
      scheduler: false,
      rateLimits: { lookup: unlimited, read: unlimited },
    }),
  harness: {
    role: 'coordinating-unit',
    topic: COORDINATION_TOPIC,
    name: 'coordination_properties',
  },
  callers: {
    default: { roles: ['coordinating-unit'], municipality: '5001', sub: 'ke-trondheim' },
    kari: { roles: ['coordinator'], municipality: '5001', sub: 'coord-kari' },
    ola: { roles: ['coordinator'], municipality: '5001', sub: 'coord-ola' },
    auditor: { roles: ['auditor'], municipality: '5001', sub: 'auditor-1' },
    bergen: { roles: ['coordinating-unit'], municipality: '4601', sub: 'ke-bergen' },
    hospital: { roles: ['sector:health'], municipality: '5001', sub: 'hospital' },
  },
  arrange,
  unchanged: ['audit.access_log', 'identity.child_keys', 'identity.forgotten_children'],
  // Each list of callers: the one the route serves first, then some it must refuse or answer as not theirs.
  routes: [
    {
      method: 'POST',
      path: '/v1/children',
      caller: ['default', 'bergen', 'kari'],
      body: { personalId: sindrePid, name: 'Kari Nordmann', municipality: '5001' },
    },
    {
      method: 'POST',
      path: '/v1/children/lookup',
      caller: ['kari', 'default', 'bergen', 'hospital'],
      body: { personalId: kariPid },
    },
    () => ({
      method: 'POST',
      path: '/v1/children/{childRef}/coordinator-requests',
      caller: ['default', 'bergen', 'kari'],
      params: { childRef: [seeded.sindre] },
      body: { requestedAt: '2026-03-01T10:00:00+01:00' },
    }),
    () => ({
      method: 'PUT',
      path: '/v1/children/{childRef}/coordinator',
      caller: ['default', 'bergen', 'kari'],
      params: { childRef: [seeded.sindre] },
      body: { coordinatorId: 'coord-ola', assignedAt: '2026-03-05T12:00:00+01:00' },
    }),
    () => ({
      method: 'POST',
      path: '/v1/children/{childRef}/consents',
      caller: ['kari', 'ola', 'default'],
      params: { childRef: [seeded.kari] },
      body: {
        sectors: ['health', 'school'],
        givenBy: 'child',
        givenAt: '2026-03-06T13:00:00+01:00',
        expiresAt: '2027-03-06T13:00:00+01:00',
      },
    }),
    () => ({
      method: 'DELETE',
      path: '/v1/children/{childRef}/consents/{consentId}',
      caller: ['kari', 'ola'],
      params: { childRef: [seeded.kari], consentId: [seeded.consentId] },
    }),
    () => ({
      method: 'POST',
      path: '/v1/children/{childRef}/individual-plan',
      caller: ['kari', 'ola'],
      params: { childRef: [seeded.kari] },
      body: {
        establishedAt: '2026-03-20T10:00:00+01:00',
        reviewDueAt: '2026-09-20T10:00:00+02:00',
      },
    }),
    () => ({
      method: 'POST',
      path: '/v1/children/{childRef}/individual-plan/revisions',
      caller: ['kari', 'ola'],
      params: { childRef: [seeded.kari] },
      body: { revisedAt: '2026-06-15T10:00:00+02:00', reviewDueAt: '2026-12-15T10:00:00+01:00' },
    }),
    () => ({
      method: 'POST',
      path: '/v1/children/{childRef}/responsibility-group-meetings',
      caller: ['kari', 'ola'],
      params: { childRef: [seeded.kari] },
      body: { heldAt: '2026-04-02T14:00:00+02:00' },
    }),
    () => ({
      method: 'POST',
      path: '/v1/gaps/{gapId}/acknowledge',
      caller: ['kari', 'ola', 'bergen', 'auditor'],
      params: { gapId: [seeded.gaps[0]] },
      body: { note: 'Called the health nurse; visit booked.' },
    }),
    () => ({
      method: 'POST',
      path: '/v1/gaps/{gapId}/resolve',
      caller: ['kari', 'default', 'bergen'],
      params: { gapId: seeded.gaps },
      body: { note: 'Visit held.' },
    }),
    () => ({
      method: 'POST',
      path: '/v1/children/{childRef}/transfers',
      caller: ['default', 'bergen', 'kari'],
      params: { childRef: [seeded.sindre] },
      body: { toMunicipality: '4601' },
    }),
    () => ({
      method: 'POST',
      path: '/v1/transfers/{transferId}/decline',
      caller: ['bergen', 'default'],
      params: { transferId: [seeded.declined] },
      body: { reason: 'The family is not registered as living here.' },
    }),
    () => ({
      method: 'POST',
      path: '/v1/transfers/{transferId}/accept',
      caller: ['bergen', 'default'],
      params: { transferId: [seeded.accepted, seeded.declined] },
    }),
    {
      method: 'GET',
      path: '/v1/transfers',
      caller: ['bergen', 'default', 'kari'],
      query: { status: ['pending', 'accepted', 'declined'] },
    },
    {
      method: 'POST',
      path: '/v1/session/demo',
      caller: [null, 'kari'],
      body: { userId: 'demo-ke' },
    },
    () => ({
      method: 'GET',
      path: '/v1/children',
      caller: ['default', 'kari', 'bergen', 'auditor'],
      query: {
        ...page,
        waitingForCoordinator: ['true', 'false'],
        cursor: [seeded.cursors.children],
      },
    }),
    () => ({
      method: 'GET',
      path: '/v1/children/{childRef}',
      caller: ['kari', 'default', 'ola', 'bergen'],
      params: { childRef: [seeded.kari] },
    }),
    () => ({
      method: 'GET',
      path: '/v1/children/{childRef}/timeline',
      caller: ['kari', 'default', 'ola', 'bergen'],
      params: { childRef: [seeded.kari] },
      query: {
        ...page,
        from: timeBounds,
        to: timeBounds,
        sector: ['health', 'school'],
        cursor: [seeded.cursors.timeline],
      },
    }),
    () => ({
      method: 'GET',
      path: '/v1/children/{childRef}/access-log',
      caller: ['auditor', 'kari', 'default', 'ola'],
      params: { childRef: [seeded.kari] },
      query: { ...page, cursor: [seeded.cursors.accessLog] },
    }),
    () => ({
      method: 'GET',
      path: '/v1/gaps',
      caller: ['default', 'kari', 'auditor', 'bergen'],
      query: {
        ...page,
        status: ['open', 'unresolved', 'resolved'],
        sector: ['health'],
        ruleId: ['health.discharge-follow-up'],
        childRef: [seeded.kari],
        coordinatorId: ['coord-kari'],
        cursor: [seeded.cursors.gaps],
      },
    }),
    {
      method: 'GET',
      path: '/v1/statistics',
      caller: ['auditor', 'default', 'kari'],
      query: { from: timeBounds },
    },
    { method: 'GET', path: '/v1/session', caller: ['kari', null] },
    { method: 'GET', path: '/v1/session/options', caller: null },
    { method: 'GET', path: '/health/live', caller: null },
    { method: 'GET', path: '/health/ready', caller: null },
    { method: 'GET', path: '/metrics', caller: null },
    // Last: an erasure leaves the child's other routes with nothing to act on.
    () => ({
      method: 'DELETE',
      path: '/v1/children/{childRef}',
      caller: ['default', 'bergen', 'kari'],
      params: { childRef: [seeded.kari] },
    }),
  ],
});
