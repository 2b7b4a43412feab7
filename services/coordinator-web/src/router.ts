import { useEffect, useState } from 'react';

// Hash routes, so the service serves one file at `/` and a reload keeps the page.
export type Route =
  | { page: 'caseload' }
  | { page: 'gaps' }
  | { page: 'dashboard' }
  | { page: 'child'; childRef: string }
  | { page: 'access-log'; childRef: string }
  | { page: 'not-found' };

const CHILD_REF = '[A-Za-z0-9_-]+';

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  if (path === '/' || path === '/caseload') return { page: 'caseload' };
  if (path === '/gaps') return { page: 'gaps' };
  if (path === '/dashboard') return { page: 'dashboard' };
  const child = new RegExp(`^/children/(${CHILD_REF})$`).exec(path);
  if (child) return { page: 'child', childRef: child[1] };
  const log = new RegExp(`^/children/(${CHILD_REF})/access-log$`).exec(path);
  if (log) return { page: 'access-log', childRef: log[1] };
  return { page: 'not-found' };
}

export const href = {
  caseload: () => '#/caseload',
  gaps: () => '#/gaps',
  dashboard: () => '#/dashboard',
  child: (childRef: string) => `#/children/${childRef}`,
  accessLog: (childRef: string) => `#/children/${childRef}/access-log`,
};

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
