import {
  childErasedV1,
  COORDINATION_TOPIC,
  consentGivenV1,
  makeEnvelope,
  toKafkaMessage,
} from '@samvirke/contracts';
import {
  ChildRefKey,
  ForgottenError,
  MasterKey,
  PostgresChildKeyring,
  syntheticPersonalIds,
} from '@samvirke/identity';
import { InProcessBus } from '@samvirke/messaging';
import { createDatabase, testPostgresUrl, waitFor } from '@samvirke/testing';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { ChildIdentity } from './child-identity';
import { ErasureListener } from './erasure-listener';

// `npm start`'s path: the coordination service's erasure reaches a sector service over the in-process bus.
describe('ErasureListener on the in-process bus', () => {
  const [personalId] = syntheticPersonalIds('erasure-listener', 1);
  let pool: Pool;
  let bus: InProcessBus;
  let listener: ErasureListener;
  let identity: ChildIdentity;

  beforeAll(async () => {
    pool = new Pool({
      connectionString: await createDatabase(testPostgresUrl(), 'erasure_listener'),
      max: 4,
    });
    const keyring = new PostgresChildKeyring({
      pool,
      masterKeys: { current: MasterKey.of(randomBytes(32)) },
    });
    await keyring.migrate();
    identity = new ChildIdentity(ChildRefKey.of(randomBytes(32)), keyring);
    bus = new InProcessBus();
    listener = new ErasureListener({
      service: 'school-service',
      topic: COORDINATION_TOPIC,
      transport: bus,
      pool,
      keyring,
    });
    await listener.start();
  });
  afterAll(async () => {
    await listener?.stop();
    await bus?.close();
    await pool?.end();
  });

  const coordinationEvent = (type: string, childRef: string, data: unknown) =>
    toKafkaMessage(
      makeEnvelope({
        type,
        source: '/samvirke/coordination-service',
        subject: childRef,
        time: '2026-12-01T12:00:00+01:00',
        municipality: '0301',
        recordedAt: '2026-12-01T11:00:00.000Z',
        data,
      }),
    );

  it('forgets the child on child-erased and nothing on the other coordination events', async () => {
    const childRef = identity.childRefOf(personalId);
    const sealed = await identity.seal(childRef, personalId);
    await bus.publish(COORDINATION_TOPIC, [
      coordinationEvent(consentGivenV1.type, childRef, {
        consentId: '01958a3c-1f2e-7c4a-9b1d-2f3e4a5b6c7d',
        sectors: ['school'],
        givenBy: 'parent',
        givenAt: '2026-03-05T13:00:00+01:00',
      }),
    ]);
    await waitFor(
      'the consent to be read',
      async () => (listener.status().batches >= 1 ? true : undefined),
      { timeoutMs: 10_000 },
    );
    expect(await identity.unseal(childRef, sealed)).toBe(personalId);

    await bus.publish(COORDINATION_TOPIC, [
      coordinationEvent(childErasedV1.type, childRef, { erasedAt: '2026-12-01T12:00:00+01:00' }),
    ]);
    await waitFor(
      'the erasure to be read',
      async () => (listener.status().handled >= 1 ? true : undefined),
      { timeoutMs: 10_000 },
    );
    await expect(identity.unseal(childRef, sealed)).rejects.toThrow(ForgottenError);
    await expect(identity.seal(childRef, personalId)).rejects.toMatchObject({
      code: 'child-erased',
    });
  });
});
