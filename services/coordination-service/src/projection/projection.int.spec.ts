import { toKafkaMessage } from '@samvirke/contracts';
import { KafkaTransport, silentLogger } from '@samvirke/messaging';
import { readTopic, testKafkaBrokers } from '@samvirke/testing';
import { seededRandom, shuffle } from '@samvirke/gap-engine/testing';
import { rebuildReadModel } from '../rebuild/rebuild';
import { events as build } from '@samvirke/gap-engine/testing';
import { eventually } from './testing/database';
import {
  createSyntheticTopics,
  projectionRun,
  publishEvents,
  settled,
  type ProjectionRun,
} from './testing/harness';
import { describeSnapshot, snapshotReadModel } from './testing/read-model-snapshot';
import { inTimeOrder, syntheticYear, type SyntheticEvent } from '@samvirke/gap-engine/testing';

const CHILDREN = 200;
const CLOCK = new Date('2026-01-01T00:00:00Z');

describe('the projection on Kafka and PostgreSQL', () => {
  const brokers = testKafkaBrokers();
  const runs: ProjectionRun[] = [];
  let publisher: KafkaTransport;

  beforeAll(() => {
    publisher = new KafkaTransport({
      brokers,
      clientId: 'projection-spec-publisher',
      logger: silentLogger,
    });
  });
  afterAll(async () => {
    await Promise.all(runs.map((run) => run.close()));
    await publisher.close();
  });

  async function runWith(
    tag: string,
    events: (topics: Awaited<ReturnType<typeof createSyntheticTopics>>) => SyntheticEvent[],
  ) {
    const topics = await createSyntheticTopics(brokers, tag);
    const run = await projectionRun({
      prefix: `projection_${tag}`,
      brokers,
      topics,
      clock: () => CLOCK,
    });
    runs.push(run);
    const published = events(topics);
    await publishEvents(publisher, published);
    await run.start();
    return { run, published };
  }

  it('builds the same timeline and gaps from a year of 200 children sent shuffled across topics (with redeliveries) as sent in time order, and a rebuild gives the same again', async () => {
    const started = Date.now();
    const history = (topics: Awaited<ReturnType<typeof createSyntheticTopics>>) =>
      syntheticYear({ seed: 2026, children: CHILDREN, recordedBefore: CLOCK, topics });
    const random = seededRandom(42);

    const ordered = await runWith('ordered', (topics) => inTimeOrder(history(topics)));
    const shuffled = await runWith('shuffled', (topics) => {
      const events = history(topics);
      // Every topic's order is shuffled, and 2% of the events come twice (a relay that restarted).
      const again = events.filter(() => random() < 0.02);
      return shuffle([...events, ...again], random);
    });
    const distinct = new Set(ordered.published.map((e) => e.envelope.id)).size;

    await settled(ordered.run, distinct);
    await settled(shuffled.run, distinct);
    const inOrder = await snapshotReadModel(ordered.run.dataSource);
    const outOfOrder = await snapshotReadModel(shuffled.run.dataSource);

    expect(inOrder.gaps.length).toBeGreaterThan(500);
    expect(new Set(inOrder.gaps.map((gap) => gap.rule_id)).size).toBe(14);
    expect(outOfOrder.timeline).toEqual(inOrder.timeline);
    expect(outOfOrder.gaps).toEqual(inOrder.gaps);
    expect(outOfOrder.children).toEqual(inOrder.children);
    expect(shuffled.run.projection.status().duplicates).toBeGreaterThan(0);
    // Nothing went to a dead-letter topic.
    const dlq = await readTopic(brokers, `${shuffled.run.topics.health}.dlq`, { quietMs: 300 });
    expect(dlq).toEqual([]);
    const builtLiveMs = Date.now() - started;

    const report = await rebuildReadModel({
      projection: shuffled.run.projection,
      scheduler: shuffled.run.scheduler,
      brokers,
    });
    await settled(shuffled.run, distinct);
    const rebuilt = await snapshotReadModel(shuffled.run.dataSource);
    expect(rebuilt.timeline).toEqual(inOrder.timeline);
    expect(rebuilt.gaps).toEqual(inOrder.gaps);
    expect(rebuilt.children).toEqual(inOrder.children);

    process.stdout.write(
      `[projection] ${distinct} events of ${CHILDREN} children: ${describeSnapshot(inOrder)}; ` +
        `both orders built in ${builtLiveMs} ms; rebuild ${report.totalMs} ms (catch-up ${report.catchUpMs} ms, rules ${report.evaluateMs} ms)\n`,
    );
  });

  it('sends undecodable and unknown events to the dead-letter topic with the reason, and goes on', async () => {
    const topics = await createSyntheticTopics(brokers, 'dlq');
    const run = await projectionRun({
      prefix: 'projection_dlq',
      brokers,
      topics,
      clock: () => CLOCK,
    });
    runs.push(run);
    await run.start();
    const good = build.discharged('adm-1', '2025-12-01T10:00:00+01:00', true, {
      subject: 'child-dlq',
      id: 'dlq-good',
    });
    const unknown = {
      ...toKafkaMessage(good),
      headers: {
        ...toKafkaMessage(good).headers,
        ce_id: 'dlq-unknown',
        ce_type: 'no.samvirke.health.teleported.v1',
      },
    };
    const garbage = {
      key: 'child-dlq',
      value: Buffer.from('{not json'),
      headers: { ...toKafkaMessage(good).headers, ce_id: 'dlq-garbage' },
    };
    await publisher.publish(topics.health, [unknown, garbage, toKafkaMessage(good)]);

    await eventually(async () => {
      const rows = (await run.dataSource.query(
        `SELECT event_id FROM read_model.timeline_entries WHERE child_ref = 'child-dlq'`,
      )) as unknown[];
      expect(rows).toEqual([{ event_id: 'dlq-good' }]);
    });
    const dead = await readTopic(brokers, `${topics.health}.dlq`, { atLeast: 2, quietMs: 300 });
    expect(dead.map((message) => message.headers['ce_id']).sort()).toEqual([
      'dlq-garbage',
      'dlq-unknown',
    ]);
    expect(dead.every((message) => (message.headers['samvirke-dlq-reason'] ?? '').length > 0)).toBe(
      true,
    );
  });
});
