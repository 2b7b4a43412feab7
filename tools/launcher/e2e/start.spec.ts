import { RULE_IDS } from '@samvirke/gap-engine';
import { signDemoToken } from '@samvirke/platform';
import { freePort, processTree, startNpmScript, stopNpmScript, waitFor } from '@samvirke/testing';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// `npm start` and `npm run start:kafka` as a newcomer runs them: through npm, in a fresh data
// folder, on free ports; found working through the HTTP APIs; stopped with Ctrl-C (SIGINT to
// the process group, as a terminal sends it); nothing left running; started again on the same
// data, which must keep the children and gaps and seed nothing twice.
const root = join(__dirname, '..', '..', '..');
// A first start builds, starts PostgreSQL (and Kafka) and seeds 200 children: minutes on a busy CI machine.
jest.setTimeout(600_000);
const RULES = RULE_IDS;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test reads whatever the API answered
async function api(ports: Record<string, number>, dataDir: string, path: string): Promise<any> {
  const secrets = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as {
    jwtSecret: string;
  };
  const token = await signDemoToken(
    { sub: 'test-ke', roles: ['coordinating-unit'], municipality: '0301' },
    secrets.jwtSecret,
    '10m',
  );
  const response = await fetch(`http://127.0.0.1:${ports.coordination}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status).toBe(200);
  return response.json();
}

/**
 * What a coordinating unit sees: every child and every open gap's id it may see, through the API,
 * and per rule the open gaps the figures count (the figures count every gap: a gap of a sector
 * without consent names no rule in the list, and child welfare's are not listed at all).
 */
async function whatTheUnitSees(ports: Record<string, number>, dataDir: string) {
  const pages = async <T>(path: string, key: string): Promise<T[]> => {
    const all: T[] = [];
    let cursor: string | undefined;
    do {
      const page = await api(
        ports,
        dataDir,
        `${path}${path.includes('?') ? '&' : '?'}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      all.push(...page[key]);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  };
  const children = (await pages<{ childRef: string }>('/v1/children', 'children')).map(
    (c) => c.childRef,
  );
  const openGaps = (await pages<{ gapId: string }>('/v1/gaps?status=open', 'gaps')).map(
    (g) => g.gapId,
  );
  const statistics = await api(ports, dataDir, '/v1/statistics');
  const openByRule: Record<string, number> = Object.fromEntries(
    statistics.rules.map((r: { ruleId: string; open: number }) => [r.ruleId, r.open]),
  );
  return { children: children.sort(), openGaps, openByRule, statistics };
}

async function freePorts(): Promise<Record<string, number>> {
  const names = ['coordination', 'health', 'school', 'childWelfare', 'postgres', 'kafka'];
  const ports: Record<string, number> = {};
  for (const name of names) ports[name] = await freePort();
  return ports;
}

describe.each([['start' as const], ['start:kafka' as const]])('npm %s', (script) => {
  const dataDir = mkdtempSync(join(tmpdir(), `samvirke-${script.replace(':', '-')}-`));
  // As root, PostgreSQL runs as its own user, who must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  const kafkaRun = script === 'start:kafka';
  let ports: Record<string, number>;
  let first: Awaited<ReturnType<typeof whatTheUnitSees>>;
  let startedProcesses = 0;

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('brings every service up with the demo municipality, and every gap rule open for some child', async () => {
    ports = await freePorts();
    const running = await startNpmScript(script, { root, dataDir, ports });
    let left: string[];
    try {
      expect(running.output()).toContain('seeded now');
      startedProcesses = processTree(running.npm.pid as number).size;
      // The demo leaves some children unenrolled (known only to the sectors): the unit sees the rest.
      const demo = JSON.parse(
        readFileSync(join(kafkaRun ? join(dataDir, 'kafka-run') : dataDir, 'demo.json'), 'utf8'),
      );
      expect(demo.children).toBe(200);
      expect(demo.enrolled).toBeGreaterThan(150);
      // The projection (through Kafka, a little behind) and the gap scheduler catch up after the seeding.
      first = await waitFor(
        'every enrolled child, and an open gap of every rule',
        async () => {
          const seen = await whatTheUnitSees(ports, dataDir);
          const complete =
            seen.children.length === demo.enrolled &&
            RULES.every((rule) => (seen.openByRule[rule] ?? 0) > 0);
          return complete ? seen : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 1000 },
      );
    } finally {
      left = await stopNpmScript(running);
    }
    expect(running.output()).toContain('[samvirke] stopped');
    // npm, the launcher and PostgreSQL at least (and Kafka and four services with start:kafka).
    expect(startedProcesses).toBeGreaterThanOrEqual(kafkaRun ? 8 : 3);
    expect(left).toEqual([]);
  });

  it('keeps the children and gaps over a restart, and seeds nothing twice', async () => {
    const running = await startNpmScript(script, { root, dataDir, ports });
    let left: string[];
    try {
      expect(running.output()).not.toContain('seeding the demo municipality');
      expect(running.output()).toMatch(/Demo data: 200 children of 0301, seeded/);
      const again = await whatTheUnitSees(ports, dataDir);
      expect(again.children).toEqual(first.children);
      // A deadline may pass while the test runs, so gaps may be added, never lost.
      expect(again.openGaps).toEqual(expect.arrayContaining(first.openGaps));
      for (const rule of RULES)
        expect(again.openByRule[rule]).toBeGreaterThanOrEqual(first.openByRule[rule] ?? 0);
    } finally {
      left = await stopNpmScript(running);
    }
    expect(left).toEqual([]);
  });
});
