import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

/** The repository root, where docker-compose.yml and .env.example live. */
export const root = join(__dirname, '..', '..');

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string; args?: Record<string, string | number> };
  profiles?: string[];
  restart?: string;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string | number | null>;
  ports?: (string | { target: number; published?: string | number; host_ip?: string })[];
  volumes?: (string | { type: string; source?: string; target: string })[];
}

export interface ComposeConfig {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

export interface ComposeRun {
  status: number | null;
  stdout: string;
  stderr: string;
  config?: ComposeConfig;
}

/**
 * `docker-compose config` (Compose v1, which needs no Docker engine) or, when DOCKER_COMPOSE
 * is set, that command instead (`DOCKER_COMPOSE="docker compose"` for Compose v2). Only the
 * given environment reaches it, so the operator's shell and .env change nothing here.
 */
export function composeConfig(options: {
  envFile: string;
  files?: string[];
  profiles?: string[];
  env?: Record<string, string>;
}): ComposeRun {
  const [command, ...prefix] = (process.env.DOCKER_COMPOSE ?? 'docker-compose')
    .split(' ')
    .filter(Boolean);
  const args = [
    ...prefix,
    '--project-directory',
    root,
    '--env-file',
    options.envFile,
    ...(options.files ?? []).flatMap((file) => ['-f', join(root, file)]),
    ...(options.profiles ?? []).flatMap((profile) => ['--profile', profile]),
    'config',
  ];
  const run = spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LANG: 'C.UTF-8',
      ...options.env,
    },
    timeout: 60_000,
  });
  if (run.error) {
    throw new Error(
      `${command} could not run (${run.error.message}): install Compose v1 (apt-get install docker-compose) or set DOCKER_COMPOSE="docker compose"`,
    );
  }
  const config = run.status === 0 ? (load(run.stdout) as ComposeConfig) : undefined;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, config };
}

/**
 * The services `up` would start with these profiles: those without profiles and those in one
 * of them. (Compose v2 leaves the others out of `config`; v1 lists them all.)
 */
export function activeServices(config: ComposeConfig, profiles: string[]): string[] {
  return Object.entries(config.services)
    .filter(
      ([, service]) =>
        !service.profiles?.length || service.profiles.some((p) => profiles.includes(p)),
    )
    .map(([name]) => name)
    .sort();
}

/** `service -> dependency` for every active service that waits on one `up` would not start. */
export function dependenciesOnInactive(config: ComposeConfig, profiles: string[]): string[] {
  const active = new Set(activeServices(config, profiles));
  return [...active].flatMap((name) =>
    Object.keys(config.services[name].depends_on ?? {})
      .filter((dependency) => !active.has(dependency))
      .map((dependency) => `${name} -> ${dependency}`),
  );
}

/** Every `${NAME...}` the compose files read. */
export function interpolatedVariables(files: string[]): string[] {
  const names = files.flatMap((file) =>
    [...readFileSync(join(root, file), 'utf8').matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]),
  );
  return [...new Set(names)].sort();
}

/** `NAME=value` lines of an env file, commented ones (`# NAME=value`) included. */
export function envFileEntries(
  text: string,
): { name: string; value: string; commented: boolean }[] {
  return text.split('\n').flatMap((line) => {
    const match = /^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    return match ? [{ name: match[2], value: match[3], commented: match[1] !== undefined }] : [];
  });
}

/**
 * .env.example as an operator fills it in: every empty secret generated the way the file
 * says (hex for the database passwords, which go into URLs; base64 of 32 bytes for keys).
 */
export function filledEnvFile(example: string, uncomment: string[] = []): string {
  return example
    .split('\n')
    .map((line) => {
      const commented = /^#\s*([A-Z][A-Z0-9_]*=.*)$/.exec(line);
      if (commented && uncomment.some((name) => commented[1].startsWith(`${name}=`)))
        return commented[1];
      const empty = /^([A-Z][A-Z0-9_]*)=$/.exec(line);
      if (!empty || !isSecretToGenerate(empty[1])) return line;
      const secret = empty[1].endsWith('_PASSWORD')
        ? randomBytes(32).toString('hex')
        : randomBytes(32).toString('base64');
      return `${empty[1]}=${secret}`;
    })
    .join('\n');
}

function isSecretToGenerate(name: string): boolean {
  return (
    name.endsWith('_PASSWORD') ||
    ['SAMVIRKE_CHILDREF_KEY', 'SAMVIRKE_KEYRING_MASTER_KEY'].includes(name)
  );
}

/** A named volume's name for a mount in either Compose's short or long syntax, or undefined. */
export function namedVolume(
  mount: NonNullable<ComposeService['volumes']>[number],
): string | undefined {
  if (typeof mount === 'string') {
    const source = mount.split(':')[0];
    return /^[a-z0-9][a-z0-9_.-]*$/i.test(source) ? source : undefined;
  }
  return mount.type === 'volume' ? mount.source : undefined;
}
