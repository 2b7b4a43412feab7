import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { root } from './compose-config';

interface Stage {
  name: string;
  from: string;
  instructions: string[];
}

/** The Dockerfile's stages, each with its instructions (continuation lines joined). */
function stages(dockerfile: string): { args: string[]; stages: Stage[] } {
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const result: Stage[] = [];
  const args: string[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from)
      result.push({ from: from[1], name: from[2] ?? String(result.length), instructions: [] });
    else if (result.length === 0) args.push(line);
    else result[result.length - 1].instructions.push(line);
  }
  return { args, stages: result };
}

const dockerfile = readFileSync(join(root, 'infra/docker/Dockerfile'), 'utf8');
const parsed = stages(dockerfile);
const stage = (name: string) => {
  const found = parsed.stages.find((s) => s.name === name);
  if (!found) throw new Error(`no stage ${name}`);
  return found;
};
const runs = (s: Stage) => s.instructions.filter((i) => i.startsWith('RUN ')).join('\n');

describe('infra/docker/Dockerfile', () => {
  it('builds on node:20-bookworm-slim', () => {
    expect(parsed.args).toContain('ARG NODE_IMAGE=node:20-bookworm-slim');
    expect(stage('base').from).toBe('${NODE_IMAGE}');
  });

  it('builds the production bundle with the build command of package.json (npm run build)', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.build).toBe('node tools/build.js');
    expect(runs(stage('build'))).toMatch(/^RUN npm ci\b/m);
    expect(runs(stage('build'))).toMatch(/^RUN npm run build$/m);
    // tools/build.js reads these and compiles these folders.
    for (const path of ['tsconfig.base.json', '.swcrc', 'libs', 'services', 'tools']) {
      const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(stage('build').instructions.join('\n')).toMatch(
        new RegExp(`^COPY\\s(.*\\s)?${escaped}\\s`, 'm'),
      );
    }
  });

  it('runs the service as the unprivileged node user, with production dependencies only', () => {
    const runtime = parsed.stages[parsed.stages.length - 1];
    expect(runtime.name).toBe('runtime');
    expect(runs(runtime)).toMatch(/npm ci --omit=dev/);
    expect(runs(runtime)).not.toMatch(/npm run build/);
    const users = runtime.instructions.filter((i) => i.startsWith('USER '));
    expect(users).toEqual(['USER node']);
    // Nothing after USER runs as root again, and the process starts after it.
    const userAt = runtime.instructions.indexOf('USER node');
    expect(runtime.instructions.findIndex((i) => i.startsWith('CMD '))).toBeGreaterThan(userAt);
    expect(runtime.instructions.filter((i) => i.startsWith('COPY --from=build'))).toEqual([
      'COPY --from=build /app/dist/libs dist/libs',
      'COPY --from=build /app/dist/services/${SERVICE} dist/services/${SERVICE}',
      // The coordinators' web page, which the coordination service serves at `/`.
      'COPY --from=build /app/dist/services/coordinator-web dist/services/coordinator-web',
    ]);
  });

  it('has a health check on /health/ready, as docker-compose.yml does', () => {
    const runtime = stage('runtime');
    expect(runtime.instructions.find((i) => i.startsWith('HEALTHCHECK '))).toMatch(
      /CMD \["node", "healthcheck\.js", "\/health\/ready"\]/,
    );
    expect(existsSync(join(root, 'infra/docker/healthcheck.js'))).toBe(true);
  });

  it('installs npm 11, so only the install scripts package.json allows run', () => {
    expect(runs(stage('base'))).toMatch(/npm install --global "npm@\$\{NPM_VERSION\}"/);
    expect(parsed.stages.find((s) => s.name === 'base')?.instructions).toContain(
      'ARG NPM_VERSION=11.19.1',
    );
  });

  it('is built by docker-compose.yml for service folders that exist', () => {
    const compose = load(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
      services: Record<string, { build?: { args?: { SERVICE?: string } } }>;
    };
    const built = Object.values(compose.services).flatMap((s) =>
      s.build?.args?.SERVICE ? [s.build.args.SERVICE] : [],
    );
    expect(built.sort()).toEqual([
      'child-welfare-service',
      'coordination-service',
      'health-service',
      'school-service',
    ]);
    for (const service of built)
      expect(existsSync(join(root, 'services', service, 'project.json'))).toBe(true);
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, build output and local data out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    expect(ignored).toEqual(
      expect.arrayContaining([
        '**/node_modules',
        'dist',
        '.data',
        '.nx',
        'infra/kafka/.cache',
        '.git',
        '.env',
      ]),
    );
    // What the build reads must stay in.
    for (const needed of [
      'libs',
      'services',
      'tools',
      'infra',
      'package.json',
      'package-lock.json',
      '.swcrc',
    ]) {
      expect(ignored).not.toContain(needed);
    }
  });
});
