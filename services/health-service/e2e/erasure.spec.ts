import { childErasedV1, HEALTH_TOPIC, makeEnvelope, toKafkaMessage } from '@samvirke/contracts';
import {
  ChildRefKey,
  ForgottenError,
  masterKeysFromEnv,
  PostgresChildKeyring,
  syntheticPersonalIds,
} from '@samvirke/identity';
import { KafkaTransport } from '@samvirke/messaging';
import { testKafkaBrokers, waitFor } from '@samvirke/testing';
import { ChildIdentity, SEALED_PERSONAL_ID } from '@samvirke/write-side';
import { SectorHarness } from '@samvirke/write-side/testing';
import { Pool } from 'pg';
import { createHealthApp } from '../src';

// The coordination service erases a child: the health service hears `child-erased` on the
// coordination topic and forgets the child's key, so the personal id it sealed is gone too.
describe('health-service: a child erased by the coordination service', () => {
  const [personalId, otherPersonalId] = syntheticPersonalIds('health-erasure', 2);
  let harness: SectorHarness;
  let bus: KafkaTransport;
  let pool: Pool;
  let identity: ChildIdentity;

  beforeAll(async () => {
    harness = await SectorHarness.start(createHealthApp, {
      role: 'sector:health',
      topic: HEALTH_TOPIC,
      name: 'health_erasure',
      erasure: true,
    });
    bus = new KafkaTransport({ brokers: testKafkaBrokers(), clientId: 'coordination-under-test' });
    pool = new Pool({ connectionString: harness.config.DATABASE_URL, max: 2 });
    // The service's own keyring, read the way the service reads it.
    identity = new ChildIdentity(
      ChildRefKey.parse(harness.config.SAMVIRKE_CHILDREF_KEY),
      new PostgresChildKeyring({
        pool,
        masterKeys: masterKeysFromEnv({
          SAMVIRKE_KEYRING_MASTER_KEY: harness.config.SAMVIRKE_KEYRING_MASTER_KEY,
        }),
      }),
    );
  });
  afterAll(async () => {
    await harness?.close();
    await bus?.close();
    await pool?.end();
  });

  const admission = (admissionId: string, id = personalId) => ({
    admissionId,
    personalId: id,
    municipality: '5001',
    facility: 'St. Olavs hospital',
    kind: 'inpatient',
    admittedAt: '2026-03-02T08:15:00+01:00',
  });
  const erasure = (childRef: string) =>
    makeEnvelope({
      type: childErasedV1.type,
      source: '/samvirke/coordination-service',
      subject: childRef,
      time: '2026-12-01T12:00:00+01:00',
      municipality: '5001',
      recordedAt: '2026-12-01T11:00:00.000Z',
      data: { erasedAt: '2026-12-01T12:00:00+01:00' },
    });
  const sealedOf = async (eventId: string) =>
    String(
      (await harness.storedEvents()).find((event) => event.event_id === eventId)?.metadata[
        SEALED_PERSONAL_ID
      ],
    );
  const keyring = async (childRef: string) => {
    const { rows } = await pool.query<{ keys: number; forgotten: number }>(
      `SELECT (SELECT count(*)::int FROM identity.child_keys WHERE child_ref = $1) AS keys,
              (SELECT count(*)::int FROM identity.forgotten_children WHERE child_ref = $1) AS forgotten`,
      [childRef],
    );
    return rows[0];
  };

  const consumed = async () => {
    const { rows } = await pool.query<{ read: number }>(
      `SELECT coalesce(sum(next_offset), 0)::int AS read FROM consumer_offsets WHERE consumer_group = 'health-service.erasure'`,
    );
    return rows[0].read;
  };

  it('forgets the child’s key, so the sealed personal id cannot be opened; a redelivery changes nothing', async () => {
    const recorded = await harness.post('/v1/admissions', admission('A-E1'));
    const other = await harness.post('/v1/admissions', admission('A-E2', otherPersonalId));
    expect([recorded.status, other.status]).toEqual([201, 201]);
    const { childRef } = recorded.body;
    const sealed = await sealedOf(recorded.body.eventId);
    // Before: the service can open what it sealed.
    expect(await identity.unseal(childRef, sealed)).toBe(personalId);
    expect(await keyring(childRef)).toEqual({ keys: 1, forgotten: 0 });

    const erased = erasure(childRef);
    await bus.publish(harness.erasureTopic as string, [toKafkaMessage(erased)]);
    await waitFor(
      'the key to be forgotten',
      async () => ((await keyring(childRef)).forgotten === 1 ? true : undefined),
      {
        timeoutMs: 30_000,
        intervalMs: 200,
      },
    );

    expect(await keyring(childRef)).toEqual({ keys: 0, forgotten: 1 });
    await expect(identity.unseal(childRef, sealed)).rejects.toThrow(ForgottenError);
    // The personal id is not in the store in clear either.
    expect(JSON.stringify(await harness.storedEvents())).not.toContain(personalId);

    // The same erasure again (a redelivery), and an erasure under a new event id: nothing changes.
    await bus.publish(harness.erasureTopic as string, [
      toKafkaMessage(erased),
      toKafkaMessage(erasure(childRef)),
    ]);
    await waitFor(
      'the service to have read all three',
      async () => ((await consumed()) >= 3 ? true : undefined),
      {
        timeoutMs: 30_000,
        intervalMs: 200,
      },
    );
    expect(await keyring(childRef)).toEqual({ keys: 0, forgotten: 1 });

    // The other child is untouched.
    expect(await identity.unseal(other.body.childRef, await sealedOf(other.body.eventId))).toBe(
      otherPersonalId,
    );
  });

  it('refuses a new record about the erased child with 409, and records other children as before', async () => {
    const refused = await harness.post('/v1/admissions', admission('A-E3'));
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('child-erased');
    expect((await harness.post('/v1/admissions', admission('A-E4', otherPersonalId))).status).toBe(
      201,
    );
  });
});
