import {
  COORDINATION_TOPIC,
  HEALTH_TOPIC,
  makeEnvelope,
  toKafkaMessage,
} from '@samvirke/contracts';
import { createPostgresEventStore, type EventStore } from '@samvirke/event-sourcing';
import {
  ChildDataCipher,
  ForgottenError,
  masterKeysFromEnv,
  PostgresChildKeyring,
  syntheticPersonalIds,
} from '@samvirke/identity';
import { KafkaTransport, silentLogger } from '@samvirke/messaging';
import { signDemoToken, TEST_JWT_SECRET, type DemoClaims } from '@samvirke/platform';
import { createTopics, eventually, testKafkaBrokers, uniqueTopic } from '@samvirke/testing';
import { SectorHarness } from '@samvirke/write-side/testing';
import { Pool } from 'pg';
import { createCoordinationApp } from '../src';
import { childNameContext, gapNoteContext } from '../src/domain';

// Erasure end to end, with the projection: a child with a name, a personal id, a consent and a
// sector's fact is erased, and then neither the name, the personal id nor the fact's detail is
// found in any table of the coordination database or in any answer of the API; the anonymous
// figures still count the child's gaps.
describe('coordination-service erasure', () => {
  const [personalId] = syntheticPersonalIds('coordination-erasure-e2e', 1);
  const name = 'Solveig Fjellheim-Aasen';
  // A sector fact's detail, as distinctive as the name: the search must find it before erasure.
  const detail = 'adm-erasure-7731';
  // A coordinator's work note on the child's gap.
  const note = 'Heimebesok avtalt 7731';
  const healthTopic = uniqueTopic(HEALTH_TOPIC);
  let harness: SectorHarness;
  let db: Pool;
  let store: EventStore;
  let health: KafkaTransport;
  let childRef = '';
  let gapId = '';

  const callers = {
    unit: { sub: 'ke-trondheim', roles: ['coordinating-unit'], municipality: '5001' },
    kari: { sub: 'coord-kari', roles: ['coordinator'], municipality: '5001' },
    auditor: { sub: 'auditor-1', roles: ['auditor'], municipality: '5001' },
  } satisfies Record<string, DemoClaims>;
  type Who = keyof typeof callers;
  const tokens = new Map<Who, string>();

  const call = async (method: string, path: string, who: Who, body?: unknown) => ({
    path,
    ...(await harness.request(method, path, { token: tokens.get(who), body })),
  });
  const get = (path: string, who: Who) => call('GET', path, who);

  /** Every `schema.table.column` of a text, json or bytea column, in every schema but the system's, holding `needle`. */
  async function tablesHolding(needle: string): Promise<string[]> {
    const { rows: columns } = await db.query<{
      table_schema: string;
      table_name: string;
      column_name: string;
      data_type: string;
    }>(
      `SELECT c.table_schema, c.table_name, c.column_name, c.data_type
       FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
       WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
         AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY', 'USER-DEFINED'))`,
    );
    expect(columns.length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const { table_schema, table_name, column_name, data_type } of columns) {
      const column = `"${table_schema}"."${table_name}"."${column_name}"`;
      const where =
        data_type === 'bytea'
          ? `position(convert_to($1, 'UTF8') IN "${column_name}") > 0`
          : `"${column_name}"::text ILIKE '%' || $1 || '%'`;
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM "${table_schema}"."${table_name}" WHERE ${where}`,
        [needle],
      );
      if (rows[0].n > 0) found.push(column);
    }
    return found;
  }

  const figures = async () =>
    Object.fromEntries(
      (
        (await get('/v1/statistics', 'auditor')).body.rules as Array<{
          ruleId: string;
          opened: number;
        }>
      ).map((r) => [r.ruleId, r.opened]),
    );

  beforeAll(async () => {
    await createTopics(testKafkaBrokers(), [healthTopic], 3);
    harness = await SectorHarness.start(
      (options) =>
        createCoordinationApp({
          ...options,
          projection: {
            topics: [options.topic ?? COORDINATION_TOPIC, healthTopic],
            groupId: uniqueTopic('coordination-erasure-group'),
          },
          scheduler: { pollIntervalMs: 200 },
        }),
      { role: 'coordinating-unit', topic: COORDINATION_TOPIC, name: 'coordination_erasure' },
    );
    db = new Pool({ connectionString: harness.config.DATABASE_URL, max: 2 });
    store = await createPostgresEventStore({
      url: harness.config.DATABASE_URL,
      schema: 'event_store',
      poolSize: 2,
    });
    health = new KafkaTransport({
      brokers: testKafkaBrokers(),
      clientId: 'health-erasure-e2e',
      logger: silentLogger,
    });
    for (const [who, claims] of Object.entries(callers))
      tokens.set(who as Who, await signDemoToken(claims, TEST_JWT_SECRET, '1h'));
  });
  afterAll(async () => {
    await health?.close();
    await store?.close();
    await db?.end();
    await harness?.close();
  });

  let figuresBefore: Record<string, number> = {};

  it('enrols a child with a consent and a sector’s fact, whose details and gaps the API shows', async () => {
    const enrolled = await call('POST', '/v1/children', 'unit', {
      personalId,
      name,
      municipality: '5001',
    });
    expect(enrolled.status).toBe(201);
    childRef = enrolled.body.childRef;
    expect(
      (
        await call('PUT', `/v1/children/${childRef}/coordinator`, 'unit', {
          coordinatorId: 'coord-kari',
          assignedAt: '2026-09-01T12:00:00+02:00',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call('POST', `/v1/children/${childRef}/consents`, 'kari', {
          sectors: ['health'],
          givenBy: 'parent',
          givenAt: '2026-09-02T10:00:00+02:00',
        })
      ).status,
    ).toBe(201);
    const discharge = makeEnvelope({
      type: 'no.samvirke.health.discharge-recorded.v1',
      data: {
        admissionId: detail,
        dischargedAt: '2026-09-10T14:00:00+02:00',
        followUpNeeded: true,
        destination: 'home',
      },
      source: '/samvirke/health-service',
      subject: childRef,
      municipality: '5001',
      time: '2026-09-10T14:00:00+02:00',
      recordedAt: '2026-09-10T14:05:00+02:00',
    });
    await health.publish(healthTopic, [toKafkaMessage(discharge)]);

    await eventually(async () => {
      const timeline = await get(`/v1/children/${childRef}/timeline?sector=health`, 'kari');
      expect(timeline.body.entries).toEqual([
        expect.objectContaining({ details: expect.objectContaining({ admissionId: detail }) }),
      ]);
    });
    const gap = await eventually(async () => {
      const gaps = (
        await get(`/v1/gaps?childRef=${childRef}&ruleId=health.discharge-follow-up`, 'unit')
      ).body.gaps;
      expect(gaps).toHaveLength(1);
      return gaps[0];
    });
    // The engine's gap-opened reaches the gap's stream through the outbox; then it may be acknowledged.
    await eventually(async () =>
      expect(
        (await call('POST', `/v1/gaps/${gap.gapId}/acknowledge`, 'kari', { note })).status,
      ).toBe(201),
    );
    await eventually(async () =>
      expect((await get(`/v1/gaps?childRef=${childRef}`, 'kari')).text).toContain(note),
    );
    // Sealed from the start: in clear only in the read model, which erasure strips.
    expect(
      (await tablesHolding(note)).filter((column) => !column.startsWith('"read_model"."gaps"')),
    ).toEqual([]);
    gapId = gap.gapId;
    expect((await get(`/v1/children/${childRef}`, 'kari')).body.name).toBe(name);
    figuresBefore = await figures();
    expect(figuresBefore['health.discharge-follow-up']).toBe(1);
    // The search finds what is there: the fact's detail is in the read model before erasure.
    expect(await tablesHolding(detail)).toContain('"read_model"."timeline_entries"."details"');
  });

  it('erases the child on the coordinating unit’s word', async () => {
    expect((await call('DELETE', `/v1/children/${childRef}`, 'unit')).status).toBe(200);
    await eventually(async () => {
      const { rows } = await db.query(
        `SELECT erased_at FROM read_model.children WHERE child_ref = $1`,
        [childRef],
      );
      expect(rows[0].erased_at).toEqual(expect.any(Date));
      expect(await tablesHolding(detail)).toEqual([]);
    });
  });

  it('leaves the name, the personal id and the fact’s detail in no table of the coordination database', async () => {
    for (const secret of [name, personalId, detail])
      expect({ secret, found: await tablesHolding(secret) }).toEqual({ secret, found: [] });
  });

  it('leaves the coordinators’ notes on the child’s gaps in no table: the gap events hold them sealed, under the forgotten key', async () => {
    expect(await tablesHolding(note)).toEqual([]);
    const { events } = await store.readStream(`coordination-gap-${gapId}`);
    const acknowledged = events.find(
      (event) => event.type === 'no.samvirke.coordination.gap-acknowledged.v2',
    );
    const { noteCiphertext } = acknowledged?.data as { noteCiphertext: string };
    expect(noteCiphertext).toMatch(/^pd1\./);
    const keyring = new PostgresChildKeyring({
      pool: db,
      masterKeys: masterKeysFromEnv({
        SAMVIRKE_KEYRING_MASTER_KEY: harness.config.SAMVIRKE_KEYRING_MASTER_KEY,
      }),
    });
    await expect(
      new ChildDataCipher(keyring).decrypt(childRef, noteCiphertext, {
        context: gapNoteContext(childRef, gapId),
      }),
    ).rejects.toBeInstanceOf(ForgottenError);
  });

  it('publishes the note on the coordination topic only sealed', async () => {
    const messages = await harness.messages();
    const acknowledged = messages.filter(
      (m) => m.headers['ce_type'] === 'no.samvirke.coordination.gap-acknowledged.v2',
    );
    expect(acknowledged).toHaveLength(1);
    expect(JSON.parse(String(acknowledged[0].value))).toEqual(
      expect.objectContaining({ gapId, noteCiphertext: expect.stringMatching(/^pd1\./) }),
    );
    expect(messages.filter((m) => String(m.value).includes(note))).toEqual([]);
  });

  it('refuses a new note on the erased child’s gap', async () => {
    const refused = await call('POST', `/v1/gaps/${gapId}/resolve`, 'kari', {
      note: 'after the erasure',
    });
    expect(refused.status).toBe(409);
    expect(await tablesHolding('after the erasure')).toEqual([]);
  });

  it('keeps in the event store only ciphertext whose key is forgotten', async () => {
    const { events } = await store.readStream(`coordination-child-${childRef}`);
    const { nameCiphertext } = events[0].data as { nameCiphertext: string };
    expect(nameCiphertext).toMatch(/^pd1\./);
    const keyring = new PostgresChildKeyring({
      pool: db,
      masterKeys: masterKeysFromEnv({
        SAMVIRKE_KEYRING_MASTER_KEY: harness.config.SAMVIRKE_KEYRING_MASTER_KEY,
      }),
    });
    await expect(
      new ChildDataCipher(keyring).decrypt(childRef, nameCiphertext, {
        context: childNameContext(childRef),
      }),
    ).rejects.toBeInstanceOf(ForgottenError);
  });

  it('answers no read of any caller with the name, the personal id or the fact’s detail', async () => {
    const answers = [
      await call('POST', '/v1/children/lookup', 'unit', { personalId }),
      await call('POST', '/v1/children/lookup', 'kari', { personalId }),
    ];
    for (const who of ['unit', 'kari'] as const) {
      answers.push(
        await get(`/v1/children/${childRef}`, who),
        await get(`/v1/children/${childRef}/timeline`, who),
        await get('/v1/children', who),
        await get('/v1/gaps', who),
        await get(`/v1/gaps?childRef=${childRef}`, who),
      );
    }
    for (const who of ['kari', 'auditor'] as const)
      answers.push(await get(`/v1/children/${childRef}/access-log`, who));
    answers.push(
      await get('/v1/gaps', 'auditor'),
      await get('/v1/statistics', 'auditor'),
      await get('/v1/statistics', 'unit'),
    );
    expect(answers.filter((a) => a.status !== 200).map((a) => a.path)).toEqual([]);
    expect(answers[0].body).toEqual({ childRef, enrolled: true, erased: true });
    expect(answers[2].body).toMatchObject({ erased: true, name: null });
    for (const secret of [name, personalId, detail, note]) {
      expect(answers.filter((a) => a.text.includes(secret)).map((a) => a.path)).toEqual([]);
    }
  });

  it('still counts the erased child’s gaps in the anonymous figures', async () => {
    expect(await figures()).toEqual(figuresBefore);
  });
});
