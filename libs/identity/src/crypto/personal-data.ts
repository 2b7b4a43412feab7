import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DecryptionError } from './errors';
import { SecretBytes } from './secret';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const PREFIX = 'pd1.';

/** A 256-bit AES key: one per child for personal data, or the master key that wraps them. */
export class DataKey extends SecretBytes {
  private constructor(bytes: Uint8Array) {
    super(bytes);
  }

  static of(bytes: Uint8Array): DataKey {
    if (bytes.length !== KEY_BYTES)
      throw new Error(`An AES-256 key has ${KEY_BYTES} bytes, not ${bytes.length}`);
    return new DataKey(bytes);
  }

  static generate(): DataKey {
    return new DataKey(randomBytes(KEY_BYTES));
  }
}

export interface EncryptOptions {
  /**
   * Authenticated but not encrypted context, e.g. `"<eventId>/name"`: decryption with another
   * context fails, so a ciphertext cannot be moved to another field or record unnoticed.
   */
  context?: string;
}

/**
 * AES-256-GCM with a fresh random 96-bit IV. Output: `pd1.` followed by the unpadded
 * base64url of IV (12 bytes) ‖ ciphertext ‖ tag (16 bytes), safe inside JSON and URLs.
 */
export function encryptPersonalData(
  plaintext: string,
  key: DataKey,
  options: EncryptOptions = {},
): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key.reveal(), iv, { authTagLength: TAG_BYTES });
  if (options.context !== undefined) cipher.setAAD(Buffer.from(options.context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** Reverses `encryptPersonalData`; throws DecryptionError for a wrong key, context or an altered text. */
export function decryptPersonalData(
  ciphertext: string,
  key: DataKey,
  options: EncryptOptions = {},
): string {
  const bytes = parseCiphertext(ciphertext);
  const iv = bytes.subarray(0, IV_BYTES);
  const tag = bytes.subarray(bytes.length - TAG_BYTES);
  const body = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv(ALGORITHM, key.reveal(), iv, { authTagLength: TAG_BYTES });
    if (options.context !== undefined) decipher.setAAD(Buffer.from(options.context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw new DecryptionError(
      'Cannot decrypt: wrong key or context, or the ciphertext was altered',
    );
  }
}

export function isPersonalDataCiphertext(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.startsWith(PREFIX) &&
    /^[A-Za-z0-9_-]+$/.test(value.slice(PREFIX.length))
  );
}

function parseCiphertext(ciphertext: string): Buffer {
  if (!isPersonalDataCiphertext(ciphertext))
    throw new DecryptionError('Not a personal-data ciphertext');
  const bytes = Buffer.from(ciphertext.slice(PREFIX.length), 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES)
    throw new DecryptionError('Personal-data ciphertext is truncated');
  return bytes;
}
