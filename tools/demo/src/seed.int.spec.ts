import type { NestExpressApplication } from '@nestjs/platform-express';
import { createChildWelfareApp } from '@samvirke/child-welfare-service';
import { createCoordinationApp } from '@samvirke/coordination-service';
import { createHealthApp } from '@samvirke/health-service';
import { InProcessBus } from '@samvirke/messaging';
import { loadConfig } from '@samvirke/platform';
import { createSchoolApp } from '@samvirke/school-service';
import { createDatabase, testPostgresUrl } from '@samvirke/testing';
import { WriteSideConfig, type EventSourcedAppOptions } from '@samvirke/write-side';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { demoScenario } from './scenario';
import { DemoSeedError, seedDemo, type DemoUrls } from './seed';

// The demo sent to the real services (as `npm start` runs them: one bus in the process, real
// PostgreSQL): every request is taken, and a rerun appends nothing.
describe('seedDemo against the services', () => {
  const jwtSecret = randomBytes(32).toString('base64url');
  const childRefKey = randomBytes(32).toString('base64');
  const masterKey = randomBytes(32).toString('base64');
  const bus = new InProcessBus();
  const apps: NestExpressApplication[] = [];
  let urls: Required<DemoUrls>;
  const now = new Date();

  async function start(
    create: (options: EventSourcedAppOptions) => Promise<NestExpressApplication>,
    name: string,
  ): Promise<string> {
    const config = loadConfig(WriteSideConfig, {
      DATABASE_URL: await createDatabase(testPostgresUrl(), `demo_${name}`),
      SAMVIRKE_JWT_SECRET: jwtSecret,
      SAMVIRKE_CHILDREF_KEY: childRefKey,
      SAMVIRKE_KEYRING_MASTER_KEY: masterKey,
      BUS: 'in-process',
      LOG_LEVEL: 'silent',
    });
    const app = await create({ config, transport: bus });
    apps.push(app);
    await app.listen(0, '127.0.0.1');
    return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    urls = {
      health: await start(createHealthApp, 'health'),
      school: await start(createSchoolApp, 'school'),
      childWelfare: await start(createChildWelfareApp, 'childwelfare'),
      coordination: await start(createCoordinationApp, 'coordination'),
    };
  });
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await bus.close();
  });

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
