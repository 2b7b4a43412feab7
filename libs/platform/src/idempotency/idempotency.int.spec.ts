import { Body, Controller, Inject, Injectable, Module, Post } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IsInt, IsString } from 'class-validator';
import { Client } from 'pg';
import request from 'supertest';
import { DomainError } from '@samvirke/event-sourcing';
import { createDatabase, testPostgresUrl } from '@samvirke/testing';
import { createTestApp, TestAppOptions, TEST_JWT_SECRET } from '../bootstrap';
import { Roles } from '../auth/decorators';
import { signDemoToken } from '../auth/tokens';
import { requestFingerprint } from './fingerprint';
import { Idempotent } from './idempotent.decorator';

class RecordFollowUpDto {
  @IsString()
  followUpId!: string;

  @IsInt()
  minutes!: number;
}

/** What the handler did in this app instance. */
@Injectable()
class Handled {
  count = 0;
  delayMs = 300;
  failNext = false;
}

@Controller('v1/follow-ups')
@Roles('sector:health')
class FollowUpsController {
  constructor(@Inject(Handled) private readonly handled: Handled) {}

  @Post()
  @Idempotent()
  async record(@Body() dto: RecordFollowUpDto) {
    this.handled.count++;
    await new Promise((resolve) => setTimeout(resolve, this.handled.delayMs));
    if (this.handled.failNext) {
      this.handled.failNext = false;
      throw new DomainError('The admission is not known yet.', 'unknown-admission');
    }
    return {
      eventId: `${dto.followUpId}-${Date.now()}-${Math.random()}`,
      childRef: 'c-1',
      minutes: dto.minutes,
    };
  }
}

@Module({ controllers: [FollowUpsController], providers: [Handled] })
class FollowUpsModule {}

const SCHEMA = 'platform_idempotency';

describe('idempotency kept in PostgreSQL', () => {
  let databaseUrl: string;
  let token: string;
  const apps: NestExpressApplication[] = [];

  beforeAll(async () => {
    databaseUrl = await createDatabase(testPostgresUrl(), 'platform');
    token = await signDemoToken(
      { sub: 'hospital-1', roles: ['sector:health'], municipality: '0301' },
      TEST_JWT_SECRET,
    );
  });

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  async function startApp(
    idempotency: TestAppOptions['idempotency'] = {},
  ): Promise<NestExpressApplication> {
    const app = await createTestApp({
      module: FollowUpsModule,
      env: { DATABASE_URL: databaseUrl },
      idempotency: { store: 'postgres', schema: SCHEMA, pollMs: 25, ...idempotency },
    });
    apps.push(app);
    return app;
  }

  const send = (app: NestExpressApplication, key: string, body: object) =>
    request(app.getHttpServer())
      .post('/v1/follow-ups')
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', key)
      .send(body);

  it('runs the handler once for 5 concurrent identical requests, and all get the same body', async () => {
    const app = await startApp();
    const body = { followUpId: 'f-1', minutes: 30 };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => send(app, 'concurrent-1', body)),
    );

    expect(app.get(Handled).count).toBe(1);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
  });

  it('runs the handler once when the concurrent requests reach two instances', async () => {
    const [a, b] = [await startApp(), await startApp()];
    const body = { followUpId: 'f-2', minutes: 45 };
    const answers = await Promise.all(
      [a, b, a, b, a].map((app) => send(app, 'concurrent-2', body)),
    );

    expect(a.get(Handled).count + b.get(Handled).count).toBe(1);
    expect(new Set(answers.map((x) => JSON.stringify(x.body))).size).toBe(1);
  });

  it('answers a repeat after a restart from the database, without running the handler', async () => {
    const body = { followUpId: 'f-3', minutes: 15 };
    const before = await startApp();
    const first = await send(before, 'restart-1', body);
    await before.close();
    apps.splice(apps.indexOf(before), 1);

    const after = await startApp();
    const repeat = await send(after, 'restart-1', body);

    expect(first.status).toBe(201);
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual(first.body);
    expect(after.get(Handled).count).toBe(0);
  });

  it('answers the same key with another body with 409', async () => {
    const app = await startApp();
    await send(app, 'reused-1', { followUpId: 'f-4', minutes: 10 });
    const res = await send(app, 'reused-1', { followUpId: 'f-4', minutes: 11 });

    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.type).toBe('urn:samvirke:problem:idempotency-key-reused');
  });

  it('keeps nothing when the handler fails, so the retry runs', async () => {
    const app = await startApp();
    const body = { followUpId: 'f-5', minutes: 5 };
    app.get(Handled).failNext = true;
    expect((await send(app, 'failed-1', body)).status).toBe(409);
    expect((await send(app, 'failed-1', body)).status).toBe(201);
    expect(app.get(Handled).count).toBe(2);
  });

  it('answers 409 to a repeat that waited longer than allowed for the first to finish', async () => {
    const app = await startApp({ waitMs: 100 });
    app.get(Handled).delayMs = 1000;
    const body = { followUpId: 'f-6', minutes: 5 };
    const first = send(app, 'slow-1', body).then((res) => res);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const repeat = await send(app, 'slow-1', body);

    expect(repeat.status).toBe(409);
    expect(repeat.body.type).toBe('urn:samvirke:problem:idempotency-key-in-progress');
    expect((await first).status).toBe(201);
  });

  it('takes over a claim left in progress by an instance that died, once its lease is over', async () => {
    const app = await startApp();
    const body = { followUpId: 'f-7', minutes: 20 };
    const fingerprint = requestFingerprint({
      method: 'POST',
      path: '/v1/follow-ups',
      query: {},
      caller: 'hospital-1',
      body,
    });
    await sql(
      `INSERT INTO ${SCHEMA}.idempotency_keys (caller, municipality, idempotency_key, fingerprint, claim_token, state, locked_until, expires_at)
       VALUES ('hospital-1', '0301', 'orphan-1', $1, gen_random_uuid(), 'in-progress', now() - interval '1 second', now() + interval '1 day')`,
      [fingerprint],
    );

    const res = await send(app, 'orphan-1', body);

    expect(res.status).toBe(201);
    expect(app.get(Handled).count).toBe(1);
  });

  describe('scoped by issuer, subject and municipality', () => {
    const as = (claims: { sub: string; municipality?: string }, issuer?: string) =>
      signDemoToken(
        { ...claims, roles: ['sector:health'] },
        TEST_JWT_SECRET,
        '5m',
        issuer ? { issuer } : {},
      );
    const sendAs = (app: NestExpressApplication, bearer: string, key: string, body: object) =>
      request(app.getHttpServer())
        .post('/v1/follow-ups')
        .set('Authorization', `Bearer ${bearer}`)
        .set('Idempotency-Key', key)
        .send(body);

    it.each([
      [
        'two subjects',
        { sub: 'hospital-a', municipality: '0301' },
        { sub: 'hospital-b', municipality: '0301' },
        undefined,
        undefined,
      ],
      [
        'one subject in two municipalities',
        { sub: 'school-system', municipality: '0301' },
        { sub: 'school-system', municipality: '4601' },
        undefined,
        undefined,
      ],
      [
        'one subject of two issuers',
        { sub: 'ehr-1' },
        { sub: 'ehr-1' },
        'https://idp-a.example',
        'https://idp-b.example',
      ],
    ])(
      'takes the same key from %s as two requests',
      async (what, first, second, firstIssuer, secondIssuer) => {
        const app = await startApp();
        const body = { followUpId: 'f-scope', minutes: 30 };
        const key = `scope-${what.replaceAll(' ', '-')}`;
        const one = await sendAs(app, await as(first, firstIssuer), key, body);
        const other = await sendAs(app, await as(second, secondIssuer), key, body);
        expect([one.status, other.status]).toEqual([201, 201]);
        expect(other.body.eventId).not.toBe(one.body.eventId);
        expect(app.get(Handled).count).toBe(2);
        // Each still gets its own first answer again.
        const again = await sendAs(app, await as(second, secondIssuer), key, body);
        expect([again.status, again.body]).toEqual([200, other.body]);
      },
    );

    it('migrates a table keyed by subject alone, and its rows keep answering', async () => {
      const old = 'platform_idempotency_old';
      const body = { followUpId: 'f-old', minutes: 12 };
      const fingerprint = requestFingerprint({
        method: 'POST',
        path: '/v1/follow-ups',
        query: {},
        caller: 'lab-1',
        body,
      });
      const stored = JSON.stringify({
        eventId: 'recorded-before-the-migration',
        childRef: 'c-1',
        minutes: 12,
      });
      await sql(`CREATE SCHEMA ${old}`);
      await sql(`CREATE TABLE ${old}.idempotency_keys (
        caller text NOT NULL, idempotency_key text NOT NULL, fingerprint text NOT NULL, claim_token uuid NOT NULL,
        state text NOT NULL CHECK (state IN ('in-progress', 'completed')), locked_until timestamptz NOT NULL,
        expires_at timestamptz NOT NULL, response_status integer, response_body text,
        created_at timestamptz NOT NULL DEFAULT now(), completed_at timestamptz, PRIMARY KEY (caller, idempotency_key))`);
      await sql(
        `INSERT INTO ${old}.idempotency_keys (caller, idempotency_key, fingerprint, claim_token, state, locked_until, expires_at, response_status, response_body)
         VALUES ('lab-1', 'before-1', $1, gen_random_uuid(), 'completed', now(), now() + interval '1 day', 201, $2)`,
        [fingerprint, stored],
      );

      const app = await startApp({ schema: old });
      const repeat = await sendAs(app, await as({ sub: 'lab-1' }), 'before-1', body);
      expect([repeat.status, repeat.body]).toEqual([200, JSON.parse(stored)]);
      expect(app.get(Handled).count).toBe(0);
      const key = await sql(
        `SELECT array_agg(a.attname::text ORDER BY array_position(c.conkey, a.attnum)) AS columns FROM pg_constraint c
           JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
          WHERE c.conrelid = '${old}.idempotency_keys'::regclass AND c.contype = 'p'`,
      );
      expect(key).toEqual([{ columns: ['issuer', 'caller', 'municipality', 'idempotency_key'] }]);
      // Opening it again changes nothing.
      await startApp({ schema: old });
      await sql(`DROP SCHEMA ${old} CASCADE`);
    });
  });

  it('keeps its table in the configured schema', async () => {
    await startApp();
    const rows = await sql(
      `SELECT table_schema FROM information_schema.tables WHERE table_name = 'idempotency_keys'`,
    );
    expect(rows).toEqual([{ table_schema: SCHEMA }]);
  });

  it('reports the store in readiness', async () => {
    const app = await startApp();
    const res = await request(app.getHttpServer()).get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.checks['idempotency-store']).toEqual({ status: 'up' });
  });

  async function sql(text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      return (await client.query(text, params)).rows;
    } finally {
      await client.end();
    }
  }
});
