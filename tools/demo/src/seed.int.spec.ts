import { createChildWelfareApp } from '@samvirke/child-welfare-service';
import { createCoordinationApp } from '@samvirke/coordination-service';
import type { EventEnvelope } from '@samvirke/contracts';
import { childFactsFrom, defaultThresholds, evaluateAll } from '@samvirke/gap-engine';
import { createHealthApp } from '@samvirke/health-service';
import { signDemoToken } from '@samvirke/platform';
import { createSchoolApp } from '@samvirke/school-service';
import { ServicesOnOneBus } from '@samvirke/write-side/testing';
import { envelopesOf } from './envelopes';
import { DEMO_RULE_IDS, demoScenario } from './scenario';
import { DemoSeedError, seedDemo, type DemoUrls } from './seed';

// The demo sent to the real services (as `npm start` runs them: one bus in the process, real
// PostgreSQL): every request is taken, and a rerun appends nothing.
describe('seedDemo against the services', () => {
  const services = new ServicesOnOneBus();
  const { jwtSecret } = services;
  let urls: Required<DemoUrls>;
  const now = new Date();

  const start = (create: Parameters<ServicesOnOneBus['start']>[0], name: string) =>
    services.start(create, `demo_${name}`);

  beforeAll(async () => {
    urls = {
      health: await start(createHealthApp, 'health'),
      school: await start(createSchoolApp, 'school'),
      childWelfare: await start(createChildWelfareApp, 'childwelfare'),
      coordination: await start(createCoordinationApp, 'coordination'),
    };
  });
  afterAll(() => services.close());

  const options = () => ({
    urls,
    jwtSecret,
    seed: 'int',
    children: 42,
    municipality: '0301',
    now,
    concurrency: 8,
  });

  it('has every request of 42 children (every rule open, in time and late) taken as a new fact', async () => {
    const scenario = demoScenario({ seed: 'int', children: 42, municipality: '0301', now });
    const result = await seedDemo(options());
    expect(result).toMatchObject({
      children: 42,
      enrolled: scenario.children.filter((c) => c.enrolled).length,
      created: scenario.requests.length,
      repeated: 0,
      skipped: 0,
    });
    for (const service of ['health', 'school', 'child-welfare', 'coordination'] as const) {
      expect(result.byService[service].created).toBe(
        scenario.requests.filter((r) => r.service === service).length,
      );
    }
  });

  it('has the coordination service find, from the facts sent, the open and late gaps the gap engine finds', async () => {
    const scenario = demoScenario({ seed: 'int', children: 42, municipality: '0301', now });
    const events = new Map<string, EventEnvelope[]>();
    for (const event of envelopesOf(scenario))
      events.set(event.subject, [...(events.get(event.subject) ?? []), event]);
    const expected = () => {
      const at = new Date();
      const counts = countsByRule();
      for (const list of events.values()) {
        for (const gap of evaluateAll(childFactsFrom(list), at, defaultThresholds).gaps) {
          counts[gap.ruleId][gap.status === 'open' ? 'open' : 'late'] += 1;
        }
      }
      return counts;
    };
    const token = await signDemoToken(
      { sub: 'demo-unit-0301', roles: ['coordinating-unit'], municipality: '0301' },
      jwtSecret,
      '5m',
    );
    // The figures count every gap, whatever a reader may see of it (the list hides a sector's
    // rule without consent, and child welfare's gaps altogether): open, and resolved late.
    const found = async () => {
      const counts = countsByRule();
      const answer = await fetch(`${urls.coordination}/v1/statistics`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const figures = (await answer.json()) as {
        rules: Array<{
          ruleId: string;
          open: number;
          resolved: number;
          resolvedWithinDeadline: number;
        }>;
      };
      for (const rule of figures.rules) {
        if (!(rule.ruleId in counts)) continue;
        counts[rule.ruleId as keyof typeof counts] = {
          open: rule.open,
          late: rule.resolved - rule.resolvedWithinDeadline,
        };
      }
      return counts;
    };
    let last: unknown;
    for (
      const started = Date.now();
      Date.now() - started < 60_000;
      await new Promise((r) => setTimeout(r, 500))
    ) {
      const [want, got] = [expected(), await found()];
      last = { want, got };
      if (JSON.stringify(want) === JSON.stringify(got)) break;
    }
    const { want, got } = last as { want: unknown; got: unknown };
    expect(got).toEqual(want);
    for (const rule of DEMO_RULE_IDS) {
      expect((want as Record<string, { open: number; late: number }>)[rule]).toEqual({
        open: expect.any(Number),
        late: expect.any(Number),
      });
    }
  });

  it.todo(
    'opens no gap for a duty met in time while the demo is sent (the projection judges each fact as it comes; it needs holding back until the history is in)',
  );

  it('adds nothing when run again with the same seed on the same day: every answer is a repeat', async () => {
    const result = await seedDemo(options());
    expect(result.created).toBe(0);
    expect(result.repeated).toBe(
      demoScenario({ seed: 'int', children: 42, municipality: '0301', now }).requests.length,
    );
  });

  it('leaves the coordination requests out without the coordination URL', async () => {
    const { coordination: _left, ...sectors } = urls;
    const result = await seedDemo({ ...options(), urls: sectors, seed: 'sectors', children: 5 });
    expect(result.enrolled).toBe(0);
    expect(result.skipped).toBe(
      demoScenario({ seed: 'sectors', children: 5, municipality: '0301', now }).requests.filter(
        (r) => r.service === 'coordination',
      ).length,
    );
    expect(result.byService.coordination).toEqual({ created: 0, repeated: 0 });
  });

  it('stops at the first refused request, naming it and the problem', async () => {
    const failure = seedDemo({
      ...options(),
      jwtSecret: 'not-the-secret',
      seed: 'refused',
      children: 3,
    });
    await expect(failure).rejects.toBeInstanceOf(DemoSeedError);
    await expect(failure).rejects.toMatchObject({
      status: 401,
      problem: expect.objectContaining({ status: 401, title: expect.any(String) }),
    });
    await expect(failure).rejects.toThrow(/answered 401/);
  });
});

function countsByRule(): Record<string, { open: number; late: number }> {
  return Object.fromEntries(DEMO_RULE_IDS.map((rule) => [rule, { open: 0, late: 0 }]));
}
