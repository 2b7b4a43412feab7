import { timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';

/**
 * Key material that stays out of logs: `JSON.stringify`, `console.log`, pino and string
 * templates all see only the class name. `reveal()` is for the crypto code in this lib.
 */
export abstract class SecretBytes {
  readonly #bytes: Buffer;

  protected constructor(bytes: Uint8Array) {
    this.#bytes = Buffer.from(bytes);
  }

  /** The raw bytes (a copy). Do not log or store them unwrapped. */
  reveal(): Buffer {
    return Buffer.from(this.#bytes);
  }

  get length(): number {
    return this.#bytes.length;
  }

  /** Constant-time comparison. */
  equals(other: SecretBytes): boolean {
    const a = this.#bytes;
    const b = other.reveal();
    return a.length === b.length && timingSafeEqual(a, b);
  }

  toString(): string {
    return `[${this.constructor.name}]`;
  }

  toJSON(): string {
    return this.toString();
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$|^[A-Za-z0-9_-]+$/;

/**
 * Decodes a base64 or base64url secret from configuration and insists on its length.
 * The messages name the setting, never the value.
 */
export function decodeSecret(
  text: string,
  setting: string,
  minBytes: number,
  maxBytes = Infinity,
): Buffer {
  const trimmed = text.trim();
  if (!BASE64.test(trimmed)) throw new Error(`${setting} must be base64 or base64url`);
  const bytes = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length < minBytes || bytes.length > maxBytes) {
    const wanted =
      maxBytes === minBytes
        ? `${minBytes}`
        : maxBytes === Infinity
          ? `at least ${minBytes}`
          : `${minBytes}-${maxBytes}`;
    throw new Error(`${setting} must decode to ${wanted} bytes, not ${bytes.length}`);
  }
  return bytes;
}
