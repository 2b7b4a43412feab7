import { COORDINATION_TOPIC } from '@samvirke/contracts';
import { SectorHarness } from '@samvirke/write-side/testing';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { DOCS_CONTENT_SECURITY_POLICY } from '@samvirke/platform';
import { createCoordinationApp, type CoordinationConfig } from '../src';
import { pageSecurityHeaders } from '../src/web/static-page';

// What the coordinator web page stands on, over HTTP: its files at `/` with their security
// headers, the log-in options, the embedded run's demo log-in (on only when configured) and
// "who am I". The page itself is tested in a browser (services/coordinator-web/e2e).
describe('coordination-service: the web page and its log-in', () => {
  const webRoot = mkdtempSync(join(tmpdir(), 'samvirke-web-root-'));
  const emptyRoot = mkdtempSync(join(tmpdir(), 'samvirke-no-web-'));
  let demo: SectorHarness;
  let plain: SectorHarness;

  const start = (name: string, extra: Partial<CoordinationConfig>) =>
    SectorHarness.start(
      (options) =>
        createCoordinationApp({
          ...options,
          config: { ...options.config, ...extra } as CoordinationConfig,
          projection: false,
          scheduler: false,
        }),
      { role: 'coordinating-unit', topic: COORDINATION_TOPIC, name },
    );

  const call = (
    harness: SectorHarness,
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ) => harness.request(method, path, options);

  beforeAll(async () => {
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><div id="root"></div>');
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'assets', 'index-abc123.js'), 'console.log(1)');
    demo = await start('coordination_web_demo', {
      SAMVIRKE_DEMO_LOGIN: '5001',
      SAMVIRKE_WEB_ROOT: webRoot,
    });
    plain = await start('coordination_web_plain', { SAMVIRKE_WEB_ROOT: emptyRoot });
    // A coordinator with one child in 5001 and one elsewhere, as the projection would have written them.
    const db = new Pool({ connectionString: demo.config.DATABASE_URL, max: 1 });
    await db.query(
      `INSERT INTO read_model.children (child_ref, municipality, enrolled, coordinator_id, facts) VALUES
       ('c1_web-a', '5001', true, 'coord-kari', '{}'), ('c1_web-b', '4601', true, 'coord-bergen', '{}')`,
    );
    await db.end();
  });
  afterAll(async () => {
    await demo?.close();
    await plain?.close();
    rmSync(webRoot, { recursive: true, force: true });
    rmSync(emptyRoot, { recursive: true, force: true });
  });

  it('serves the page at / with a content security policy, index never cached and hashed assets for a year', async () => {
    const index = await call(demo, 'GET', '/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<div id="root">');
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(index.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const asset = await call(demo, 'GET', '/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    // The API is untouched by the files: an unknown API path is still a problem+json 404.
    const missing = await call(demo, 'GET', '/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
  });

  it('gives Swagger UI at /docs a policy of its own, and leaves the page its own, unchanged', async () => {
    const docs = await call(demo, 'GET', '/docs');
    expect(docs.status).toBe(200);
    expect(docs.body).toContain('swagger-ui');
    expect(docs.headers.get('content-security-policy')).toBe(DOCS_CONTENT_SECURITY_POLICY);
    const asset = await call(demo, 'GET', '/docs/swagger-ui-init.js');
    expect(asset.headers.get('content-security-policy')).toBe(DOCS_CONTENT_SECURITY_POLICY);
    const page = await call(demo, 'GET', '/');
    expect(page.headers.get('content-security-policy')).toBe(
      pageSecurityHeaders()['Content-Security-Policy'],
    );
    expect(page.headers.get('content-security-policy')).not.toBe(DOCS_CONTENT_SECURITY_POLICY);
  });

  it('says how to build the page when it is not built, instead of a bare 404', async () => {
    const index = await call(plain, 'GET', '/');
    expect(index.status).toBe(404);
    expect(index.body).toContain('npm run build');
  });

  it('offers the demo users of the configured municipality: its coordinators, the coordinating unit and an auditor', async () => {
    const options = await call(demo, 'GET', '/v1/session/options');
    expect(options.status).toBe(200);
    expect(options.body.oidc).toBeNull();
    expect(options.body.demoLogin.municipality).toBe('5001');
    expect(options.body.demoLogin.users).toEqual([
      {
        id: 'coord-kari',
        name: 'Koordinator 1',
        roles: ['coordinator'],
        municipality: '5001',
        children: 1,
      },
      {
        id: 'demo-ke',
        name: 'Koordinerende enhet',
        roles: ['coordinating-unit'],
        municipality: '5001',
      },
      { id: 'demo-revisor', name: 'Revisor', roles: ['auditor'], municipality: '5001' },
    ]);
    expect((await call(plain, 'GET', '/v1/session/options')).body).toEqual({
      oidc: null,
      demoLogin: null,
    });
  });

  it('logs a demo user in with a bearer token the API accepts, and says who its bearer is', async () => {
    const login = await call(demo, 'POST', '/v1/session/demo', { body: { userId: 'coord-kari' } });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 28800,
      access_token: expect.stringMatching(/^ey/),
    });
    const me = await call(demo, 'GET', '/v1/session', { token: login.body.access_token });
    expect(me.body).toEqual({
      sub: 'coord-kari',
      name: 'Koordinator 1',
      roles: ['coordinator'],
      municipality: '5001',
    });
    expect(
      (await call(demo, 'GET', '/v1/children', { token: login.body.access_token })).status,
    ).toBe(200);
    expect((await call(demo, 'GET', '/v1/session')).status).toBe(401);
  });

  it('refuses a user who is not a demo user (400 naming userId) and has no demo log-in unless configured (404)', async () => {
    for (const body of [{ userId: 'coord-bergen' }, { userId: '' }, {}]) {
      const refused = await call(demo, 'POST', '/v1/session/demo', { body });
      expect(refused.status).toBe(400);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toContain('userId');
    }
    const off = await call(plain, 'POST', '/v1/session/demo', { body: { userId: 'demo-ke' } });
    expect(off.status).toBe(404);
  });
});
