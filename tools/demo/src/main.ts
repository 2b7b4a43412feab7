import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_DEMO_CHILDREN, DEFAULT_DEMO_MUNICIPALITY, DEFAULT_DEMO_SEED } from './scenario';
import { DemoSeedError, seedDemo, type DemoUrls } from './seed';

/**
 * `npm run demo -- --children N --seed S [--municipality 0301] [--now ISO] [--concurrency C]`:
 * sends a demo municipality to the services `npm start` runs (ports as the launcher's, each
 * overridable by HEALTH_PORT, SCHOOL_PORT, CHILD_WELFARE_PORT, COORDINATION_PORT; HOST), with
 * tokens signed by the run's secret. The same seed on the same day repeats itself: nothing is
 * added twice.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      children: { type: 'string', default: String(DEFAULT_DEMO_CHILDREN) },
      seed: { type: 'string', default: DEFAULT_DEMO_SEED },
      municipality: { type: 'string', default: DEFAULT_DEMO_MUNICIPALITY },
      now: { type: 'string' },
      concurrency: { type: 'string', default: '16' },
    },
  });
  const children = Number(values.children);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(children) || children < 0)
    throw new Error('--children must be a whole number');
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new Error('--concurrency must be a whole number ≥ 1');
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime())) throw new Error('--now must be a date or time, e.g. 2026-11-24');

  const env = process.env;
  const host = env.HOST && env.HOST !== '0.0.0.0' ? env.HOST : 'localhost';
  const url = (name: string, port: number) => `http://${host}:${env[name] ?? port}`;
  const urls: DemoUrls = {
    health: url('HEALTH_PORT', 3001),
    school: url('SCHOOL_PORT', 3002),
    childWelfare: url('CHILD_WELFARE_PORT', 3003),
  };
  for (const [name, base] of Object.entries(urls)) {
    if (!(await live(base)))
      throw new Error(
        `${name} is not answering on ${base}: start the system with \`npm start\` first`,
      );
  }
  const coordination = url('COORDINATION_PORT', 3000);
  if (await live(coordination)) urls.coordination = coordination;
  else
    process.stdout.write(
      `[demo] no coordination service on ${coordination}: enrolments, coordinators and plans are left out\n`,
    );

  const result = await seedDemo({
    urls,
    jwtSecret: jwtSecret(),
    seed: values.seed,
    children,
    municipality: values.municipality,
    now,
    concurrency,
    log: (line) => process.stdout.write(`[demo] ${line}\n`),
  });
  process.stdout.write(
    [
      `[demo] ${result.children} children (seed ${result.seed}, municipality ${result.municipality}) in ${(result.ms / 1000).toFixed(1)} s:`,
      `[demo]   ${result.created} new facts, ${result.repeated} already there${result.skipped ? `, ${result.skipped} coordination requests left out` : ''}`,
      ...Object.entries(result.byService).map(
        ([service, counts]) =>
          `[demo]   ${service.padEnd(14)} ${counts.created} new, ${counts.repeated} repeated`,
      ),
      '',
    ].join('\n'),
  );
}

/** The run's secret as the launcher keeps it (SAMVIRKE_JWT_SECRET wins); never makes one. */
function jwtSecret(): string {
  if (process.env.SAMVIRKE_JWT_SECRET) return process.env.SAMVIRKE_JWT_SECRET;
  const file = join(
    resolve(process.env.SAMVIRKE_DATA_DIR ?? join(process.cwd(), '.data')),
    'secrets.json',
  );
  if (!existsSync(file))
    throw new Error(
      `no ${file}: start the system with \`npm start\` first (or set SAMVIRKE_JWT_SECRET)`,
    );
  const { jwtSecret: secret } = JSON.parse(readFileSync(file, 'utf8')) as { jwtSecret?: string };
  if (!secret) throw new Error(`${file} holds no jwtSecret`);
  return secret;
}

async function live(base: string): Promise<boolean> {
  try {
    const response = await fetch(`${base}/health/live`, { signal: AbortSignal.timeout(3000) });
    return response.ok;
  } catch {
    return false;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[demo] ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof DemoSeedError && error.status === 409) {
    // The same seed on another day makes the same ids with other times.
    process.stderr.write(
      '[demo] was this seed sent on another day? Use a new --seed, or --now with the day it was first sent.\n',
    );
  }
  process.exit(1);
});
