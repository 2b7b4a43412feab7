import { createHmac } from 'node:crypto';
import { SecretBytes, decodeSecret } from '../crypto/secret';
import { ALL_PERSONAL_ID_KINDS, assertPersonalId } from '../personal-id/validate';

/** The setting every service reads the childRef key from. */
export const CHILDREF_KEY_ENV = 'SAMVIRKE_CHILDREF_KEY';
export const CHILDREF_KEY_MIN_BYTES = 32;

/**
 * A child's pseudonymous reference: `c<version>_<43 base64url characters>`, the unpadded
 * base64url of HMAC-SHA256(key, the 11 digits). Safe in URLs, Kafka keys and file names.
 */
export type ChildRef = string;

const CHILD_REF = /^c([1-9]\d{0,5})_([A-Za-z0-9_-]{43})$/;

/** The HMAC key behind childRefs, with the version that prefixes every ref it makes. */
export class ChildRefKey extends SecretBytes {
  private constructor(
    bytes: Uint8Array,
    readonly version: number,
  ) {
    super(bytes);
  }

  static of(bytes: Uint8Array, version = 1): ChildRefKey {
    if (bytes.length < CHILDREF_KEY_MIN_BYTES) {
      throw new Error(
        `A childRef key must have at least ${CHILDREF_KEY_MIN_BYTES} bytes, not ${bytes.length}`,
      );
    }
    if (!Number.isSafeInteger(version) || version < 1 || version > 999_999) {
      throw new Error(`A childRef key version is a whole number from 1, not ${version}`);
    }
    return new ChildRefKey(bytes, version);
  }

  /** Reads `v<N>:<base64>` or a bare `<base64>` (version 1); base64url is accepted too. */
  static parse(text: string, setting = CHILDREF_KEY_ENV): ChildRefKey {
    const match = /^v(\d+):(.*)$/s.exec(text.trim());
    const version = match ? Number(match[1]) : 1;
    return ChildRefKey.of(
      decodeSecret(match ? match[2] : text, setting, CHILDREF_KEY_MIN_BYTES),
      version,
    );
  }

  /** The key from `SAMVIRKE_CHILDREF_KEY`; refuses to start without one. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): ChildRefKey {
    const text = env[CHILDREF_KEY_ENV];
    if (!text)
      throw new Error(
        `${CHILDREF_KEY_ENV} is not set (base64, at least ${CHILDREF_KEY_MIN_BYTES} bytes)`,
      );
    return ChildRefKey.parse(text);
  }
}

/**
 * The childRef for a fødselsnummer, D-number or synthetic number: the same in every service
 * that holds the same key. Whitespace in the number is ignored; an invalid number throws
 * InvalidPersonalIdError, so no ref is ever made from a typo.
 */
export function childRefFor(personalId: string, key: ChildRefKey): ChildRef {
  const { value } = assertPersonalId(personalId, { accept: ALL_PERSONAL_ID_KINDS });
  const mac = createHmac('sha256', key.reveal()).update(value, 'utf8').digest('base64url');
  return `c${key.version}_${mac}`;
}

/** The refs for one number under several keys, e.g. the current and the previous during a rotation. */
export function childRefsFor(personalId: string, keys: readonly ChildRefKey[]): ChildRef[] {
  return keys.map((key) => childRefFor(personalId, key));
}

export function isChildRef(value: unknown): value is ChildRef {
  return typeof value === 'string' && CHILD_REF.test(value);
}

/** The key version a ref was made with. */
export function childRefKeyVersion(ref: ChildRef): number {
  const match = CHILD_REF.exec(ref);
  if (!match) throw new Error('Not a childRef');
  return Number(match[1]);
}
