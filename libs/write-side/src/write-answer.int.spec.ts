import { Body, Controller, Module, Post, UseInterceptors } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { admissionRecordedV1, type AdmissionRecordedV1 } from '@samvirke/contracts';
import {
  createPostgresEventStore,
  type Decider,
  type PostgresEventStore,
} from '@samvirke/event-sourcing';
import {
  ChildRefKey,
  InMemoryChildKeyring,
  IsPersonalId,
  syntheticPersonalIds,
} from '@samvirke/identity';
import {
  createTestApp,
  Idempotent,
  Roles,
  signDemoToken,
  TEST_JWT_SECRET,
} from '@samvirke/platform';
import { createDatabase, testPostgresUrl } from '@samvirke/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { ChildIdentity } from './child-identity';
import { ChildStreams } from './child-streams';
import { EventWriter, type Aggregate, type RequestContext } from './event-writer';
import { Correlation } from './request-context.decorator';
import { IsIdentifier, IsKommunenummer } from './validation';
import { answerWrite, WriteAnswerInterceptor } from './write-answer';

type Admit = { type: 'admit'; data: AdmissionRecordedV1 };
type Admitted = { type: typeof admissionRecordedV1.type; data: AdmissionRecordedV1 };

const stays: Aggregate<Admit, { admitted: boolean }, Admitted> = {
  name: 'admission',
  decider: {
    initialState: () => ({ admitted: false }),
    evolve: () => ({ admitted: true }),
    decide: (command, state) =>
      state.admitted ? [] : [{ type: admissionRecordedV1.type, data: command.data }],
  } satisfies Decider<Admit, { admitted: boolean }, Admitted>,
  streamIdFor: (admissionId) => `stay-${admissionId}`,
  isRepeatOf: () => true,
  idField: 'admissionId',
};

class AdmitDto {
  @IsPersonalId()
  personalId!: string;

  @IsKommunenummer()
  municipality!: string;

  @IsIdentifier()
  admissionId!: string;
}

const admission = (admissionId: string): AdmissionRecordedV1 => ({
  admissionId,
  facility: 'St. Olavs hospital',
  kind: 'inpatient',
  admittedAt: '2026-03-02T08:15:00+01:00',
});

@Roles('sector:health')
@UseInterceptors(WriteAnswerInterceptor)
@Controller('v1/admissions')
class AdmissionsController {
  constructor(private readonly children: ChildStreams) {}

  @Post()
  @Idempotent()
  async admit(@Body() dto: AdmitDto, @Correlation() context: RequestContext) {
    const outcome = await this.children.write(
      stays,
      dto,
      ({ admissionId }) => ({ type: 'admit', data: admission(admissionId) }),
      context,
    );
    return answerWrite(outcome, { admissionId: dto.admissionId });
  }
}

// The same write on a controller that forgot the interceptor.
@Roles('sector:health')
@Controller('v1/unmapped-admissions')
class UnmappedController {
  constructor(private readonly children: ChildStreams) {}

  @Post()
  @Idempotent()
  async admit(@Body() dto: AdmitDto, @Correlation() context: RequestContext) {
    const outcome = await this.children.write(
      stays,
      dto,
      ({ admissionId }) => ({ type: 'admit', data: admission(admissionId) }),
      context,
    );
    return answerWrite(outcome, { admissionId: dto.admissionId });
  }
}

const SCHEMA = 'write_answer_idempotency';

// The write answer's status and body, through the idempotency interceptor that keeps them for a replay.
describe('WriteAnswerInterceptor inside the idempotency of PostgreSQL', () => {
  const [personalId, otherPersonalId] = syntheticPersonalIds('write-answer', 2);
  let databaseUrl: string;
  let store: PostgresEventStore;
  let app: NestExpressApplication;
  let token: string;

  beforeAll(async () => {
    databaseUrl = await createDatabase(testPostgresUrl(), 'write_answer');
    store = await createPostgresEventStore({ url: databaseUrl });
    const writer = new EventWriter({
      store,
      source: '/samvirke/test',
      clock: () => new Date('2026-03-09T15:00:00Z'),
    });
    const identity = new ChildIdentity(ChildRefKey.of(randomBytes(32)), new InMemoryChildKeyring());
    @Module({
      controllers: [AdmissionsController, UnmappedController],
      providers: [{ provide: ChildStreams, useValue: new ChildStreams(writer, identity) }],
    })
    class AdmissionsModule {}
    app = await createTestApp({
      module: AdmissionsModule,
      env: { DATABASE_URL: databaseUrl },
      idempotency: { store: 'postgres', schema: SCHEMA },
    });
    token = await signDemoToken(
      { sub: 'hospital-1', roles: ['sector:health'], municipality: '5001' },
      TEST_JWT_SECRET,
    );
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const send = (key: string, body: object, path = '/v1/admissions') =>
    request(app.getHttpServer())
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', key)
      .send(body);
  const kept = async (key: string) => {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT response_status, response_body FROM ${SCHEMA}.idempotency_keys WHERE idempotency_key = $1`,
        [key],
      );
      return rows.map((row) => ({
        status: row.response_status,
        body: JSON.parse(row.response_body),
      }));
    } finally {
      await client.end();
    }
  };

  it('answers a new fact 201, keeps that answer for its key, and replays its body as 200', async () => {
    const body = { personalId, municipality: '5001', admissionId: 'A-1' };
    const first = await send('new-1', body);
    const replay = await send('new-1', body);

    expect(first.status).toBe(201);
    expect(first.body).toEqual({
      eventId: expect.any(String),
      childRef: expect.stringMatching(/^c1_/),
      admissionId: 'A-1',
    });
    expect(await kept('new-1')).toEqual([{ status: 201, body: first.body }]);
    // CONTRACT: a repeat is 200 with the same body, marked as replayed.
    expect([replay.status, replay.body, replay.headers['idempotent-replayed']]).toEqual([
      200,
      first.body,
      'true',
    ]);
    expect((await store.readStream('stay-A-1')).version).toBe(1);
  });

  it('answers a repeated fact under a new key 200 with the first body, and replays that key alike', async () => {
    const body = { personalId, municipality: '5001', admissionId: 'A-2' };
    const recorded = await send('repeat-1', body);
    const repeated = await send('repeat-2', body);
    const replay = await send('repeat-2', body);

    expect([recorded.status, repeated.status]).toEqual([201, 200]);
    expect(repeated.body).toEqual(recorded.body);
    expect(await kept('repeat-2')).toEqual([{ status: 200, body: recorded.body }]);
    expect([replay.status, replay.body, replay.headers['idempotent-replayed']]).toEqual([
      200,
      recorded.body,
      'true',
    ]);
    expect((await store.readStream('stay-A-2')).version).toBe(1);
  });

  it('keeps the write path’s refusals: 403 naming the municipality the token does not serve, 409 for an id of another child', async () => {
    const elsewhere = await send('refused-1', {
      personalId,
      municipality: '4601',
      admissionId: 'A-3',
    });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.errors).toEqual([
      { field: 'municipality', message: expect.stringContaining('4601') },
    ]);

    expect(
      (await send('refused-2', { personalId, municipality: '5001', admissionId: 'A-3' })).status,
    ).toBe(201);
    const another = await send('refused-3', {
      personalId: otherPersonalId,
      municipality: '5001',
      admissionId: 'A-3',
    });
    expect(another.status).toBe(409);
    expect(await kept('refused-3')).toEqual([]);
  });

  it('fails a route without the interceptor loudly instead of answering the unmapped answer', async () => {
    const answer = await send(
      'unmapped-1',
      { personalId, municipality: '5001', admissionId: 'A-4' },
      '/v1/unmapped-admissions',
    );
    expect(answer.status).toBe(500);
    expect(JSON.stringify(answer.body)).not.toContain('created');
  });
});
