import {
  DEFAULT_DEMO_CHILDREN,
  DEFAULT_DEMO_MUNICIPALITY,
  DEFAULT_DEMO_SEED,
  seedDemo,
} from '@samvirke/demo';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface DemoMarker {
  seed: string;
  children: number;
  municipality: string;
  now: string;
  enrolled: number;
  created: number;
}

export interface DemoOutcome {
  municipality: string;
  /** One line for the start-up banner. */
  line: string;
}

/**
 * Seeds the demo municipality on the first start only: a marker in the data folder says it was
 * done, so a restart adds nothing (and the services would answer the same requests with 200
 * and append nothing anyway). `SAMVIRKE_DEMO=off` skips it; `SAMVIRKE_DEMO_CHILDREN` and
 * `SAMVIRKE_DEMO_SEED` change it.
 */
/** The demo municipality: SAMVIRKE_DEMO_MUNICIPALITY, or the demo's default (0301, Oslo). */
export function demoMunicipalityOf(env: NodeJS.ProcessEnv): string {
  return env.SAMVIRKE_DEMO_MUNICIPALITY ?? DEFAULT_DEMO_MUNICIPALITY;
}

/**
 * The log-in page's demo users are those of the demo municipality (SAMVIRKE_DEMO_LOGIN names
 * another, or `off` turns them off).
 */
export function demoLoginOf(env: NodeJS.ProcessEnv): Record<string, string> {
  const chosen = env.SAMVIRKE_DEMO_LOGIN ?? demoMunicipalityOf(env);
  return chosen === 'off' ? {} : { SAMVIRKE_DEMO_LOGIN: chosen };
}

export async function seedDemoOnce(options: {
  dataDir: string;
  urls: Record<string, string>;
  jwtSecret: string;
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}): Promise<DemoOutcome> {
  const marker = join(options.dataDir, 'demo.json');
  const municipality = demoMunicipalityOf(options.env);
  if (existsSync(marker)) {
    const done = JSON.parse(readFileSync(marker, 'utf8')) as DemoMarker;
    return {
      municipality: done.municipality,
      line: `Demo data: ${done.children} children of ${done.municipality}, seeded ${done.now.slice(0, 10)} (kept in ${options.dataDir}).`,
    };
  }
  if (options.env.SAMVIRKE_DEMO === 'off')
    return { municipality, line: 'Demo data: off (SAMVIRKE_DEMO=off).' };

  const children = Number(options.env.SAMVIRKE_DEMO_CHILDREN ?? DEFAULT_DEMO_CHILDREN);
  const seed = options.env.SAMVIRKE_DEMO_SEED ?? DEFAULT_DEMO_SEED;
  options.log(
    `seeding the demo municipality ${municipality}: ${children} children, a year of events, through the services' HTTP APIs…`,
  );
  const result = await seedDemo({
    urls: {
      health: options.urls['health-service'],
      school: options.urls['school-service'],
      childWelfare: options.urls['child-welfare-service'],
      coordination: options.urls['coordination-service'],
    },
    jwtSecret: options.jwtSecret,
    seed,
    children,
    municipality,
  });
  const done: DemoMarker = {
    seed,
    children,
    municipality,
    now: result.now,
    enrolled: result.enrolled,
    created: result.created,
  };
  writeFileSync(marker, JSON.stringify(done, null, 2) + '\n');
  options.log(`demo seeded in ${(result.ms / 1000).toFixed(1)} s: ${result.created} facts`);
  return {
    municipality,
    line: `Demo data: ${children} children of ${municipality}, ${result.created} facts, seeded now.`,
  };
}
