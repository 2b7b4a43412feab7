import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response, NextFunction } from 'express';

/**
 * What the page may load: its own files and its own API, nothing from elsewhere but the OIDC
 * provider it logs in with (`connectTo`: its discovery document and token endpoint); inline
 * style attributes only (the charts and timeline set sizes). No framing (clickjacking).
 */
export function pageSecurityHeaders(connectTo: readonly string[] = []): Record<string, string> {
  const connect = ["'self'", ...connectTo].join(' ');
  return {
    'Content-Security-Policy': `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src ${connect}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  };
}

/**
 * Serves the coordinator web page at `/` from `root` (the Vite build): `index.html` never cached
 * (a new build is picked up at once), the hashed files under `assets/` cached for a year. Without
 * a build, `/` says how to make one instead of a bare 404. The API's routes are not touched.
 */
export function serveCoordinatorWeb(
  app: NestExpressApplication,
  root: string | undefined,
  { oidcIssuer }: { oidcIssuer?: string } = {},
): void {
  const headers = pageSecurityHeaders(oidcIssuer ? [new URL(oidcIssuer).origin] : []);
  if (root === undefined) {
    app.use('/', (request: Request, response: Response, next: NextFunction) => {
      if (request.method !== 'GET' || (request.path !== '/' && request.path !== '/index.html'))
        return next();
      response
        .status(404)
        .type('text/plain')
        .send(
          'The coordinator web page is not built here. Run `npm run build` (or `npm start`), or set SAMVIRKE_WEB_ROOT.\n',
        );
    });
    return;
  }
  app.useStaticAssets(root, {
    index: 'index.html',
    fallthrough: true,
    setHeaders: (response, path) => {
      for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
      response.setHeader(
        'Cache-Control',
        /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}
