import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { createDatabase, testPostgresUrl } from '@samvirke/testing';
import { ChildRefKey, childRefFor } from '../child-ref/child-ref';
import { ForgottenError } from '../crypto/errors';
import { MasterKey, MasterKeys } from '../crypto/master-key';
import { encryptPersonalData } from '../crypto/personal-data';
import { syntheticPersonalIds } from '../personal-id/synthetic';
import { ChildDataCipher } from './child-data-cipher';
import { childKeyringContract } from './child-keyring.contract';
import { PostgresChildKeyring } from './postgres-child-keyring';

const SCHEMA = 'identity_test';

describe('PostgresChildKeyring', () => {
  let pool: Pool;
  const master = MasterKey.generate();
  const refKey = ChildRefKey.of(randomBytes(32));
  const [childA, childB, childC, childD] = syntheticPersonalIds('keyring', 4).map((id) =>
    childRefFor(id, refKey),
  );

  const keyring = (masterKeys: MasterKeys = { current: master }, schema = SCHEMA) =>
    new PostgresChildKeyring({ pool, masterKeys, schema });

  beforeAll(async () => {
    pool = new Pool({
      connectionString: await createDatabase(testPostgresUrl(), 'identity'),
      max: 20,
    });
    await Promise.all([keyring().migrate(), keyring().migrate()]);
  });

  afterAll(async () => {
    await pool.end();
  });

  childKeyringContract('PostgresChildKeyring', async () => keyring());

  it('keeps keys across keyring instances, as after a restart', async () => {
    const ciphertext = await new ChildDataCipher(keyring()).encrypt(childA, 'Kari Nordmann');
    expect(await new ChildDataCipher(keyring()).decrypt(childA, ciphertext)).toBe('Kari Nordmann');
  });

  it('gives one key to many concurrent first calls for one child', async () => {
    const keys = await Promise.all(Array.from({ length: 12 }, () => keyring().keyFor(childB)));
    expect(keys.every((key) => key.equals(keys[0]))).toBe(true);
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM ${SCHEMA}.child_keys WHERE child_ref = $1`,
      [childB],
    );
    expect(rows[0].n).toBe(1);
  });

  it('stores only the wrapped key, which does not open without the master key', async () => {
    const key = await keyring().keyFor(childC);
    const { rows } = await pool.query<{ wrapped_key: Buffer; master_key_id: string }>(
      `SELECT wrapped_key, master_key_id FROM ${SCHEMA}.child_keys WHERE child_ref = $1`,
      [childC],
    );
    expect(rows[0].wrapped_key.includes(key.reveal())).toBe(false);
    expect(rows[0].master_key_id).toBe(master.id);
    await expect(keyring({ current: MasterKey.generate() }).keyFor(childC)).rejects.toThrow(
      /not configured/,
    );
  });

  it('forgets: old ciphertext is unreadable from any instance and the key row is gone', async () => {
    const ciphertext = await new ChildDataCipher(keyring()).encrypt(childD, 'Ola Nordmann');
    await keyring().forget(childD);

    const elsewhere = new ChildDataCipher(keyring());
    await expect(elsewhere.decrypt(childD, ciphertext)).rejects.toBeInstanceOf(ForgottenError);
    expect(await keyring().isForgotten(childD)).toBe(true);
    const keys = await pool.query(`SELECT 1 FROM ${SCHEMA}.child_keys WHERE child_ref = $1`, [
      childD,
    ]);
    expect(keys.rowCount).toBe(0);
    const tombstones = await pool.query(
      `SELECT forgotten_at FROM ${SCHEMA}.forgotten_children WHERE child_ref = $1`,
      [childD],
    );
    expect(tombstones.rowCount).toBe(1);
  });

  it('never leaves a key behind when keyFor races forget', async () => {
    const refs = syntheticPersonalIds('race', 20).map((id) => childRefFor(id, refKey));
    await Promise.all(
      refs.flatMap((ref) => [
        keyring()
          .keyFor(ref)
          .catch((e: unknown) => e),
        keyring().forget(ref),
      ]),
    );
    const { rows } = await pool.query(
      `SELECT count(*)::int AS n FROM ${SCHEMA}.child_keys WHERE child_ref = ANY($1)`,
      [refs],
    );
    expect(rows[0].n).toBe(0);
    for (const ref of refs)
      await expect(keyring().keyFor(ref)).rejects.toBeInstanceOf(ForgottenError);
  });

  it('re-wraps keys under a new master key, after which the old one can be retired', async () => {
    // Its own schema: a rewrap touches every key in it.
    const schema = 'identity_rotation';
    await keyring({ current: master }, schema).migrate();
    const refs = syntheticPersonalIds('rewrap', 5).map((id) => childRefFor(id, refKey));
    const before = await Promise.all(
      refs.map((ref) => keyring({ current: master }, schema).keyFor(ref)),
    );
    const ciphertexts = before.map((key, i) => encryptPersonalData(`child ${i}`, key));

    const next = MasterKey.generate();
    expect(await keyring({ current: next, previous: [master] }, schema).rewrap(2)).toBe(
      refs.length,
    );

    const retired = new ChildDataCipher(keyring({ current: next }, schema));
    for (const [i, ref] of refs.entries()) {
      expect(await retired.decrypt(ref, ciphertexts[i])).toBe(`child ${i}`);
    }
    expect(await keyring({ current: next }, schema).rewrap()).toBe(0);
    await expect(keyring({ current: master }, schema).keyFor(refs[0])).rejects.toThrow(
      /not configured/,
    );
  });
});
