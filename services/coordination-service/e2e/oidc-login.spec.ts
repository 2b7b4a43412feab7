/// <reference lib="dom" />
import { COORDINATION_TOPIC } from '@samvirke/contracts';
import { freePort, launchChromium } from '@samvirke/testing';
import { SectorHarness } from '@samvirke/write-side/testing';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { createCoordinationApp, type CoordinationConfig } from '../src';

// Log-in in production: the web page sends the browser to the municipality's OpenID Connect
// provider (authorization code with PKCE) and calls the API with the access token it returns,
// which the service checks against the provider's keys (SAMVIRKE_JWKS_URL, RS256). The provider
// here is a small one of the test's own that logs in whoever comes, as a real one would after a
// password; the page is built with Vite into a folder of the test's own.
const root = join(__dirname, '..', '..', '..');
jest.setTimeout(180_000);

interface PendingCode {
  challenge: string;
  redirectUri: string;
  clientId: string;
}

describe('log-in with an OpenID Connect provider (authorization code + PKCE)', () => {
  const webRoot = mkdtempSync(join(tmpdir(), 'samvirke-web-oidc-'));
  const codes = new Map<string, PendingCode>();
  const tokenRequests: URLSearchParams[] = [];
  let provider: Server;
  let issuer = '';
  let harness: SectorHarness;
  let browser: Browser;

  beforeAll(async () => {
    execFileSync(
      process.execPath,
      [
        join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js'),
        'build',
        'services/coordinator-web',
        '--outDir',
        webRoot,
        '--emptyOutDir',
        '--logLevel',
        'error',
      ],
      { cwd: root },
    );

    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    provider = createServer((request, response) => {
      const url = new URL(request.url ?? '/', issuer);
      const json = (status: number, body: unknown) => {
        response.writeHead(status, {
          'content-type': 'application/json',
          'access-control-allow-origin': '*',
        });
        response.end(JSON.stringify(body));
      };
      if (url.pathname === '/.well-known/openid-configuration') {
        return json(200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
        });
      }
      if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
      if (url.pathname === '/authorize') {
        const q = url.searchParams;
        if (
          q.get('response_type') !== 'code' ||
          q.get('code_challenge_method') !== 'S256' ||
          !q.get('code_challenge')
        )
          return json(400, { error: 'invalid_request' });
        const code = randomBytes(16).toString('hex');
        codes.set(code, {
          challenge: q.get('code_challenge') as string,
          redirectUri: q.get('redirect_uri') as string,
          clientId: q.get('client_id') as string,
        });
        const back = new URL(q.get('redirect_uri') as string);
        back.searchParams.set('code', code);
        back.searchParams.set('state', q.get('state') as string);
        response.writeHead(302, { location: back.toString() });
        return response.end();
      }
      if (url.pathname === '/token' && request.method === 'POST') {
        let raw = '';
        request.on('data', (chunk) => (raw += chunk));
        request.on('end', () => {
          const form = new URLSearchParams(raw);
          tokenRequests.push(form);
          const pending = codes.get(form.get('code') ?? '');
          codes.delete(form.get('code') ?? '');
          const verified = createHash('sha256')
            .update(form.get('code_verifier') ?? '')
            .digest('base64url');
          if (
            !pending ||
            pending.challenge !== verified ||
            pending.redirectUri !== form.get('redirect_uri') ||
            pending.clientId !== form.get('client_id')
          ) {
            return json(400, { error: 'invalid_grant' });
          }
          void new SignJWT({
            roles: ['coordinating-unit'],
            municipality: '5001',
            name: 'Kari fra KE',
          })
            .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
            .setSubject('kari-ke')
            .setIssuer(issuer)
            .setIssuedAt()
            .setExpirationTime('10m')
            .sign(privateKey)
            .then((token) =>
              json(200, { access_token: token, token_type: 'Bearer', expires_in: 600 }),
            );
        });
        return;
      }
      json(404, { error: 'not_found' });
    });
    await new Promise<void>((listening) => provider.listen(port, '127.0.0.1', listening));

    harness = await SectorHarness.start(
      (options) =>
        createCoordinationApp({
          ...options,
          config: {
            ...options.config,
            SAMVIRKE_JWKS_URL: `${issuer}/jwks`,
            SAMVIRKE_JWT_ISSUER: issuer,
            SAMVIRKE_OIDC_ISSUER: issuer,
            SAMVIRKE_OIDC_CLIENT_ID: 'samvirke-web',
            SAMVIRKE_WEB_ROOT: webRoot,
          } as CoordinationConfig,
          projection: false,
          scheduler: false,
        }),
      { role: 'coordinating-unit', topic: COORDINATION_TOPIC, name: 'coordination_oidc' },
    );
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.close();
    await new Promise((closed) => provider?.close(closed));
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('lets the page connect to the provider, and offers its log-in instead of demo users', async () => {
    const index = await fetch(`${harness.url}/`);
    expect(index.headers.get('content-security-policy')).toContain(`connect-src 'self' ${issuer};`);
    const options = await (await fetch(`${harness.url}/v1/session/options`)).json();
    expect(options).toEqual({
      oidc: { issuer, clientId: 'samvirke-web', scope: 'openid profile' },
      demoLogin: null,
    });
  });

  it('logs in through the provider with PKCE, and the API takes the provider’s token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${harness.url}/`);
    await page.getByRole('button', { name: 'Logg inn med kommunens innlogging' }).click();
    // Back on the page, logged in: the header names the person from the provider's token.
    await page.locator('header.top nav').waitFor();
    expect(await page.locator('header.top .who').textContent()).toContain('Kari fra KE');
    expect(new URL(page.url()).search).toBe(''); // the code is gone from the address bar
    const token = await page.evaluate(() => sessionStorage.getItem('samvirke.token'));
    const me = await fetch(`${harness.url}/v1/session`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await me.json()).toEqual({
      sub: 'kari-ke',
      name: 'Kari fra KE',
      roles: ['coordinating-unit'],
      municipality: '5001',
    });
    // The page traded the code with its verifier, as a public client (no secret).
    const trade = tokenRequests.at(-1) as URLSearchParams;
    expect(trade.get('grant_type')).toBe('authorization_code');
    expect(trade.get('client_id')).toBe('samvirke-web');
    expect(trade.has('client_secret')).toBe(false);
    await context.close();
  });

  it('refuses a redirect back that this page did not start (state does not match), and stays logged out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${harness.url}/?code=forged&state=forged`);
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('state');
    expect(await page.evaluate(() => sessionStorage.getItem('samvirke.token'))).toBeNull();
    expect(await page.locator('header.top nav').count()).toBe(0);
    await context.close();
  });
});
