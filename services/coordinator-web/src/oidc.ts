// Log-in with the municipality's OpenID Connect provider: authorization code with PKCE (RFC
// 7636), the page a public client. The access token the provider returns is the bearer token
// for the API, which checks it against the provider's keys (SAMVIRKE_JWKS_URL).

export interface OidcSettings {
  issuer: string;
  clientId: string;
  scope: string;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

const PENDING = 'samvirke.oidc';

async function discover(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`The identity provider answered ${response.status}.`);
  return (await response.json()) as Discovery;
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function randomString(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** Where the provider sends the browser back: this page, without its query. */
function redirectUri(): string {
  return `${window.location.origin}${window.location.pathname}`;
}

/** Sends the browser to the provider's log-in; it comes back to this page with `?code&state`. */
export async function startOidcLogin(settings: OidcSettings): Promise<void> {
  const { authorization_endpoint } = await discover(settings.issuer);
  const verifier = randomString();
  const state = randomString();
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const url = new URL(authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: settings.clientId,
    redirect_uri: redirectUri(),
    scope: settings.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.toString());
}

/** Whether the page was opened by the provider's redirect back. */
export function isOidcReturn(): boolean {
  const query = new URLSearchParams(window.location.search);
  return query.has('state') && (query.has('code') || query.has('error'));
}

/**
 * Back from the provider: checks the state, trades the code and the PKCE verifier for tokens,
 * removes them from the address bar, and returns the access token.
 */
export async function completeOidcLogin(settings: OidcSettings): Promise<string> {
  const query = new URLSearchParams(window.location.search);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as {
    verifier: string;
    state: string;
  } | null;
  sessionStorage.removeItem(PENDING);
  window.history.replaceState(null, '', redirectUri() + window.location.hash);
  if (query.get('error'))
    throw new Error(
      `The identity provider refused: ${query.get('error_description') ?? query.get('error')}`,
    );
  if (!pending || query.get('state') !== pending.state)
    throw new Error('The log-in did not start here (state does not match); try again.');
  const { token_endpoint } = await discover(settings.issuer);
  const response = await fetch(token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: query.get('code') ?? '',
      redirect_uri: redirectUri(),
      client_id: settings.clientId,
      code_verifier: pending.verifier,
    }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    error?: string;
  };
  if (!response.ok || !body.access_token)
    throw new Error(`The identity provider gave no token (${body.error ?? response.status}).`);
  return body.access_token;
}
