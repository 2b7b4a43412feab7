import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { principalFromClaims, reachOf, reaches } from './principal';
import { InvalidTokenError, KeysUnavailableError, signDemoToken, TokenVerifier } from './tokens';

const SECRET = 'a-demo-secret-that-is-long-enough-0001';

describe('principalFromClaims', () => {
  it('reads sub, known roles, municipality and name', () => {
    expect(
      principalFromClaims({
        sub: 'u1',
        roles: ['coordinator', 'janitor'],
        municipality: '4601',
        name: 'Kari',
      }),
    ).toEqual({
      sub: 'u1',
      roles: ['coordinator'],
      municipality: '4601',
      name: 'Kari',
    });
  });

  it('names the caller by sub when the token has no name', () => {
    expect(principalFromClaims({ sub: 'u1', roles: [] })).toEqual({
      sub: 'u1',
      roles: [],
      name: 'u1',
    });
  });

  it.each([
    [{ roles: [] }, 'subject'],
    [{ sub: 'u1' }, 'roles'],
    [{ sub: 'u1', roles: 'coordinator' }, 'roles'],
    [{ sub: 'u1', roles: [], municipality: '301' }, 'municipality'],
    [{ sub: 'u1', roles: [], municipalities: '0301' }, 'municipalities'],
    [{ sub: 'u1', roles: [], municipalities: [] }, 'municipalities'],
    [{ sub: 'u1', roles: [], municipalities: ['0301', 'Oslo'] }, 'municipalities'],
    [{ sub: 'u1', roles: [], municipality: '0301', municipalities: ['4601'] }, 'both'],
  ])('refuses claims %j (%s)', (claims, what) => {
    expect(principalFromClaims(claims)).toEqual({ error: expect.stringContaining(what) });
  });
});

describe('the municipalities a token serves', () => {
  const reachOfClaims = (claims: Record<string, unknown>) => {
    const principal = principalFromClaims({ sub: 'system', ...claims });
    if ('error' in principal) throw new Error(principal.error);
    return reachOf(principal);
  };

  it('serves its one municipality: a municipal school system', () => {
    const reach = reachOfClaims({ roles: ['sector:school'], municipality: '0301' });
    expect([reaches(reach, '0301'), reaches(reach, '4601')]).toEqual([true, false]);
  });

  it('serves the listed municipalities: a hospital of a region', () => {
    const reach = reachOfClaims({
      roles: ['sector:health'],
      municipalities: ['4601', '0301', '4601'],
    });
    expect(reach).toEqual(['0301', '4601']);
    expect([reaches(reach, '4601'), reaches(reach, '5001')]).toEqual([true, false]);
  });

  it('serves every municipality when a sector token names none: a national hospital', () => {
    expect(reachOfClaims({ roles: ['sector:health'] })).toBe('national');
  });

  it('reaches no one for a token that is neither a sector system nor tied to a municipality', () => {
    const reach = reachOfClaims({ roles: ['coordinating-unit'] });
    expect(reach).toEqual([]);
    expect(reaches(reach, '0301')).toBe(false);
  });
});

describe('TokenVerifier with a secret (HS256)', () => {
  const verifier = new TokenVerifier({
    secret: SECRET,
    issuer: 'samvirke',
    audience: 'samvirke-api',
  });

  it('verifies a demo token and reads its principal', async () => {
    const token = await signDemoToken(
      { sub: 'u1', roles: ['auditor'], municipality: '0301' },
      SECRET,
      '5m',
      {
        issuer: 'samvirke',
        audience: 'samvirke-api',
      },
    );
    await expect(verifier.verify(token)).resolves.toEqual({
      sub: 'u1',
      roles: ['auditor'],
      municipality: '0301',
      name: 'u1',
      issuer: 'samvirke',
    });
  });

  it('refuses a token for another audience', async () => {
    const token = await signDemoToken({ sub: 'u1', roles: [] }, SECRET, '5m', {
      issuer: 'samvirke',
      audience: 'elsewhere',
    });
    await expect(verifier.verify(token)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses a token without an expiry', async () => {
    const token = await new SignJWT({ roles: [] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setIssuer('samvirke')
      .setAudience('samvirke-api')
      .sign(new TextEncoder().encode(SECRET));
    await expect(verifier.verify(token)).rejects.toThrow(InvalidTokenError);
  });
});

describe('TokenVerifier with a JWKS over https (production)', () => {
  let server: HttpsServer;
  let jwksUrl: string;
  let cert: string;
  let signer: CryptoKey;
  let dir: string;

  beforeAll(async () => {
    // A self-signed certificate for 127.0.0.1, made here: the JWKS is served as a real https server.
    dir = mkdtempSync(join(tmpdir(), 'samvirke-jwks-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const pair = await generateKeyPair('ES256');
    signer = pair.privateKey;
    const keys = [{ ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' }];
    server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (_req, res) =>
      res.setHeader('Content-Type', 'application/json').end(JSON.stringify({ keys })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const production = () =>
    new TokenVerifier({
      jwksUrl,
      jwksCa: cert,
      requireHttps: true,
      issuer: 'https://idp.kommune.example',
      audience: 'samvirke',
    });
  const sign = (claims: { iss?: string; aud?: string }) => {
    const jwt = new SignJWT({ roles: ['coordinator'], municipality: '4601' })
      .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
      .setSubject('kari')
      .setExpirationTime('5m');
    if (claims.iss) jwt.setIssuer(claims.iss);
    if (claims.aud) jwt.setAudience(claims.aud);
    return jwt.sign(signer);
  };

  it('verifies a token against keys fetched over https, with its issuer', async () => {
    const token = await sign({ iss: 'https://idp.kommune.example', aud: 'samvirke' });
    await expect(production().verify(token)).resolves.toMatchObject({
      sub: 'kari',
      issuer: 'https://idp.kommune.example',
    });
  });

  it.each([
    ['another issuer', { iss: 'https://elsewhere.example', aud: 'samvirke' }],
    ['no issuer', { aud: 'samvirke' }],
    ['another audience', { iss: 'https://idp.kommune.example', aud: 'someone-else' }],
    ['no audience', { iss: 'https://idp.kommune.example' }],
  ])('refuses a token with %s', async (_what, claims) => {
    await expect(production().verify(await sign(claims))).rejects.toThrow(InvalidTokenError);
  });

  it('refuses a JWKS over plain http', () => {
    expect(
      () => new TokenVerifier({ jwksUrl: jwksUrl.replace('https:', 'http:'), requireHttps: true }),
    ).toThrow(/https/);
  });

  it('does not trust a certificate it was not told about', async () => {
    const verifier = new TokenVerifier({ jwksUrl, requireHttps: true });
    await expect(verifier.verify(await sign({}))).rejects.toThrow(KeysUnavailableError);
  });
});

describe('TokenVerifier with a JWKS URL (RS256/ES256)', () => {
  let server: Server;
  let jwksUrl: string;
  let es256: CryptoKey;
  let rs256: CryptoKey;

  beforeAll(async () => {
    const ec = await generateKeyPair('ES256');
    const rsa = await generateKeyPair('RS256');
    es256 = ec.privateKey;
    rs256 = rsa.privateKey;
    const keys = [
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
    ];
    server = createServer((_req, res) =>
      res.setHeader('Content-Type', 'application/json').end(JSON.stringify({ keys })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const sign = (alg: string, kid: string, key: CryptoKey | Uint8Array) =>
    new SignJWT({ roles: ['coordinator'], municipality: '4601' })
      .setProtectedHeader({ alg, kid })
      .setSubject('kari')
      .setExpirationTime('5m')
      .sign(key);

  it.each(['ES256', 'RS256'])('verifies a %s token against the published keys', async (alg) => {
    const verifier = new TokenVerifier({ jwksUrl });
    const token = await sign(
      alg,
      alg === 'ES256' ? 'ec-1' : 'rsa-1',
      alg === 'ES256' ? es256 : rs256,
    );
    await expect(verifier.verify(token)).resolves.toMatchObject({
      sub: 'kari',
      roles: ['coordinator'],
    });
  });

  it('refuses an HS256 token when keys come from a JWKS', async () => {
    const verifier = new TokenVerifier({ jwksUrl });
    await expect(
      verifier.verify(await sign('HS256', 'ec-1', new TextEncoder().encode(SECRET))),
    ).rejects.toThrow(InvalidTokenError);
  });

  it('says the keys are unavailable, not that the token is bad, when the JWKS cannot be fetched', async () => {
    const verifier = new TokenVerifier({ jwksUrl: 'http://127.0.0.1:1/jwks' });
    await expect(verifier.verify(await sign('ES256', 'ec-1', es256))).rejects.toThrow(
      KeysUnavailableError,
    );
  });
});
