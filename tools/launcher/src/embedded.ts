import type { NestExpressApplication } from '@nestjs/platform-express';
import { createChildWelfareApp } from '@samvirke/child-welfare-service';
import { CoordinationConfig, createCoordinationApp } from '@samvirke/coordination-service';
import { createHealthApp } from '@samvirke/health-service';
import { InProcessBus } from '@samvirke/messaging';
import { loadConfig } from '@samvirke/platform';
import { createSchoolApp } from '@samvirke/school-service';
import { startEmbeddedPostgres, type RunningPostgres } from '@samvirke/testing';
import { WriteSideConfig, type EventSourcedAppOptions } from '@samvirke/write-side';
import { join } from 'node:path';
import { Client } from 'pg';
import { demoLoginOf } from './demo';
import { embeddedSecrets, type EmbeddedSecrets } from './secrets';

export interface ServiceSpec {
  name: string;
  port: number;
  database: string;
  /** What the service reads from its environment (the write side's, or more). */
  configClass: new () => WriteSideConfig;
  create: (options: EventSourcedAppOptions) => Promise<NestExpressApplication>;
}

/** The services `npm start` runs, on the ports of the contract (each overridable by environment). */
export function services(env: NodeJS.ProcessEnv = process.env): ServiceSpec[] {
  const port = (name: string, fallback: number) => Number(env[name] ?? fallback);
  return [
    // Coordination first: its projection subscribes before the sector services publish.
    {
      name: 'coordination-service',
      port: port('COORDINATION_PORT', 3000),
      database: 'coordination',
      configClass: CoordinationConfig,
      create: createCoordinationApp,
    },
    {
      name: 'health-service',
      port: port('HEALTH_PORT', 3001),
      database: 'health',
      configClass: WriteSideConfig,
      create: createHealthApp,
    },
    {
      name: 'school-service',
      port: port('SCHOOL_PORT', 3002),
      database: 'school',
      configClass: WriteSideConfig,
      create: createSchoolApp,
    },
    {
      name: 'child-welfare-service',
      port: port('CHILD_WELFARE_PORT', 3003),
      database: 'childwelfare',
      configClass: WriteSideConfig,
      create: createChildWelfareApp,
    },
  ];
}

export interface EmbeddedSystem {
  secrets: EmbeddedSecrets;
  urls: Record<string, string>;
  postgres: RunningPostgres;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Where PostgreSQL keeps its data and the run keeps its keys; kept between runs. */
  dataDir: string;
  postgresPort: number;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

/**
 * The whole system in one process: one embedded PostgreSQL (a database per service), the
 * in-process bus in place of Kafka, and every service on its port.
 */
export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedSystem> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const secrets = embeddedSecrets(join(options.dataDir, 'secrets.json'), env);
  log(`starting PostgreSQL on 127.0.0.1:${options.postgresPort} (data in ${options.dataDir})`);
  const postgres = await startEmbeddedPostgres({
    dataDir: join(options.dataDir, 'postgres'),
    port: options.postgresPort,
  });
  try {
    const running = await startServices({ serverUrl: postgres.url, secrets, env, log });
    return {
      secrets,
      urls: running.urls,
      postgres,
      stop: async () => {
        await running.stop();
        await postgres.stop();
      },
    };
  } catch (error) {
    await postgres.stop();
    throw error;
  }
}

export interface ServicesOptions {
  /** A PostgreSQL server's maintenance URL: each service gets a database of its own there. */
  serverUrl: string;
  secrets: EmbeddedSecrets;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** Put before each service's database name, so several systems can share one server (tests). */
  databasePrefix?: string;
}

export interface RunningServices {
  urls: Record<string, string>;
  /** Each service's database URL, by service name. */
  databases: Record<string, string>;
  stop(): Promise<void>;
}

/** Every service on its port, on one PostgreSQL server and one in-process bus. */
export async function startServices(options: ServicesOptions): Promise<RunningServices> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const apps: NestExpressApplication[] = [];
  const bus = new InProcessBus();
  const stop = async () => {
    for (const app of apps.reverse()) await app.close().catch(() => undefined);
    await bus.close();
  };
  try {
    const specs = services(env);
    const database = (spec: ServiceSpec) => `${options.databasePrefix ?? ''}${spec.database}`;
    await ensureDatabases(options.serverUrl, specs.map(database));
    const urls: Record<string, string> = {};
    const databases: Record<string, string> = {};
    for (const spec of specs) {
      databases[spec.name] = databaseUrl(options.serverUrl, database(spec));
      const config = loadConfig(spec.configClass, {
        ...demoLoginOf(env),
        LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
        DATABASE_URL: databases[spec.name],
        SAMVIRKE_JWT_SECRET: options.secrets.jwtSecret,
        SAMVIRKE_CHILDREF_KEY: options.secrets.childRefKey,
        SAMVIRKE_KEYRING_MASTER_KEY: options.secrets.keyringMasterKey,
        BUS: 'in-process',
      });
      const app = await spec.create({ config, transport: bus });
      apps.push(app);
      await app.listen(spec.port, env.HOST ?? '127.0.0.1');
      urls[spec.name] = `http://localhost:${spec.port}`;
      log(`${spec.name} on ${urls[spec.name]}`);
    }
    return { urls, databases, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function ensureDatabases(serverUrl: string, names: string[]): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database');
    const existing = new Set(rows.map((r) => r.datname));
    for (const name of names)
      if (!existing.has(name)) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}
