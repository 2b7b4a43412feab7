import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_TOPICS } from '@samvirke/contracts';
import { CoordinationConfig } from '@samvirke/coordination-service';
import { ConfigError, loadConfig } from '@samvirke/platform';
import {
  activeServices,
  composeConfig,
  type ComposeConfig,
  type ComposeRun,
  dependenciesOnInactive,
  envFileEntries,
  filledEnvFile,
  interpolatedVariables,
  namedVolume,
  root,
} from './compose-config';

// The four services and what CONTRACT.md fixes for them: port, database, sector or not.
const APP_SERVICES = {
  'coordination-service': { port: 3000, database: 'coordination', store: undefined },
  'health-service': { port: 3001, database: 'health', store: 'kurrentdb-health' },
  'school-service': { port: 3002, database: 'school', store: 'kurrentdb-school' },
  'child-welfare-service': {
    port: 3003,
    database: 'childwelfare',
    store: 'kurrentdb-childwelfare',
  },
} as const;
const SECTOR_SERVICES = Object.entries(APP_SERVICES).filter(([, s]) => s.store !== undefined);
const BASE = ['docker-compose.yml'];
const WITH_KURRENTDB = ['docker-compose.yml', 'docker-compose.kurrentdb.yml'];

const example = readFileSync(join(root, '.env.example'), 'utf8');
let dir: string;
let envFile: string;
let env: Record<string, string>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'samvirke-compose-'));
  envFile = join(dir, '.env');
  const filled = filledEnvFile(example);
  writeFileSync(envFile, filled);
  env = Object.fromEntries(
    envFileEntries(filled)
      .filter((e) => !e.commented)
      .map((e) => [e.name, e.value]),
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function stringsOf(environment: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment ?? {}).map(([name, value]) => [
      name,
      value === null ? '' : String(value),
    ]),
  );
}

/** The variables the coordination service's start-up would refuse in this environment. */
function problemVariables(environment: Record<string, string>): string[] {
  try {
    loadConfig(CoordinationConfig, environment);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((problem) => problem.variable).sort();
  }
}

function valid(run: ComposeRun): ComposeConfig {
  if (run.status !== 0 || !run.config)
    throw new Error(`compose config failed (${run.status}): ${run.stderr}`);
  return run.config;
}

describe('.env.example', () => {
  it('names every variable the compose files read', () => {
    const documented = new Set(envFileEntries(example).map((e) => e.name));
    const missing = interpolatedVariables(WITH_KURRENTDB).filter((name) => !documented.has(name));
    expect(missing).toEqual([]);
  });

  it('as copied, is refused until its secrets are filled in', () => {
    const unfilled = join(dir, 'unfilled.env');
    writeFileSync(unfilled, example);
    const run = composeConfig({ envFile: unfilled, files: BASE });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/must be set in \.env/);
  });
});

describe('docker-compose.yml (PostgreSQL event stores, the default)', () => {
  let config: ComposeConfig;
  beforeAll(() => {
    config = valid(composeConfig({ envFile, files: BASE }));
  });

  it('passes `docker-compose config`', () => {
    expect(Object.keys(config.services)).toEqual(
      expect.arrayContaining(['postgres', 'kafka', 'kafka-init']),
    );
  });

  it('gives every service a health check', () => {
    const without = Object.entries(config.services)
      .filter(
        ([, s]) =>
          !s.healthcheck?.test || s.healthcheck.disable || s.healthcheck.test[0] === 'NONE',
      )
      .map(([name]) => name);
    expect(without).toEqual([]);
  });

  it('builds each of the four services from the Dockerfile, with its contract port', () => {
    for (const [name, { port }] of Object.entries(APP_SERVICES)) {
      const service = config.services[name];
      expect(service.build?.dockerfile).toBe('infra/docker/Dockerfile');
      expect(service.build?.args).toEqual({ SERVICE: name, PORT: String(port) });
      expect(String(service.environment?.PORT)).toBe(String(port));
      expect(service.healthcheck?.test).toEqual(['CMD', 'node', 'healthcheck.js', '/health/ready']);
    }
  });

  it('starts a service only after PostgreSQL and Kafka are healthy and the topics exist', () => {
    for (const name of Object.keys(APP_SERVICES)) {
      expect(config.services[name].depends_on).toMatchObject({
        postgres: { condition: 'service_healthy' },
        kafka: { condition: 'service_healthy' },
        'kafka-init': { condition: 'service_completed_successfully' },
      });
    }
    expect(config.services['kafka-init'].depends_on).toEqual({
      kafka: { condition: 'service_healthy' },
    });
    expect(config.services['kafka-init'].restart).toBe('no');
  });

  it('creates every topic of the contract (each with its .dlq) before the services start', () => {
    const topics = String(config.services['kafka-init'].environment?.EVENT_TOPICS).split(/\s+/);
    expect(topics.sort()).toEqual([...ALL_TOPICS].sort());
  });

  it('keeps every service on its own database of the one PostgreSQL server, with the same keys everywhere', () => {
    for (const [name, { database }] of Object.entries(APP_SERVICES)) {
      const environment = config.services[name].environment ?? {};
      const url = new URL(String(environment.DATABASE_URL));
      expect([url.hostname, url.username, url.pathname]).toEqual([
        'postgres',
        database,
        `/${database}`,
      ]);
      expect(environment).toMatchObject({
        BUS: 'kafka',
        KAFKA_BROKERS: 'kafka:9092',
        SAMVIRKE_CHILDREF_KEY: env.SAMVIRKE_CHILDREF_KEY,
        SAMVIRKE_KEYRING_MASTER_KEY: env.SAMVIRKE_KEYRING_MASTER_KEY,
      });
    }
  });

  it('runs every service as production, with no HS256 secret', () => {
    for (const name of Object.keys(APP_SERVICES)) {
      const environment = config.services[name].environment ?? {};
      expect(environment.SAMVIRKE_ENV).toBe('production');
      expect(environment.SAMVIRKE_JWT_SECRET ?? '').toBe('');
    }
  });

  it('makes a service refuse to start until the JWKS, issuer and audience are set', () => {
    const environment = stringsOf(config.services['coordination-service'].environment);
    expect(problemVariables(environment)).toEqual([
      'SAMVIRKE_JWKS_URL',
      'SAMVIRKE_JWT_AUDIENCE',
      'SAMVIRKE_JWT_ISSUER',
    ]);
    const complete = {
      ...environment,
      SAMVIRKE_JWKS_URL: 'https://login.kommune.example/jwks',
      SAMVIRKE_JWT_ISSUER: 'https://login.kommune.example',
      SAMVIRKE_JWT_AUDIENCE: 'samvirke',
    };
    expect(problemVariables(complete)).toEqual([]);
    expect(problemVariables({ ...complete, SAMVIRKE_DEMO_LOGIN: '0301' })).toContain(
      'SAMVIRKE_DEMO_LOGIN',
    );
    expect(problemVariables({ ...complete, SAMVIRKE_JWT_SECRET: 'x'.repeat(40) })).toEqual([
      'SAMVIRKE_JWT_SECRET',
    ]);
  });

  it('keeps the events in PostgreSQL and starts no KurrentDB', () => {
    for (const name of Object.keys(APP_SERVICES)) {
      expect(config.services[name].environment?.EVENT_STORE).toBe('postgres');
    }
    expect(activeServices(config, [])).toEqual([
      'child-welfare-service',
      'coordination-service',
      'health-service',
      'kafka',
      'kafka-init',
      'postgres',
      'school-service',
    ]);
    expect(dependenciesOnInactive(config, [])).toEqual([]);
  });

  it('keeps PostgreSQL and Kafka data in named volumes', () => {
    const volumes = (name: string) => (config.services[name].volumes ?? []).map(namedVolume);
    expect(volumes('postgres')).toContain('postgres-data');
    expect(volumes('kafka')).toContain('kafka-data');
    expect(Object.keys(config.volumes ?? {})).toEqual(
      expect.arrayContaining(['postgres-data', 'kafka-data']),
    );
  });
});

describe('with the kurrentdb profile and docker-compose.kurrentdb.yml', () => {
  let config: ComposeConfig;
  beforeAll(() => {
    config = valid(composeConfig({ envFile, files: WITH_KURRENTDB, profiles: ['kurrentdb'] }));
  });

  it('passes `docker-compose config`', () => {
    expect(activeServices(config, ['kurrentdb'])).toEqual(
      expect.arrayContaining(['kurrentdb-health', 'kurrentdb-school', 'kurrentdb-childwelfare']),
    );
    expect(dependenciesOnInactive(config, ['kurrentdb'])).toEqual([]);
  });

  it('moves each sector service to a KurrentDB server of its own, started healthy first', () => {
    for (const [name, { store }] of SECTOR_SERVICES) {
      const service = config.services[name];
      expect(service.environment?.EVENT_STORE).toBe('kurrentdb');
      expect(new URL(String(service.environment?.KURRENTDB_CONNECTION_STRING)).hostname).toBe(
        store,
      );
      expect(service.depends_on).toMatchObject({
        [store as string]: { condition: 'service_healthy' },
        postgres: { condition: 'service_healthy' },
        kafka: { condition: 'service_healthy' },
        'kafka-init': { condition: 'service_completed_successfully' },
      });
      expect((config.services[store as string].volumes ?? []).map(namedVolume)).toContain(
        `${store}-data`,
      );
    }
  });

  it('leaves the coordination service on PostgreSQL', () => {
    expect(config.services['coordination-service'].environment?.EVENT_STORE).toBe('postgres');
  });

  it('is the same when .env sets COMPOSE_FILE and COMPOSE_PROFILES as .env.example shows', () => {
    const viaEnv = join(dir, 'kurrentdb.env');
    const filled = filledEnvFile(example, ['COMPOSE_FILE', 'COMPOSE_PROFILES']);
    writeFileSync(viaEnv, filled);
    const profiles = envFileEntries(filled).find(
      (e) => e.name === 'COMPOSE_PROFILES' && !e.commented,
    )?.value;
    expect(profiles).toBe('kurrentdb');
    const fromEnv = valid(composeConfig({ envFile: viaEnv }));
    for (const [name] of SECTOR_SERVICES)
      expect(fromEnv.services[name].environment?.EVENT_STORE).toBe('kurrentdb');
    expect(dependenciesOnInactive(fromEnv, ['kurrentdb'])).toEqual([]);
  });

  it('cannot be used without the profile: the services would wait on servers never started', () => {
    const run = composeConfig({ envFile, files: WITH_KURRENTDB });
    const refused =
      run.status !== 0 || (run.config && dependenciesOnInactive(run.config, []).length > 0);
    expect(refused).toBe(true);
  });
});

describe('the kurrentdb-test profile', () => {
  it('offers the contract suite an in-memory KurrentDB on 127.0.0.1:2113, apart from the services', () => {
    const config = valid(composeConfig({ envFile, files: BASE, profiles: ['kurrentdb-test'] }));
    const server = config.services['kurrentdb-test'];
    expect(server.profiles).toEqual(['kurrentdb-test']);
    expect(server.environment).toMatchObject({
      KURRENTDB_MEM_DB: 'true',
      KURRENTDB_INSECURE: 'true',
    });
    expect(server.volumes ?? []).toEqual([]);
    expect(JSON.stringify(server.ports)).toMatch(/127\.0\.0\.1.*2113/);
    expect(
      Object.values(config.services).some((s) =>
        Object.keys(s.depends_on ?? {}).includes('kurrentdb-test'),
      ),
    ).toBe(false);
  });
});
