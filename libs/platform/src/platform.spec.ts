import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Injectable,
  Module,
  NotFoundException,
  OnModuleInit,
  Param,
  Post,
} from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import { Writable } from 'node:stream';
import request from 'supertest';
import { ConcurrencyError, DomainError } from '@samvirke/event-sourcing';
import {
  createTestApp,
  CurrentUser,
  HealthRegistry,
  Idempotent,
  InMemoryIdempotencyStore,
  Metrics,
  Principal,
  PROBLEM_CONTENT_TYPE,
  Public,
  Roles,
  signDemoToken,
  TEST_JWT_SECRET,
} from './index';

class ContactDto {
  @IsIn(['gp', 'health-nurse'])
  kind!: string;
}

class RecordDischargeDto {
  @IsString()
  @Matches(/^\d{11}$/)
  personalId!: string;

  @IsISO8601({ strict: true })
  dischargedAt!: string;

  @IsBoolean()
  followUpNeeded!: boolean;

  @IsIn(['home', 'institution', 'other'])
  destination!: string;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts?: ContactDto[];

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  note?: string;
}

@Injectable()
class Bus implements OnModuleInit {
  connected = true;
  calls = 0;
  constructor(@Inject(HealthRegistry) private readonly health: HealthRegistry) {}
  onModuleInit() {
    this.health.register('bus', () => this.connected);
  }
}

@Controller('v1/discharges')
@Roles('sector:health')
class DischargesController {
  constructor(@Inject(Bus) private readonly bus: Bus) {}

  @Post()
  @Idempotent()
  record(@Body() dto: RecordDischargeDto, @CurrentUser() user: Principal) {
    this.bus.calls++;
    return {
      eventId: `event-${this.bus.calls}`,
      destination: dto.destination,
      by: user.sub,
      typed: dto instanceof RecordDischargeDto,
    };
  }

  @Post('optional-key')
  @Idempotent({ required: false })
  optionalKey() {
    this.bus.calls++;
    return { calls: this.bus.calls };
  }

  @Post('contradiction')
  @HttpCode(201)
  contradiction(): never {
    throw new DomainError('The child was not admitted.', 'not-admitted');
  }

  @Post('race')
  race(): never {
    throw new ConcurrencyError('admission-1', 3, 4);
  }

  @Get('crash')
  crash(): never {
    throw new Error('connection to 10.0.0.7:5432 refused: password for user samvirke');
  }

  @Get('database-down')
  databaseDown(): never {
    throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:5432'), { code: 'ECONNREFUSED' });
  }

  @Get('missing')
  missing(): never {
    throw new NotFoundException('No discharge with that id.');
  }

  @Get(':dischargeId')
  one(@Param('dischargeId') dischargeId: string) {
    return { dischargeId };
  }
}

@Controller('v1/open')
class OpenController {
  @Public()
  @Get()
  open() {
    return { open: true };
  }
}

@Module({ controllers: [DischargesController, OpenController], providers: [Bus] })
class TestModule {}

const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/** A write whose first attempt meets a database outage, as does the release of its key. */
@Injectable()
class Outage {
  writesDown = 1;
}

@Controller('v1/follow-ups')
@Roles('sector:health')
class FollowUpsController {
  constructor(@Inject(Outage) private readonly outage: Outage) {}

  @Post()
  @Idempotent()
  record() {
    if (this.outage.writesDown-- > 0) throw refused();
    return { eventId: 'event-1' };
  }
}

@Module({ controllers: [FollowUpsController], providers: [Outage] })
class OutageModule {}

class ReleaseDownOnce extends InMemoryIdempotencyStore {
  releasesDown = 1;
  override async release(...args: Parameters<InMemoryIdempotencyStore['release']>): Promise<void> {
    if (this.releasesDown-- > 0) throw refused();
    return super.release(...args);
  }
}

const valid = {
  personalId: '01010112345',
  dischargedAt: '2025-03-01T10:00:00+01:00',
  followUpNeeded: true,
  destination: 'home',
};

describe('platform: a service app', () => {
  let app: NestExpressApplication;
  let http: ReturnType<typeof request>;
  let health: string;
  let school: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    const logs = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    app = await createTestApp({
      module: TestModule,
      name: 'spec-service',
      logLevel: 'info',
      logDestination: logs,
    });
    http = request(app.getHttpServer());
    health = await signDemoToken(
      { sub: 'hospital-1', roles: ['sector:health'], municipality: '0301', name: 'Ullevål' },
      TEST_JWT_SECRET,
    );
    school = await signDemoToken(
      { sub: 'school-1', roles: ['sector:school'], municipality: '0301' },
      TEST_JWT_SECRET,
    );
  });

  afterAll(async () => {
    await app.close();
  });

  const post = (body: unknown, token = health, key: string | null = `key-${Math.random()}`) => {
    const req = http.post('/v1/discharges').set('Authorization', `Bearer ${token}`);
    if (key !== null) req.set('Idempotency-Key', key);
    return req.send(body as object);
  };

  function expectProblem(res: request.Response, status: number) {
    expect(res.status).toBe(status);
    expect(res.headers['content-type'].split(';')[0]).toBe(PROBLEM_CONTENT_TYPE);
    expect(res.body).toMatchObject({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
    });
  }

  describe('valid input', () => {
    it('runs the handler with a typed DTO and the caller and answers 201', async () => {
      const res = await post(valid);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ destination: 'home', by: 'hospital-1', typed: true });
    });
  });

  describe('invalid input is 400 naming each bad field', () => {
    it('names a missing field', async () => {
      const { dischargedAt: _, ...rest } = valid;
      const res = await post(rest);
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([
        { field: 'dischargedAt', message: expect.stringContaining('dischargedAt') },
      ]);
    });

    it('names a field of the wrong type', async () => {
      const res = await post({ ...valid, followUpNeeded: 'yes' });
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['followUpNeeded']);
    });

    it('names a value outside its enum', async () => {
      const res = await post({ ...valid, destination: 'moon' });
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([
        { field: 'destination', message: expect.stringContaining('home, institution, other') },
      ]);
    });

    it('refuses an unknown field and names it', async () => {
      const res = await post({ ...valid, shoeSize: 42 });
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([
        { field: 'shoeSize', message: expect.stringContaining('should not exist') },
      ]);
    });

    it('names a bad field inside an array by its index', async () => {
      const res = await post({ ...valid, contacts: [{ kind: 'gp' }, { kind: 'astrologer' }] });
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['contacts[1].kind']);
    });

    it('names every bad field at once', async () => {
      const res = await post({ destination: 'moon' });
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
        ['destination', 'dischargedAt', 'followUpNeeded', 'personalId'].sort(),
      );
    });

    it('answers a JSON array where an object is expected with 400', async () => {
      const res = await post([valid]);
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([
        { field: 'body', message: 'the body must be a JSON object' },
      ]);
    });

    it('answers a write without a body with 400 naming the missing fields', async () => {
      const res = await http
        .post('/v1/discharges')
        .set('Authorization', `Bearer ${health}`)
        .set('Idempotency-Key', 'no-body');
      expectProblem(res, 400);
      expect(res.body.errors.length).toBeGreaterThan(0);
    });

    it('answers malformed JSON with 400', async () => {
      const res = await http
        .post('/v1/discharges')
        .set('Authorization', `Bearer ${health}`)
        .set('Content-Type', 'application/json')
        .send('{"personalId": "0101011234');
      expectProblem(res, 400);
      expect(res.body.detail).toBe('The request body is not valid JSON.');
    });

    it('answers a body over 64 KiB with 413', async () => {
      const res = await post({ ...valid, note: 'x'.repeat(70 * 1024) });
      expectProblem(res, 413);
    });

    it('answers a body nested deeper than 32 levels with 400, before anything parses it', async () => {
      const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
      const res = await http
        .post('/v1/discharges')
        .set('Authorization', `Bearer ${health}`)
        .set('Idempotency-Key', 'deep')
        .set('Content-Type', 'application/json')
        .send(`{"contacts": ${deep}}`);
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([
        { field: 'body', message: expect.stringContaining('32 levels') },
      ]);
    });

    it.each([
      ['a NUL', 'before\\u0000after'],
      ['a lone high surrogate', 'before\\ud800after'],
      ['a lone low surrogate', '\\udc00'],
    ])('answers a string with %s with 400 naming the field', async (_name, escaped) => {
      const callsBefore = app.get(Bus).calls;
      const res = await http
        .post('/v1/discharges')
        .set('Authorization', `Bearer ${health}`)
        .set('Idempotency-Key', `text-${escaped}`)
        .set('Content-Type', 'application/json')
        .send(`{"note": "${escaped}", "contacts": [{"kind": "gp"}, {"kind": "${escaped}"}]}`);
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'note',
        'contacts[1].kind',
      ]);
      expect(app.get(Bus).calls).toBe(callsBefore);
    });

    it('keeps a proper surrogate pair (an emoji) as text', async () => {
      const res = await post({ ...valid, note: 'well \ud83d\ude00' });
      expect(res.status).toBe(201);
    });

    it('answers a NUL in a query parameter with 400 naming it, on any route', async () => {
      const res = await http.get('/v1/open?who=a%00b');
      expectProblem(res, 400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['who']);
    });

    it('answers a UTF-16 body with 415', async () => {
      const res = await http
        .post('/v1/discharges')
        .set('Authorization', `Bearer ${health}`)
        .set('Idempotency-Key', 'utf-16')
        .set('Content-Type', 'application/json; charset=utf-16le')
        .send(Buffer.from(JSON.stringify(valid), 'utf16le'));
      expectProblem(res, 415);
    });

    it('answers a text/plain body with 415', async () => {
      const res = await http
        .post('/v1/discharges')
        .set('Authorization', `Bearer ${health}`)
        .set('Content-Type', 'text/plain')
        .send(JSON.stringify(valid));
      expectProblem(res, 415);
    });

    it('answers a form body with 415', async () => {
      const res = await http
        .post('/v1/discharges')
        .set('Authorization', `Bearer ${health}`)
        .type('form')
        .send({ a: 'b' });
      expectProblem(res, 415);
    });
  });

  describe('auth', () => {
    it('answers a request without a token with 401', async () => {
      const res = await http.post('/v1/discharges').send(valid);
      expectProblem(res, 401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });

    it('answers a token that is not a JWT with 401', async () => {
      expectProblem(await post(valid, 'not-a-jwt'), 401);
    });

    it('answers a token signed with another secret with 401', async () => {
      const forged = await signDemoToken(
        { sub: 'x', roles: ['sector:health'] },
        'another-secret-that-is-long-enough-000',
      );
      expectProblem(await post(valid, forged), 401);
    });

    it('answers an expired token with 401', async () => {
      const expired = await signDemoToken(
        { sub: 'x', roles: ['sector:health'] },
        TEST_JWT_SECRET,
        -60,
      );
      const res = await post(valid, expired);
      expectProblem(res, 401);
      expect(res.body.detail).toContain('expired');
    });

    it('answers a token with a bad municipality claim with 401', async () => {
      const odd = await signDemoToken(
        { sub: 'x', roles: ['sector:health'], municipality: 'Oslo' },
        TEST_JWT_SECRET,
      );
      expectProblem(await post(valid, odd), 401);
    });

    it('answers a valid token without the route role with 403', async () => {
      expectProblem(await post(valid, school), 403);
    });

    it('lets a public route through without a token', async () => {
      expect((await http.get('/v1/open')).body).toEqual({ open: true });
    });
  });

  describe('conflicts and failures', () => {
    it('answers a DomainError with 409, its message and its code', async () => {
      const res = await http
        .post('/v1/discharges/contradiction')
        .set('Authorization', `Bearer ${health}`);
      expectProblem(res, 409);
      expect(res.body).toMatchObject({
        detail: 'The child was not admitted.',
        code: 'not-admitted',
      });
    });

    it('answers a ConcurrencyError with 409', async () => {
      const res = await http.post('/v1/discharges/race').set('Authorization', `Bearer ${health}`);
      expectProblem(res, 409);
    });

    it('answers an unknown route with 404', async () => {
      expectProblem(await http.get('/v1/nowhere'), 404);
    });

    it('answers a missing resource with 404 and its message', async () => {
      const res = await http.get('/v1/discharges/missing').set('Authorization', `Bearer ${health}`);
      expectProblem(res, 404);
      expect(res.body.detail).toBe('No discharge with that id.');
    });

    it('answers an unexpected error with a generic 500 and logs the cause', async () => {
      const res = await http.get('/v1/discharges/crash').set('Authorization', `Bearer ${health}`);
      expectProblem(res, 500);
      expect(JSON.stringify(res.body)).not.toMatch(/10\.0\.0\.7|password/);
      expect(logLines.some((line) => line.includes('10.0.0.7'))).toBe(true);
    });
  });

  describe('an outage', () => {
    it('answers a database that cannot be reached with 503 and Retry-After, never 500, and logs the cause', async () => {
      const res = await http
        .get('/v1/discharges/database-down')
        .set('Authorization', `Bearer ${health}`);
      expectProblem(res, 503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body.type).toBe('urn:samvirke:problem:unavailable');
      expect(JSON.stringify(res.body)).not.toMatch(/10\.0\.0\.7|ECONNREFUSED/);
      expect(logLines.some((line) => line.includes('ECONNREFUSED 10.0.0.7'))).toBe(true);
    });

    it('lets go of a failed write’s key once the database is back, so its retry runs instead of waiting out the lease', async () => {
      const store = new ReleaseDownOnce();
      const outageApp = await createTestApp({
        module: OutageModule,
        idempotency: { store, pollMs: 50 },
      });
      try {
        const write = () =>
          request(outageApp.getHttpServer())
            .post('/v1/follow-ups')
            .set('Authorization', `Bearer ${health}`)
            .set('Idempotency-Key', 'outage-1')
            .send({});
        expectProblem(await write(), 503);
        const retry = await write();
        expect(retry.status).toBe(201);
        expect(retry.body).toEqual({ eventId: 'event-1' });
      } finally {
        await outageApp.close();
      }
    });
  });

  describe('idempotency (keys kept in memory here; PostgreSQL in the integration spec)', () => {
    it('answers a repeat with the first body and 200 without running the handler again', async () => {
      const first = await post(valid, health, 'repeat-1');
      const callsAfterFirst = app.get(Bus).calls;
      const second = await post(valid, health, 'repeat-1');
      expect(first.status).toBe(201);
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(app.get(Bus).calls).toBe(callsAfterFirst);
    });

    it('takes the same body in another key order as the same request', async () => {
      const first = await post(valid, health, 'repeat-2');
      const reordered = Object.fromEntries(Object.entries(valid).reverse());
      const second = await post(reordered, health, 'repeat-2');
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
    });

    it('answers the same key with another body with 409', async () => {
      await post(valid, health, 'repeat-3');
      const res = await post({ ...valid, destination: 'other' }, health, 'repeat-3');
      expectProblem(res, 409);
      expect(res.body.type).toBe('urn:samvirke:problem:idempotency-key-reused');
    });

    it('keeps nothing for a refused request, so its corrected retry runs', async () => {
      expectProblem(await post({ ...valid, destination: 'moon' }, health, 'repeat-4'), 400);
      expect((await post(valid, health, 'repeat-4')).status).toBe(201);
    });

    it('answers a required key that is missing with 400 naming the header', async () => {
      const res = await post(valid, health, null);
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
    });

    it('runs a route whose key is optional without one, every time', async () => {
      const once = await http
        .post('/v1/discharges/optional-key')
        .set('Authorization', `Bearer ${health}`);
      const twice = await http
        .post('/v1/discharges/optional-key')
        .set('Authorization', `Bearer ${health}`);
      expect(twice.body.calls).toBe(once.body.calls + 1);
    });
  });

  describe('health', () => {
    it('is live', async () => {
      const res = await http.get('/health/live');
      expect(res.status).toBe(200);
    });

    it('is ready while every check passes', async () => {
      const res = await http.get('/health/ready');
      expect(res.status).toBe(200);
      expect(res.body.checks.bus).toEqual({ status: 'up' });
    });

    it('is not ready, naming the failed check, when one fails', async () => {
      app.get(Bus).connected = false;
      try {
        const res = await http.get('/health/ready');
        expectProblem(res, 503);
        expect(res.body.checks.bus).toEqual({ status: 'down', reason: 'failed' });
        expect(res.body.detail).toContain('bus');
      } finally {
        app.get(Bus).connected = true;
      }
    });
  });

  describe('metrics', () => {
    it('serves Prometheus text with process metrics and request durations by route template', async () => {
      await http.get('/v1/discharges/discharge-4711').set('Authorization', `Bearer ${health}`);
      const res = await http.get('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toContain('process_cpu_user_seconds_total');
      expect(res.text).toMatch(
        /http_request_duration_seconds_count\{[^}]*method="GET",route="\/v1\/discharges\/:dischargeId",status="200"/,
      );
      expect(res.text).not.toContain('discharge-4711');
    });

    it('labels requests that matched no route as unmatched', async () => {
      await http.get('/v1/no-such-thing/12345');
      const res = await http.get('/metrics');
      expect(res.text).toMatch(
        /http_request_duration_seconds_count\{[^}]*method="GET",route="unmatched",status="404"/,
      );
      expect(res.text).not.toContain('12345');
    });

    it('lets a service add its own metrics to the same registry', async () => {
      app.get(Metrics).counter({ name: 'spec_things_total', help: 'things' }).inc(3);
      expect((await http.get('/metrics')).text).toContain(
        'spec_things_total{service="spec-service"} 3',
      );
    });
  });

  describe('logs', () => {
    it('log each request as JSON with a request id, echoed in X-Request-Id', async () => {
      const res = await http.get('/v1/open').set('X-Request-Id', 'trace-me-1');
      expect(res.headers['x-request-id']).toBe('trace-me-1');
      const line = logLines
        .map((l) => JSON.parse(l))
        .find((entry) => entry.req?.id === 'trace-me-1');
      expect(line).toMatchObject({
        service: 'spec-service',
        level: 'info',
        res: { statusCode: 200 },
      });
    });

    it('never hold the token or the body', async () => {
      await post(valid);
      const all = logLines.join('\n');
      expect(all).not.toContain(health.split('.')[2]);
      expect(all).not.toContain(valid.personalId);
      expect(all).toContain('"authorization":"[redacted]"');
    });
  });

  describe('OpenAPI', () => {
    it('serves the document with bearer auth and the Idempotency-Key header', async () => {
      const res = await http.get('/docs-json');
      expect(res.status).toBe(200);
      expect(res.body.components.securitySchemes.bearer).toMatchObject({
        type: 'http',
        scheme: 'bearer',
      });
      const parameters = res.body.paths['/v1/discharges'].post.parameters;
      expect(parameters).toContainEqual(
        expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
      );
      expect(res.body.paths['/health/ready']).toBeDefined();
    });

    it('declares that every operation may answer a problem document', async () => {
      const res = await http.get('/docs-json');
      expect(res.body.paths['/v1/discharges'].post.responses.default.content).toEqual({
        'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
      });
      expect(res.body.components.schemas.Problem.required).toEqual([
        'type',
        'title',
        'status',
        'detail',
      ]);
    });

    it('serves the UI', async () => {
      const res = await http.get('/docs/');
      expect(res.status).toBe(200);
      expect(res.text).toContain('swagger');
    });
  });
});
