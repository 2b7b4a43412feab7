import { inspect } from 'node:util';
import { DecryptionError } from './errors';
import { MasterKey, masterKeysFromEnv, unwrapChildKey, wrapChildKey } from './master-key';
import {
  DataKey,
  decryptPersonalData,
  encryptPersonalData,
  isPersonalDataCiphertext,
} from './personal-data';

describe('encryptPersonalData / decryptPersonalData', () => {
  const key = DataKey.generate();

  it('round-trips text, Norwegian letters included', () => {
    const name = 'Åse Øvrebø-Ærlig';
    expect(decryptPersonalData(encryptPersonalData(name, key), key)).toBe(name);
    expect(decryptPersonalData(encryptPersonalData('', key), key)).toBe('');
  });

  it('gives a compact, URL-safe string that does not contain the plaintext', () => {
    const ciphertext = encryptPersonalData('Kari Nordmann', key);
    expect(ciphertext).toMatch(/^pd1\.[A-Za-z0-9_-]+$/);
    expect(ciphertext).not.toContain('Kari');
    // 12-byte IV + 13 bytes + 16-byte tag, base64url without padding.
    expect(ciphertext.length).toBe('pd1.'.length + Math.ceil(((12 + 13 + 16) * 4) / 3));
    expect(isPersonalDataCiphertext(ciphertext)).toBe(true);
  });

  it('encrypts the same text differently each time (fresh IV)', () => {
    expect(encryptPersonalData('same', key)).not.toBe(encryptPersonalData('same', key));
  });

  it('fails with DecryptionError under another key', () => {
    const ciphertext = encryptPersonalData('Kari Nordmann', key);
    expect(() => decryptPersonalData(ciphertext, DataKey.generate())).toThrow(DecryptionError);
  });

  it('fails with DecryptionError when a single character is altered', () => {
    const ciphertext = encryptPersonalData('Kari Nordmann', key);
    const i = ciphertext.length - 5;
    const altered =
      ciphertext.slice(0, i) + (ciphertext[i] === 'A' ? 'B' : 'A') + ciphertext.slice(i + 1);
    expect(() => decryptPersonalData(altered, key)).toThrow(DecryptionError);
  });

  it('binds a context: a ciphertext moved to another field does not decrypt', () => {
    const ciphertext = encryptPersonalData('Kari Nordmann', key, { context: 'event-1/name' });
    expect(decryptPersonalData(ciphertext, key, { context: 'event-1/name' })).toBe('Kari Nordmann');
    expect(() => decryptPersonalData(ciphertext, key, { context: 'event-2/name' })).toThrow(
      DecryptionError,
    );
    expect(() => decryptPersonalData(ciphertext, key)).toThrow(DecryptionError);
  });

  it('refuses text that is not a ciphertext of this format', () => {
    expect(() => decryptPersonalData('Kari Nordmann', key)).toThrow(DecryptionError);
    expect(() => decryptPersonalData('pd1.AAAA', key)).toThrow(
      'Personal-data ciphertext is truncated',
    );
  });

  it('insists on 256-bit keys', () => {
    expect(() => DataKey.of(Buffer.alloc(16))).toThrow('An AES-256 key has 32 bytes, not 16');
  });

  it('never shows key bytes when logged', () => {
    expect(inspect({ key })).toBe('{ key: [DataKey] }');
    expect(JSON.stringify(key)).toBe('"[DataKey]"');
  });
});

describe('wrapping child keys with the master key', () => {
  const master = MasterKey.generate();

  it('unwraps to the same key for the same child', () => {
    const key = DataKey.generate();
    expect(unwrapChildKey(wrapChildKey(key, 'c1_a', master), 'c1_a', master).equals(key)).toBe(
      true,
    );
  });

  it('does not hold the key bytes in clear', () => {
    const key = DataKey.generate();
    expect(wrapChildKey(key, 'c1_a', master).includes(key.reveal())).toBe(false);
  });

  it('refuses a wrapped key copied to another child, or opened with another master key', () => {
    const wrapped = wrapChildKey(DataKey.generate(), 'c1_a', master);
    expect(() => unwrapChildKey(wrapped, 'c1_b', master)).toThrow(/does not unwrap/);
    expect(() => unwrapChildKey(wrapped, 'c1_a', MasterKey.generate())).toThrow(/does not unwrap/);
  });

  it('reads the current and previous master keys from the environment', () => {
    const [a, b, c] = [1, 2, 3].map((n) => Buffer.alloc(32, n).toString('base64'));
    const keys = masterKeysFromEnv({
      SAMVIRKE_KEYRING_MASTER_KEY: a,
      SAMVIRKE_KEYRING_PREVIOUS_MASTER_KEYS: `${b}, ${c}`,
    });
    expect(keys.current.id).toBe(MasterKey.parse(a).id);
    expect(keys.previous?.map((k) => k.id)).toEqual([MasterKey.parse(b).id, MasterKey.parse(c).id]);
    expect(keys.current.id).toMatch(/^[0-9a-f]{16}$/);
    expect(() => masterKeysFromEnv({})).toThrow(/SAMVIRKE_KEYRING_MASTER_KEY is not set/);
  });
});
