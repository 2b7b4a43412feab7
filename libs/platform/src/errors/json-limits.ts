import type { FieldError } from './problem';

/** Deeper than this no body of any route goes; deeper ones would only exhaust recursive code. */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

/**
 * True when the UTF-8 JSON text nests arrays and objects deeper than `max`. One pass over the
 * bytes, no recursion, run before JSON.parse: a bracket inside a string does not count, and no
 * byte of a multi-byte UTF-8 character is a bracket, quote or backslash.
 */
export function nestsDeeperThan(text: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const byte = text[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPENERS.has(byte)) {
      depth++;
      if (depth > max) return true;
    } else if (CLOSERS.has(byte)) {
      depth--;
    }
  }
  return false;
}

// NUL is no PostgreSQL text, and a lone surrogate is no Unicode: neither can be stored or published.
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const UNSTORABLE_MESSAGE =
  'must not contain the NUL character (\\u0000) or a lone UTF-16 surrogate';

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** A field name fit to put in an answer: the unstorable characters replaced by U+FFFD. */
const printable = (name: string) => name.replace(new RegExp(UNSTORABLE.source, 'g'), '\uFFFD');

function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${printable(key)}` : printable(key);
}

/**
 * Every string of a parsed JSON value, or of a query, that holds a NUL or a lone surrogate,
 * named by its path as validation errors name fields (`facility`, `sectors[1]`); a bad key
 * names itself. Walks with a stack, not recursion.
 */
export function unstorableFields(value: unknown, root = ''): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length > 0) {
    const [current, path] = stack.pop() as [unknown, string];
    if (typeof current === 'string') {
      if (!isStorableText(current))
        errors.push({ field: path || 'body', message: `${path || 'body'} ${UNSTORABLE_MESSAGE}` });
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => stack.push([item, joinPath(path, index)]));
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        const field = joinPath(path, key);
        if (!isStorableText(key))
          errors.push({ field, message: `the name of ${field} ${UNSTORABLE_MESSAGE}` });
        stack.push([item, field]);
      }
    }
  }
  return errors.reverse();
}
