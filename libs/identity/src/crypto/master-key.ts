import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { DataKey } from './personal-data';
import { SecretBytes, decodeSecret } from './secret';

export const MASTER_KEY_ENV = 'SAMVIRKE_KEYRING_MASTER_KEY';
export const PREVIOUS_MASTER_KEYS_ENV = 'SAMVIRKE_KEYRING_PREVIOUS_MASTER_KEYS';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The key that wraps every child's key at rest, so that a database dump alone reveals none.
 * Its id is a fingerprint of the key itself and is stored beside each wrapped key, so that
 * the right one is found after a rotation and a wrong configuration is named, not guessed.
 */
export class MasterKey extends SecretBytes {
  readonly id: string;

  private constructor(bytes: Uint8Array) {
    super(bytes);
    this.id = createHash('sha256')
      .update('samvirke.master-key-id\u0000')
      .update(bytes)
      .digest('hex')
      .slice(0, 16);
  }

  static of(bytes: Uint8Array): MasterKey {
    if (bytes.length !== 32) throw new Error(`A master key has 32 bytes, not ${bytes.length}`);
    return new MasterKey(bytes);
  }

  static parse(text: string, setting = MASTER_KEY_ENV): MasterKey {
    return new MasterKey(decodeSecret(text, setting, 32, 32));
  }

  static generate(): MasterKey {
    return new MasterKey(randomBytes(32));
  }
}

/** The master key to wrap with, and older ones still accepted for unwrapping during a rotation. */
export interface MasterKeys {
  current: MasterKey;
  previous?: readonly MasterKey[];
}

/**
 * `SAMVIRKE_KEYRING_MASTER_KEY` (base64, 32 bytes) and, while rotating,
 * `SAMVIRKE_KEYRING_PREVIOUS_MASTER_KEYS` (comma-separated).
 */
export function masterKeysFromEnv(env: NodeJS.ProcessEnv = process.env): MasterKeys {
  const current = env[MASTER_KEY_ENV];
  if (!current) throw new Error(`${MASTER_KEY_ENV} is not set (base64, 32 bytes)`);
  const previous = (env[PREVIOUS_MASTER_KEYS_ENV] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => MasterKey.parse(s, PREVIOUS_MASTER_KEYS_ENV));
  return { current: MasterKey.parse(current), previous };
}

/** AES-256-GCM wrap of a child's key, bound to its childRef: a row copied to another child does not unwrap. */
export function wrapChildKey(key: DataKey, childRef: string, master: MasterKey): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', master.reveal(), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(childRef));
  const body = Buffer.concat([cipher.update(key.reveal()), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

export function unwrapChildKey(wrapped: Uint8Array, childRef: string, master: MasterKey): DataKey {
  const bytes = Buffer.from(wrapped);
  const decipher = createDecipheriv('aes-256-gcm', master.reveal(), bytes.subarray(0, IV_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(aad(childRef));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return DataKey.of(
      Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]),
    );
  } catch {
    throw new Error(
      `The key of ${childRef} does not unwrap with master key ${master.id}: altered or misplaced row`,
    );
  }
}

function aad(childRef: string): Buffer {
  return Buffer.from(`samvirke.child-key\u0000${childRef}`, 'utf8');
}
