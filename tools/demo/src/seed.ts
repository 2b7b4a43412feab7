import { signDemoToken, type Role } from '@samvirke/platform';
import {
  CHILD_REF,
  demoScenario,
  type DemoRequest,
  type DemoScenario,
  type DemoService,
} from './scenario';

export interface DemoUrls {
  health: string;
  school: string;
  childWelfare: string;
  /** Without it the coordination requests (enrolment, coordinator, plan, …) are left out. */
  coordination?: string;
}

export interface SeedDemoOptions {
  urls: DemoUrls;
  /** The HS256 secret the services trust (the embedded run's `jwtSecret`). */
  jwtSecret: string;
  seed: string;
  children: number;
  municipality: string;
  now?: Date;
  /** Children seeded at the same time (each child's requests go one after another). Default 16. */
  concurrency?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface SeedCounts {
  created: number;
  repeated: number;
}

export interface SeedResult {
  seed: string;
  municipality: string;
  now: string;
  children: number;
  /** Children enrolled in the coordination service (0 without its URL). */
  enrolled: number;
  /** Requests sent: 201 (new fact) and 200 (a repeat that appended nothing), per service. */
  byService: Record<DemoService, SeedCounts>;
  created: number;
  repeated: number;
  /** Coordination requests left out for want of the service's URL. */
  skipped: number;
  ms: number;
}

/** A request the service did not take: the request, the status and the problem document. */
export class DemoSeedError extends Error {
  override readonly name = 'DemoSeedError';
  constructor(
    readonly request: DemoRequest,
    readonly url: string,
    readonly status: number | undefined,
    readonly problem: unknown,
  ) {
    super(
      `${request.method} ${url} for ${request.child} (${request.fact}, Idempotency-Key ${request.idempotencyKey}) ` +
        `${status === undefined ? 'failed' : `answered ${status}`}: ${typeof problem === 'string' ? problem : JSON.stringify(problem)}\n` +
        `  body: ${JSON.stringify(request.body)}`,
    );
  }
}

/**
 * Sends the demo scenario to running services: each child's requests in time order, children
 * side by side (at most `concurrency` at once), each with a token for its role. Stops at the
 * first answer that is not 2xx and throws a DemoSeedError naming the request and the problem.
 * A rerun with the same seed, on the same day, sends the same requests: the services answer
 * 200 and append nothing.
 */
export async function seedDemo(options: SeedDemoOptions): Promise<SeedResult> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const scenario = demoScenario({
    seed: options.seed,
    children: options.children,
    municipality: options.municipality,
    now,
  });
  const result = await sendScenario(scenario, options);
  return { ...result, ms: Date.now() - started };
}

/** Sends an already made scenario (see seedDemo). */
export async function sendScenario(
  scenario: DemoScenario,
  options: Pick<SeedDemoOptions, 'urls' | 'jwtSecret' | 'concurrency' | 'log'>,
): Promise<SeedResult> {
  const started = Date.now();
  const { urls } = options;
  const base: Record<DemoService, string | undefined> = {
    health: urls.health,
    school: urls.school,
    'child-welfare': urls.childWelfare,
    coordination: urls.coordination,
  };
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (request: DemoRequest) => {
    const key = `${request.role}|${request.sub}`;
    let token = tokens.get(key);
    if (!token) {
      token = signDemoToken(
        {
          sub: request.sub,
          roles: [request.role as Role],
          // The hospital serves the whole country; the school and child welfare systems, the coordinating unit and its coordinators their municipality.
          ...(request.role === 'sector:health' ? {} : { municipality: scenario.municipality }),
          name: request.sub,
        },
        options.jwtSecret,
        '2h',
      );
      tokens.set(key, token);
    }
    return token;
  };

  const byChild = new Map<string, DemoRequest[]>();
  for (const request of scenario.requests) {
    const list = byChild.get(request.child);
    if (list) list.push(request);
    else byChild.set(request.child, [request]);
  }

  const byService: Record<DemoService, SeedCounts> = {
    health: { created: 0, repeated: 0 },
    school: { created: 0, repeated: 0 },
    'child-welfare': { created: 0, repeated: 0 },
    coordination: { created: 0, repeated: 0 },
  };
  let skipped = 0;
  let enrolled = 0;
  let done = 0;
  let failure: unknown;

  const seedChild = async (requests: DemoRequest[]) => {
    let childRef: string | undefined;
    for (const request of requests) {
      if (failure) return;
      const root = base[request.service];
      if (root === undefined) {
        skipped += 1;
        continue;
      }
      const path = request.path.replace(CHILD_REF, childRef ?? CHILD_REF);
      if (path.includes(CHILD_REF))
        throw new Error(`${request.child}: ${request.fact} before the child's enrolment`);
      const url = `${root.replace(/\/$/, '')}${path}`;
      let response: Response;
      try {
        response = await fetch(url, {
          method: request.method,
          headers: {
            authorization: `Bearer ${await tokenFor(request)}`,
            'content-type': 'application/json',
            'idempotency-key': request.idempotencyKey,
          },
          body: JSON.stringify(request.body),
        });
      } catch (error) {
        throw new DemoSeedError(
          request,
          url,
          undefined,
          error instanceof Error ? `${error.message}${causeOf(error)}` : String(error),
        );
      }
      const text = await response.text();
      if (response.status !== 200 && response.status !== 201) {
        throw new DemoSeedError(request, url, response.status, parse(text));
      }
      const counts = byService[request.service];
      if (response.status === 201) counts.created += 1;
      else counts.repeated += 1;
      if (request.fact === 'child-enrolment') {
        childRef = (parse(text) as { childRef?: string }).childRef;
        if (typeof childRef !== 'string')
          throw new DemoSeedError(
            request,
            url,
            response.status,
            'the enrolment answered no childRef',
          );
        enrolled += 1;
      }
    }
  };

  const queue = [...byChild.values()];
  const total = queue.length;
  const worker = async () => {
    for (let next = queue.shift(); next && !failure; next = queue.shift()) {
      try {
        await seedChild(next);
      } catch (error) {
        failure ??= error;
        return;
      }
      done += 1;
      if (options.log && done % 50 === 0) options.log(`${done}/${total} children`);
    }
  };
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 16));
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, total)) }, worker));
  if (failure) throw failure;

  const created = Object.values(byService).reduce((sum, counts) => sum + counts.created, 0);
  const repeated = Object.values(byService).reduce((sum, counts) => sum + counts.repeated, 0);
  return {
    seed: scenario.seed,
    municipality: scenario.municipality,
    now: scenario.now,
    children: scenario.children.length,
    enrolled,
    byService,
    created,
    repeated,
    skipped,
    ms: Date.now() - started,
  };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function causeOf(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? ` (${cause.message})` : '';
}
