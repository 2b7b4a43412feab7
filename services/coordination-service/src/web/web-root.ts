import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Where the coordinator web page's built files are: the configured folder, else the build's own
 * place beside the compiled service (`dist/services/coordinator-web`), else, when run from the
 * sources (tests), `dist/services/coordinator-web` of the repository. Undefined when not built.
 */
export function findWebRoot(
  configured: string | undefined,
  here: string = __dirname,
): string | undefined {
  const candidates = configured
    ? [resolve(configured)]
    : [
        resolve(here, '..', '..', '..', 'coordinator-web'),
        resolve(here, '..', '..', '..', '..', 'dist', 'services', 'coordinator-web'),
      ];
  return candidates.find((folder) => existsSync(join(folder, 'index.html')));
}
