import { Test } from '@nestjs/testing';
import { toKafkaMessage } from '@samvirke/contracts';
import { InProcessBus, silentLogger } from '@samvirke/messaging';
import { DATA_SOURCE, DatabaseModule } from '@samvirke/platform';
import { createDatabase, testPostgresUrl } from '@samvirke/testing';
import type { DataSource } from 'typeorm';
import { events as build } from '@samvirke/gap-engine/testing';
import { GapScheduler } from '../scheduler/gap-scheduler';
import { CoordinationProjection } from './coordination-projection';
import { ProjectionModule } from './projection.module';
import { eventually } from './testing/database';

describe('ProjectionModule', () => {
  it('projects what the bus brings once the app is up, opens the gaps due, and stops with the app', async () => {
    const databaseUrl = await createDatabase(testPostgresUrl(), 'projection_module');
    const bus = new InProcessBus({ logger: silentLogger });
    const now = new Date('2026-03-20T00:00:00Z');
    const moduleRef = await Test.createTestingModule({
      imports: [
        DatabaseModule.forRoot({ url: databaseUrl }),
        ProjectionModule.forRoot({
          transport: bus,
          topics: ['health.events.v1'],
          clock: () => now,
          scheduler: { pollIntervalMs: 100 },
        }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const dataSource = app.get<DataSource>(DATA_SOURCE);

    await bus.publish('health.events.v1', [
      toKafkaMessage(
        build.discharged('adm-1', '2026-03-02T10:00:00+01:00', true, { subject: 'child-module' }),
      ),
    ]);
    await eventually(async () => {
      const rows = (await dataSource.query(
        `SELECT rule_id, status FROM read_model.gaps ORDER BY rule_id`,
      )) as Array<Record<string, unknown>>;
      expect(rows).toEqual([
        { rule_id: 'health.discharge-follow-up', status: 'open' },
        { rule_id: 'health.discharge-summary', status: 'open' },
      ]);
    });
    expect(app.get(CoordinationProjection).status()).toEqual(
      expect.objectContaining({ running: true, handled: 1 }),
    );
    expect(app.get(GapScheduler).status().running).toBe(true);

    await app.close();
    expect(app.get(CoordinationProjection).status().running).toBe(false);
    await bus.close();
  });
});
