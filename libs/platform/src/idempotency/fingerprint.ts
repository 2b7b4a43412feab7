import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level and undefined members left out, so two bodies
 * that mean the same give the same text whatever their key order.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export interface FingerprintInput {
  method: string;
  path: string;
  query?: unknown;
  caller: string;
  body: unknown;
}

/** What a key promises to repeat: this caller, this method and path, this body. */
export function requestFingerprint(input: FingerprintInput): string {
  const { method, path, query, caller, body } = input;
  const text = canonicalJson({
    method: method.toUpperCase(),
    path,
    query: query ?? {},
    caller,
    body: body ?? null,
  });
  return createHash('sha256').update(text).digest('hex');
}
