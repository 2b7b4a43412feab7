import {
  createRemoteJWKSet,
  customFetch,
  errors as joseErrors,
  type FetchImplementation,
  JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';
import { request as httpsRequest } from 'node:https';
import { Principal, principalFromClaims, Role } from './principal';

export interface TokenSettings {
  /** HS256 key (the demo and tests). */
  secret?: string;
  /** RS256/ES256 public keys (production). Wins over `secret` when both are set. */
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Refuse a JWKS URL that is not https (production). */
  requireHttps?: boolean;
  /** PEM of the CA that signed the JWKS server's certificate, when it is not a public one. */
  jwksCa?: string;
}

/** A token that cannot be trusted; the guard answers 401 with its message. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

/** The keys could not be fetched (JWKS down): not the caller's fault, so the guard answers 503. */
export class KeysUnavailableError extends Error {
  override readonly name = 'KeysUnavailableError';
}

type KeyInput = Parameters<typeof jwtVerify>[1];

/** Verifies bearer tokens and reads their principal. One per app; the JWKS is cached by jose. */
export class TokenVerifier {
  private readonly key: KeyInput;
  private readonly algorithms: string[];

  constructor(private readonly settings: TokenSettings) {
    if (settings.jwksUrl) {
      const url = new URL(settings.jwksUrl);
      if (settings.requireHttps && url.protocol !== 'https:') {
        throw new Error(
          'the JWKS URL must be https: keys fetched over plain http can be swapped on the way',
        );
      }
      this.key = createRemoteJWKSet(
        url,
        settings.jwksCa ? { [customFetch]: fetchTrusting(settings.jwksCa) } : {},
      );
      this.algorithms = ['RS256', 'ES256'];
    } else if (settings.secret) {
      this.key = new TextEncoder().encode(settings.secret);
      this.algorithms = ['HS256'];
    } else {
      throw new Error('TokenVerifier needs a secret or a JWKS URL');
    }
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: this.algorithms,
        requiredClaims: ['exp'],
        ...(this.settings.issuer ? { issuer: this.settings.issuer } : {}),
        ...(this.settings.audience ? { audience: this.settings.audience } : {}),
      }));
    } catch (error) {
      if (!(error instanceof joseErrors.JOSEError) || error instanceof joseErrors.JWKSTimeout) {
        throw new KeysUnavailableError('the signing keys could not be fetched', { cause: error });
      }
      throw new InvalidTokenError(reason(error));
    }
    const principal = principalFromClaims(payload);
    if ('error' in principal) throw new InvalidTokenError(principal.error);
    // Who vouches for the caller: idempotency keys are scoped by it.
    return typeof payload.iss === 'string' ? { ...principal, issuer: payload.iss } : principal;
  }
}

/** A GET for the JWKS that trusts the given CA besides the public ones (an internal identity provider). */
function fetchTrusting(ca: string): FetchImplementation {
  return (url, options) =>
    new Promise<Response>((resolve, reject) => {
      const request = httpsRequest(
        url,
        { method: 'GET', headers: Object.fromEntries(options.headers), ca, signal: options.signal },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              if (typeof value === 'string') headers.set(name, value);
            }
            resolve(
              new Response(Buffer.concat(chunks), { status: response.statusCode ?? 500, headers }),
            );
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end();
    });
}

/** Says why a token failed without echoing anything from inside it. */
function reason(error: InstanceType<typeof joseErrors.JOSEError>): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed)
    return 'the token is signed with an algorithm that is not accepted';
  if (error instanceof joseErrors.JWKSNoMatchingKey)
    return 'the token is signed with an unknown key';
  return 'the token is not a valid signed JWT';
}

export interface DemoClaims {
  sub: string;
  roles: Role[];
  municipality?: string;
  /** A sector system serving several municipalities (see Principal). */
  municipalities?: string[];
  name?: string;
}

/**
 * Signs an HS256 token with the given claims: for tests, the embedded run and `npm run token`.
 * `ttl` is a jose time span (`'8h'`, `'15m'`) or seconds.
 */
export async function signDemoToken(
  claims: DemoClaims,
  secret: string,
  ttl: string | number = '8h',
  options: { issuer?: string; audience?: string } = {},
): Promise<string> {
  const { sub, ...rest } = claims;
  const jwt = new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(typeof ttl === 'number' ? Math.floor(Date.now() / 1000) + ttl : ttl);
  if (options.issuer) jwt.setIssuer(options.issuer);
  if (options.audience) jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
