import { signDemoToken } from '@samvirke/platform';
import { freePort, testPostgresUrl, waitFor } from '@samvirke/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { syntheticPersonalIds } from '@samvirke/identity';
import { newSecrets } from './secrets';
import { startServices, type RunningServices } from './embedded';

jest.setTimeout(180_000);

// `npm start`'s system in one process, on the in-process bus: an erasure in the coordination
// service reaches the health service's own keyring.
describe('the embedded run', () => {
  const [personalId] = syntheticPersonalIds('embedded-erasure', 1);
  const secrets = newSecrets();
  let system: RunningServices;

  beforeAll(async () => {
    const env = {
      COORDINATION_PORT: String(await freePort()),
      HEALTH_PORT: String(await freePort()),
      SCHOOL_PORT: String(await freePort()),
      CHILD_WELFARE_PORT: String(await freePort()),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      // A shell that says production: the embedded run is development whatever it says.
      SAMVIRKE_ENV: 'production',
    };
    // The services of the embedded run, on the tests' PostgreSQL in place of the run's own.
    system = await startServices({
      serverUrl: testPostgresUrl(),
      secrets,
      env,
      databasePrefix: `embedded_${randomBytes(3).toString('hex')}_`,
    });
  });
  afterAll(async () => {
    await system?.stop();
  });

  const send = async (
    service: string,
    method: string,
    path: string,
    claims: { sub: string; roles: string[]; municipality?: string },
    body?: unknown,
  ) => {
    const token = await signDemoToken(
      claims as Parameters<typeof signDemoToken>[0],
      secrets.jwtSecret,
      '10m',
    );
    const response = await fetch(`${system.urls[service]}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': `${method}-${path}-${Date.now()}`,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const hospital = { sub: 'st-olavs', roles: ['sector:health'] };
  const unit = { sub: 'ke-oslo', roles: ['coordinating-unit'], municipality: '0301' };
  const admission = (admissionId: string) => ({
    admissionId,
    personalId,
    municipality: '0301',
    facility: 'Ullevål',
    kind: 'inpatient',
    admittedAt: '2026-03-02T08:15:00+01:00',
  });

  it('forgets an erased child in the health service too, over the in-process bus', async () => {
    const admitted = await send(
      'health-service',
      'POST',
      '/v1/admissions',
      hospital,
      admission('A-1'),
    );
    expect(admitted.status).toBe(201);
    const enrolled = await send('coordination-service', 'POST', '/v1/children', unit, {
      personalId,
      name: 'Kari Embedded',
      municipality: '0301',
    });
    expect(enrolled.status).toBe(201);
    const childRef = String(enrolled.body.childRef);
    expect(admitted.body.childRef).toBe(childRef);

    expect(
      (await send('coordination-service', 'DELETE', `/v1/children/${childRef}`, unit)).status,
    ).toBe(200);

    const health = new Client({ connectionString: system.databases['health-service'] });
    await health.connect();
    try {
      const keyring = async () =>
        (
          await health.query<{ keys: number; forgotten: number }>(
            `SELECT (SELECT count(*)::int FROM identity.child_keys WHERE child_ref = $1) AS keys,
                    (SELECT count(*)::int FROM identity.forgotten_children WHERE child_ref = $1) AS forgotten`,
            [childRef],
          )
        ).rows[0];
      await waitFor(
        'the health service to forget the child',
        async () => ((await keyring()).forgotten === 1 ? true : undefined),
        { timeoutMs: 30_000, intervalMs: 200 },
      );
      expect(await keyring()).toEqual({ keys: 0, forgotten: 1 });
    } finally {
      await health.end();
    }
    const after = await send(
      'health-service',
      'POST',
      '/v1/admissions',
      hospital,
      admission('A-2'),
    );
    expect([after.status, after.body.code]).toEqual([409, 'child-erased']);
  });
});
