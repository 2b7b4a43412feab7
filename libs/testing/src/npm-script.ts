import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from './ports';
import { isAlive } from './process';

/** `npm start` (or `npm run start:kafka`) running in its own process group, as a newcomer runs it. */
export interface RunningScript {
  npm: ChildProcess;
  output(): string;
  ports: Record<string, number>;
}

export interface NpmScriptOptions {
  /** The repository's root. */
  root: string;
  /** Where PostgreSQL keeps its data and the run its secrets (SAMVIRKE_DATA_DIR). */
  dataDir: string;
  /** coordination, health, school, childWelfare, postgres and (for start:kafka) kafka. */
  ports: Record<string, number>;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/**
 * Runs `npm run <script>` in a fresh data folder on the given ports, with none of the caller's
 * secrets (the run makes its own), and waits until it says it is running and every service is
 * ready. Throws with the output when it exits instead.
 */
export async function startNpmScript(
  script: 'start' | 'start:kafka',
  options: NpmScriptOptions,
): Promise<RunningScript> {
  const { ports } = options;
  let output = '';
  const npm = spawn('npm', ['run', '--silent', script], {
    cwd: options.root,
    detached: true, // its own process group, so SIGINT reaches it as Ctrl-C would
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      SAMVIRKE_DATA_DIR: options.dataDir,
      COORDINATION_PORT: String(ports.coordination),
      HEALTH_PORT: String(ports.health),
      SCHOOL_PORT: String(ports.school),
      CHILD_WELFARE_PORT: String(ports.childWelfare),
      SAMVIRKE_PG_PORT: String(ports.postgres),
      SAMVIRKE_KAFKA_PORT: String(ports.kafka ?? 0),
      SAMVIRKE_JWT_SECRET: '',
      SAMVIRKE_CHILDREF_KEY: '',
      SAMVIRKE_KEYRING_MASTER_KEY: '',
      ...options.env,
    },
  });
  npm.stdout?.on('data', (chunk) => (output += chunk));
  npm.stderr?.on('data', (chunk) => (output += chunk));
  const outcome = await waitFor(
    `${script} to be ready`,
    async () => {
      if (npm.exitCode !== null) return 'exited';
      if (!output.includes('Ctrl-C stops everything')) return undefined;
      for (const name of ['coordination', 'health', 'school', 'childWelfare']) {
        const ready = await fetch(`http://127.0.0.1:${ports[name]}/health/ready`);
        if (!ready.ok) return undefined;
      }
      return 'ready';
    },
    { timeoutMs: options.timeoutMs ?? 300_000, intervalMs: 500 },
  );
  if (outcome === 'exited')
    throw new Error(`npm run ${script} exited with ${npm.exitCode}:\n${output}`);
  return { npm, output: () => output, ports };
}

/** Every process below `pid`: npm, the launcher, PostgreSQL, Kafka, the services. */
export function processTree(pid: number): Map<number, string> {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
  const tree = new Map<number, string>();
  const visit = (parent: number) => {
    for (const row of rows.filter((r) => r.ppid === parent && !tree.has(r.pid))) {
      tree.set(row.pid, row.args);
      visit(row.pid);
    }
  };
  tree.set(pid, 'npm');
  visit(pid);
  return tree;
}

/** Ctrl-C, then what of the processes it had started is still there (nothing, we hope). */
export async function stopNpmScript(running: RunningScript): Promise<string[]> {
  const pid = running.npm.pid as number;
  const started = processTree(pid);
  const exited = new Promise<void>((done) =>
    running.npm.exitCode !== null ? done() : running.npm.once('exit', () => done()),
  );
  process.kill(-pid, 'SIGINT');
  await exited;
  await new Promise((r) => setTimeout(r, 1000));
  return [...started].filter(([p]) => isAlive(p)).map(([p, args]) => `${p} ${args.slice(0, 120)}`);
}
