import {
  COORDINATION_TOPIC,
  fromKafkaMessage,
  HEALTH_TOPIC,
  toKafkaMessage,
} from '@samvirke/contracts';
import { DLQ_HEADERS, KafkaTransport, silentLogger } from '@samvirke/messaging';
import {
  createTopics,
  eventually,
  readTopic,
  testKafkaBrokers,
  uniqueTopic,
} from '@samvirke/testing';
import { SectorHarness } from '@samvirke/write-side/testing';
import { Pool } from 'pg';
import { events as build } from '@samvirke/gap-engine/testing';
import { createCoordinationApp } from '../service';

jest.setTimeout(120_000);

const CHILDREN = 100;
const PER_CHILD = 10;

// The coordination service on real PostgreSQL and Kafka, fed an event straight on its topic that
// the catalog takes and PostgreSQL refuses, then a thousand good ones behind it in the same partition.
describe('the projection given a poison event', () => {
  const brokers = testKafkaBrokers();
  const healthTopic = uniqueTopic(HEALTH_TOPIC);
  const groupId = uniqueTopic('coordination-poison-group');
  let harness: SectorHarness;
  let db: Pool;
  let health: KafkaTransport;

  beforeAll(async () => {
    // One partition: every event below queues behind the poison.
    await createTopics(brokers, [healthTopic, `${healthTopic}.dlq`], 1);
    harness = await SectorHarness.start(
      (options) =>
        createCoordinationApp({
          ...options,
          projection: { topics: [options.topic ?? COORDINATION_TOPIC, healthTopic], groupId },
          scheduler: false,
        }),
      { role: 'coordinating-unit', topic: COORDINATION_TOPIC, name: 'coordination_poison' },
    );
    db = new Pool({ connectionString: harness.config.DATABASE_URL, max: 2 });
    health = new KafkaTransport({ brokers, clientId: 'health-poison', logger: silentLogger });
  });
  afterAll(async () => {
    await health?.close();
    await db?.end();
    await harness?.close();
  });

  it('parks the poison on the dead-letter topic with its reason, projects the next 1,000 events of the partition once each, and stays ready', async () => {
    // A NUL character is a string to the catalog, and text jsonb cannot hold.
    const poison = build.admitted('adm-poison', '2026-03-02T08:15:00+01:00', 'inpatient', {
      subject: 'child-poison',
    });
    poison.data.facility = 'St. Olavs\u0000hospital';
    expect(fromKafkaMessage(toKafkaMessage(poison)).data).toEqual(poison.data);
    const good = Array.from({ length: CHILDREN * PER_CHILD }, (_, i) =>
      build.followUp(
        `fu-${i}`,
        '2026-03-03T10:00:00+01:00',
        {},
        { subject: `child-${i % CHILDREN}` },
      ),
    );

    const readiness: number[] = [];
    let watching = true;
    const watch = (async () => {
      while (watching) {
        readiness.push((await harness.request('GET', '/health/ready')).status);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    await health.publish(healthTopic, [toKafkaMessage(poison)]);
    for (let i = 0; i < good.length; i += 250)
      await health.publish(healthTopic, good.slice(i, i + 250).map(toKafkaMessage));

    await eventually(
      async () => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM read_model.timeline_entries WHERE type = 'no.samvirke.health.follow-up-recorded.v1'`,
        );
        expect(rows[0].n).toBe(good.length);
      },
      { timeoutMs: 60_000 },
    );
    watching = false;
    await watch;

    // Every good event on its child's timeline, once; the poison on none.
    const { rows: timeline } = await db.query<{ event_id: string; child_ref: string }>(
      `SELECT event_id, child_ref FROM read_model.timeline_entries WHERE child_ref LIKE 'child-%'`,
    );
    expect(timeline.map((row) => `${row.child_ref}/${row.event_id}`).sort()).toEqual(
      good.map((event) => `${event.subject}/${event.id}`).sort(),
    );
    const { rows: counts } = await db.query<{ child_ref: string; event_count: number }>(
      `SELECT child_ref, event_count FROM read_model.children WHERE child_ref LIKE 'child-%'`,
    );
    expect(counts.map((row) => row.event_count)).toEqual(
      Array.from({ length: CHILDREN }, () => PER_CHILD),
    );
    expect(counts.map((row) => row.child_ref)).not.toContain('child-poison');

    const letters = await readTopic(brokers, `${healthTopic}.dlq`, { atLeast: 1, quietMs: 500 });
    expect(
      letters.map((letter) => [
        letter.headers['ce_id'],
        letter.headers[DLQ_HEADERS.code],
        letter.headers[DLQ_HEADERS.originalOffset],
      ]),
    ).toEqual([[poison.id, 'handler-failed', '0']]);
    expect(letters[0].headers[DLQ_HEADERS.reason]).toMatch(/SQLSTATE 22P05/);
    expect(letters[0].headers[DLQ_HEADERS.rejectedBy]).toBe(groupId);

    // Ready all along: the batch that failed was split and its poison parked.
    expect(readiness.length).toBeGreaterThan(0);
    expect(readiness.filter((status) => status !== 200)).toEqual([]);
    expect((await harness.request('GET', '/health/ready')).status).toBe(200);
    const metrics = (await harness.request('GET', '/metrics')).text;
    expect(metrics).toMatch(
      new RegExp(
        `samvirke_dead_lettered_events_total\\{[^}]*topic="${healthTopic.replaceAll('.', '\\.')}"[^}]*reason="handler-failed"[^}]*\\} 1`,
      ),
    );
  });
});
