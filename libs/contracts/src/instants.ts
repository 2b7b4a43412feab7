/**
 * Comparing recorded times. Times are RFC 3339 with an offset and compare as instants, not as
 * text: `2026-03-02T10:00:00+01:00` and `2026-03-02T09:00:00Z` are the same moment, so a retry
 * written with another offset repeats the fact rather than contradicting it. Dates
 * (`YYYY-MM-DD`) compare as text. The edge has validated the formats; a value that does not
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
