import { Body, Controller, Inject, Module, Post } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { pgPoolOf } from '@samvirke/event-sourcing';
import { createDatabase, eventually, testPostgresUrl } from '@samvirke/testing';
import { IsString } from 'class-validator';
import { Client, type Pool } from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { Roles } from '../auth/decorators';
import { signDemoToken } from '../auth/tokens';
import { createTestApp, TEST_JWT_SECRET } from '../bootstrap';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { DATA_SOURCE, DATABASE_POOL } from './database.module';

class NoteDto {
  @IsString()
  text!: string;
}

/** Writes through the pool and through TypeORM, each request holding its connection a while. */
@Controller('v1/notes')
@Roles('sector:health')
class NotesController {
  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  @Post()
  @Idempotent()
  async write(@Body() dto: NoteDto) {
    await this.pool.query('SELECT pg_sleep(0.05)');
    await this.dataSource.query('INSERT INTO notes (text) VALUES ($1)', [dto.text]);
    return { text: dto.text };
  }
}

@Module({ controllers: [NotesController] })
class NotesModule {}

describe('the process database', () => {
  let url: string;
  let token: string;
  beforeAll(async () => {
    url = await createDatabase(testPostgresUrl(), 'platform_database');
    await sql('CREATE TABLE notes (text text NOT NULL)');
    token = await signDemoToken(
      { sub: 'hospital-1', roles: ['sector:health'], municipality: '0301' },
      TEST_JWT_SECRET,
    );
  });

  async function sql(text: string): Promise<Array<Record<string, unknown>>> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(text)).rows;
    } finally {
      await client.end();
    }
  }
  const COUNT_OTHERS = `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`;
  /** The app's connections to the database: all but the one asking. */
  const connections = async () => (await sql(COUNT_OTHERS))[0].n;

  it('is one DataSource and its pg pool for every module and the idempotency keys, never more connections than its size, closed with the app', async () => {
    const app: NestExpressApplication = await createTestApp({
      module: NotesModule,
      env: { DATABASE_URL: url },
      database: { poolSize: 3 },
      idempotency: { store: 'postgres' },
    });
    try {
      expect(app.get<Pool>(DATABASE_POOL)).toBe(pgPoolOf(app.get<DataSource>(DATA_SOURCE)));
      // One probe connection, asking again and again while the requests run.
      const probe = new Client({ connectionString: url });
      await probe.connect();
      let peak = 0;
      let sending = true;
      const sampling = (async () => {
        while (sending)
          peak = Math.max(peak, (await probe.query<{ n: number }>(COUNT_OTHERS)).rows[0].n);
      })();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          request(app.getHttpServer())
            .post('/v1/notes')
            .set('Authorization', `Bearer ${token}`)
            .set('Idempotency-Key', `note-${i}`)
            .send({ text: `note ${i}` }),
        ),
      );
      sending = false;
      await sampling;
      await probe.end();

      expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(201));
      expect(await sql('SELECT count(*)::int AS n FROM notes')).toEqual([{ n: 20 }]);
      expect(peak).toBeGreaterThan(0);
      expect(peak).toBeLessThanOrEqual(3);
    } finally {
      await app.close();
    }
    // A backend leaves pg_stat_activity a moment after its client hung up.
    await eventually(async () => expect(await connections()).toBe(0), { timeoutMs: 5_000 });
  });
});
