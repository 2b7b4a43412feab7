import { createCoordinationApp } from '@samvirke/coordination-service';
import { createHealthApp } from '@samvirke/health-service';
import { syntheticPersonalIds } from '@samvirke/identity';
import { signDemoToken, type DemoClaims } from '@samvirke/platform';
import { eventually } from '@samvirke/testing';
import { ServicesOnOneBus } from '@samvirke/write-side/testing';
import { randomUUID } from 'node:crypto';

// Who may write for which municipality, and how a child moves: the health and coordination
// services as `npm start` runs them (one bus in the process, real PostgreSQL), through HTTP.
describe('municipalities: sector facts never move a child, transfers do', () => {
  const services = new ServicesOnOneBus();
  const { jwtSecret } = services;
  const urls = { health: '', coordination: '' };
  const [kariPid, olaPid, perPid] = syntheticPersonalIds('municipalities-int', 3);

  const callers = {
    oslo: { sub: 'ke-oslo', roles: ['coordinating-unit'], municipality: '0301' },
    bergen: { sub: 'ke-bergen', roles: ['coordinating-unit'], municipality: '4601' },
    trondheim: { sub: 'ke-trondheim', roles: ['coordinating-unit'], municipality: '5001' },
    hospital: { sub: 'hospital-national', roles: ['sector:health'] },
    osloHealth: { sub: 'health-oslo', roles: ['sector:health'], municipality: '0301' },
    osloCoordinator: { sub: 'coord-oslo', roles: ['coordinator'], municipality: '0301' },
  } satisfies Record<string, DemoClaims>;
  type Who = keyof typeof callers;
  const tokens = new Map<Who, string>();

  async function call(
    service: keyof typeof urls,
    method: string,
    path: string,
    who: Who,
    body?: unknown,
  ) {
    const response = await fetch(`${urls[service]}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens.get(who)}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(service === 'health' ? { 'idempotency-key': randomUUID() } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
  }
  const coordination = (method: string, path: string, who: Who, body?: unknown) =>
    call('coordination', method, path, who, body);
  const gapsOf = async (who: Who, childRef: string) =>
    (
      (await coordination('GET', '/v1/gaps?status=unresolved', who)).body.gaps as Array<{
        childRef: string;
        ruleId?: string;
        restricted?: boolean;
        sector: string;
      }>
    )
      .filter((gap) => gap.childRef === childRef)
      // Without a consent covering its sector a gap is restricted: no rule, only the sector.
      .map((gap) => (gap.restricted ? `${gap.sector}: restricted` : gap.ruleId));
  const listed = async (who: Who) =>
    (
      (await coordination('GET', '/v1/children', who)).body.children as Array<{
        childRef: string;
        name: string;
      }>
    ).map((c) => [c.childRef, c.name]);

  const start = (create: Parameters<ServicesOnOneBus['start']>[0], name: string) =>
    services.start(create, `municipalities_${name}`);

  async function enrol(personalId: string, name: string): Promise<string> {
    const enrolled = await coordination('POST', '/v1/children', 'oslo', {
      personalId,
      name,
      municipality: '0301',
    });
    expect(enrolled.status).toBe(201);
    await eventually(async () =>
      expect(await listed('oslo')).toContainEqual([enrolled.body.childRef, name]),
    );
    return enrolled.body.childRef;
  }

  beforeAll(async () => {
    urls.health = await start(createHealthApp, 'health');
    urls.coordination = await start(createCoordinationApp, 'coordination');
    for (const [who, claims] of Object.entries(callers))
      tokens.set(who as Who, await signDemoToken(claims, jwtSecret, '1h'));
  });
  afterAll(() => services.close());

  let kari = '';

  it('keeps a child enrolled in 0301 there when a health fact names 4601: 0301 sees the entry naming 4601, 4601 sees nothing', async () => {
    kari = await enrol(kariPid, 'Kari Nordmann');
    // The family's consent for health, given to its coordinator, lets 0301 see the health entries.
    expect(
      (
        await coordination('PUT', `/v1/children/${kari}/coordinator`, 'oslo', {
          coordinatorId: 'coord-oslo',
          assignedAt: '2026-03-05T12:00:00+01:00',
        })
      ).status,
    ).toBe(201);
    const consent = {
      sectors: ['health'],
      givenBy: 'parent',
      givenAt: '2026-03-05T12:30:00+01:00',
    };
    expect(
      (await coordination('POST', `/v1/children/${kari}/consents`, 'osloCoordinator', consent))
        .status,
    ).toBe(201);
    const followUp = {
      followUpId: 'F-BERGEN',
      personalId: kariPid,
      municipality: '4601',
      kind: 'gp',
      occurredAt: '2026-03-12T13:00:00+01:00',
    };
    expect((await call('health', 'POST', '/v1/follow-ups', 'hospital', followUp)).status).toBe(201);

    const entry = await eventually(async () => {
      const timeline = await coordination(
        'GET',
        `/v1/children/${kari}/timeline?sector=health`,
        'oslo',
      );
      expect(timeline.body.entries).toHaveLength(1);
      return timeline.body.entries[0];
    });
    expect(entry).toMatchObject({
      type: 'no.samvirke.health.follow-up-recorded.v1',
      municipality: '4601',
    });
    expect(await listed('oslo')).toContainEqual([kari, 'Kari Nordmann']);
    expect(await listed('bergen')).toEqual([]);
    expect((await coordination('GET', `/v1/children/${kari}`, 'bergen')).status).toBe(404);
    expect((await coordination('GET', `/v1/children/${kari}/timeline`, 'bergen')).status).toBe(404);
    expect((await coordination('GET', '/v1/gaps', 'bergen')).body.gaps).toEqual([]);
  });

  it('refuses with 403 a health fact, new or follow-on, about a municipality the token does not serve', async () => {
    const inBergen = {
      admissionId: 'A-HAUK',
      personalId: kariPid,
      municipality: '4601',
      facility: 'Haukeland',
      kind: 'inpatient',
      admittedAt: '2026-03-02T08:15:00+01:00',
    };
    const refused = await call('health', 'POST', '/v1/admissions', 'osloHealth', inBergen);
    expect(refused).toMatchObject({ status: 403, body: { errors: [{ field: 'municipality' }] } });
    expect((await call('health', 'POST', '/v1/admissions', 'hospital', inBergen)).status).toBe(201);
    const discharge = {
      dischargedAt: '2026-03-09T14:00:00+01:00',
      followUpNeeded: true,
      destination: 'home',
    };
    const followOn = await call(
      'health',
      'POST',
      '/v1/admissions/A-HAUK/discharge',
      'osloHealth',
      discharge,
    );
    expect(followOn).toMatchObject({ status: 403, body: { errors: [{ field: 'admissionId' }] } });
    expect(
      (await call('health', 'POST', '/v1/admissions/A-HAUK/discharge', 'hospital', discharge))
        .status,
    ).toBe(201);
  });

  it('refuses to enrol a child enrolled in another municipality, moving nothing and showing nothing of it', async () => {
    const attempt = await coordination('POST', '/v1/children', 'bergen', {
      personalId: kariPid,
      name: 'Somebody Else',
      municipality: '4601',
    });
    expect(attempt).toMatchObject({ status: 409, body: { code: 'enrolled-elsewhere' } });
    expect(attempt.text).not.toMatch(/0301|Kari|c1_/);
    expect(await listed('oslo')).toContainEqual([kari, 'Kari Nordmann']);
    expect(await listed('bergen')).toEqual([]);
  });

  it('moves a child only when the receiving unit accepts the transfer; until then the receiver sees only the pending transfer', async () => {
    // The discharge without its summary (above) is a gap of the child's municipality.
    await eventually(async () =>
      expect(await gapsOf('oslo', kari)).toContain('health.discharge-summary'),
    );
    const requested = await coordination('POST', `/v1/children/${kari}/transfers`, 'oslo', {
      toMunicipality: '4601',
    });
    expect(requested).toMatchObject({
      status: 201,
      body: {
        childRef: kari,
        transferId: expect.any(String),
        status: 'pending',
        toMunicipality: '4601',
      },
    });
    const { transferId } = requested.body;
    // The same request again is the open transfer; another destination waits for its answer.
    expect(
      await coordination('POST', `/v1/children/${kari}/transfers`, 'oslo', {
        toMunicipality: '4601',
      }),
    ).toMatchObject({ status: 200, body: { transferId } });
    expect(
      await coordination('POST', `/v1/children/${kari}/transfers`, 'oslo', {
        toMunicipality: '5001',
      }),
    ).toMatchObject({ status: 409, body: { code: 'transfer-open' } });
    expect(
      (
        await coordination('POST', `/v1/children/${kari}/transfers`, 'bergen', {
          toMunicipality: '4601',
        })
      ).status,
    ).not.toBe(201);

    const pending = await eventually(async () => {
      const answer = await coordination('GET', '/v1/transfers?status=pending', 'bergen');
      expect(answer.body.transfers).toHaveLength(1);
      return answer.body.transfers[0];
    });
    expect(pending).toEqual({
      transferId,
      direction: 'incoming',
      childRef: kari,
      name: 'Kari Nordmann',
      fromMunicipality: '0301',
      toMunicipality: '4601',
      status: 'pending',
      requestedAt: expect.any(String),
      answeredAt: null,
    });
    expect((await coordination('GET', '/v1/transfers', 'trondheim')).body.transfers).toEqual([]);
    expect(await listed('bergen')).toEqual([]);
    expect((await coordination('GET', `/v1/children/${kari}`, 'bergen')).status).toBe(404);

    // Only the receiving unit answers: anyone else finds no such transfer.
    expect(
      (await coordination('POST', `/v1/transfers/${transferId}/accept`, 'trondheim')).status,
    ).toBe(404);
    expect((await coordination('POST', `/v1/transfers/${transferId}/accept`, 'oslo')).status).toBe(
      404,
    );
    expect(
      await coordination('POST', `/v1/transfers/${transferId}/accept`, 'bergen'),
    ).toMatchObject({ status: 201, body: { childRef: kari, transferId, status: 'accepted' } });
    expect(
      (await coordination('POST', `/v1/transfers/${transferId}/accept`, 'bergen')).status,
    ).toBe(200);
    expect(
      await coordination('POST', `/v1/transfers/${transferId}/decline`, 'bergen', {
        reason: 'Changed our mind.',
      }),
    ).toMatchObject({ status: 409, body: { code: 'transfer-accepted' } });

    await eventually(async () => expect(await listed('bergen')).toEqual([[kari, 'Kari Nordmann']]));
    // Its unresolved gaps go with it; the consent, given to 0301's services, does not.
    await eventually(async () =>
      expect(await gapsOf('bergen', kari)).toContain('health: restricted'),
    );
    expect(await gapsOf('oslo', kari)).toEqual([]);
    expect(await listed('oslo')).not.toContainEqual([kari, 'Kari Nordmann']);
    expect((await coordination('GET', `/v1/children/${kari}`, 'oslo')).status).toBe(404);
    const summary = await coordination('GET', `/v1/children/${kari}`, 'bergen');
    expect(summary).toMatchObject({ status: 200, body: { coordinator: null } });
    const timeline = await eventually(async () => {
      const answer = await coordination(
        'GET',
        `/v1/children/${kari}/timeline?sector=coordination`,
        'bergen',
      );
      expect(answer.body.entries.map((e: { summary: string }) => e.summary)).toContain(
        'Transferred to another municipality',
      );
      return answer.body.entries as Array<{ summary: string }>;
    });
    expect(timeline.map((e) => e.summary)).toContain('Transfer to another municipality requested');
    const outgoing = (await coordination('GET', '/v1/transfers', 'oslo')).body.transfers;
    expect(outgoing).toEqual([
      expect.objectContaining({
        transferId,
        direction: 'outgoing',
        status: 'accepted',
        name: null,
      }),
    ]);
  });

  it('leaves the child where it is when the receiving unit declines, and shows the sender the reason', async () => {
    const ola = await enrol(olaPid, 'Ola Nordmann');
    const { transferId } = (
      await coordination('POST', `/v1/children/${ola}/transfers`, 'oslo', {
        toMunicipality: '5001',
      })
    ).body;
    await eventually(async () =>
      expect(
        (await coordination('GET', '/v1/transfers?status=pending', 'trondheim')).body.transfers,
      ).toHaveLength(1),
    );
    expect(
      (
        await coordination('POST', `/v1/transfers/${transferId}/decline`, 'trondheim', {
          reason: '   ',
        })
      ).status,
    ).toBe(400);
    expect(
      await coordination('POST', `/v1/transfers/${transferId}/decline`, 'trondheim', {
        reason: 'The family is not registered here.',
      }),
    ).toMatchObject({ status: 201, body: { childRef: ola, status: 'declined' } });
    expect(
      await coordination('POST', `/v1/transfers/${transferId}/accept`, 'trondheim'),
    ).toMatchObject({ status: 409, body: { code: 'transfer-declined' } });

    await eventually(async () =>
      expect(
        (await coordination('GET', '/v1/transfers?status=declined', 'oslo')).body.transfers,
      ).toEqual([
        expect.objectContaining({
          transferId,
          name: 'Ola Nordmann',
          reason: 'The family is not registered here.',
        }),
      ]),
    );
    expect((await coordination('GET', '/v1/transfers', 'trondheim')).body.transfers).toEqual([
      expect.objectContaining({ transferId, status: 'declined', name: null }),
    ]);
    expect(await listed('oslo')).toContainEqual([ola, 'Ola Nordmann']);
    expect(await listed('trondheim')).toEqual([]);
  });

  it('answers bad transfer requests with 400 naming the field, and a transfer to the child’s own municipality with 409', async () => {
    const per = await enrol(perPid, 'Per Hansen');
    expect(
      await coordination('POST', `/v1/children/${per}/transfers`, 'oslo', {
        toMunicipality: 'Bergen',
      }),
    ).toMatchObject({ status: 400, body: { errors: [{ field: 'toMunicipality' }] } });
    expect(
      await coordination('POST', `/v1/children/${per}/transfers`, 'oslo', {
        toMunicipality: '0301',
      }),
    ).toMatchObject({ status: 409, body: { code: 'same-municipality' } });
    expect(await coordination('POST', '/v1/transfers/not-a-uuid/accept', 'bergen')).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'transferId' }] },
    });
    expect((await coordination('GET', '/v1/transfers?status=maybe', 'bergen')).body.errors).toEqual(
      [expect.objectContaining({ field: 'status' })],
    );
  });
});
