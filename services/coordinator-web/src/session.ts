// The session: a bearer token (from the demo log-in here, or an OIDC provider's access token)
// kept in sessionStorage, so it is gone when the tab closes and never shared between tabs.

const KEY = 'samvirke.token';

export interface Claims {
  sub: string;
  name?: string;
  roles: string[];
  municipality?: string;
  exp?: number;
}

export function storedToken(): string | undefined {
  const token = sessionStorage.getItem(KEY) ?? undefined;
  if (token === undefined) return undefined;
  const claims = claimsOf(token);
  if (!claims || (claims.exp !== undefined && claims.exp * 1000 <= Date.now())) {
    sessionStorage.removeItem(KEY);
    return undefined;
  }
  return token;
}

export function storeToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}

/** The token's claims, read (not verified: the service verifies every request). */
export function claimsOf(token: string): Claims | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Claims;
    return typeof claims.sub === 'string' && Array.isArray(claims.roles) ? claims : undefined;
  } catch {
    return undefined;
  }
}
