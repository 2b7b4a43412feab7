/**
 * Comparing recorded times as instants, not text: `2026-03-02T10:00:00+01:00` and
 * `2026-03-02T09:00:00Z` are the same moment, so a retry written with another offset repeats a
 * fact rather than contradicting it. The edge has validated the formats; a value that does not
 * parse here is a programming error, not a conflict.
 */
export function instant(time: string): number {
  const ms = Date.parse(time);
  if (Number.isNaN(ms)) throw new TypeError(`not an RFC 3339 time: ${JSON.stringify(time)}`);
  return ms;
}

/** True when `a` happened strictly before `b`. */
export const isBefore = (a: string, b: string): boolean => instant(a) < instant(b);

export const sameInstant = (a: string, b: string): boolean => instant(a) === instant(b);

/** Optional times: both absent, or both present and the same instant. */
export const sameOptionalInstant = (a: string | undefined, b: string | undefined): boolean =>
  a === undefined || b === undefined ? a === b : sameInstant(a, b);

/** Where the service reads the time: injected, so tests and replays control it. */
export type Clock = () => Date;
