import { FormatRegistry, Type, type TLiteral, type TUnion } from '@sinclair/typebox';

// RFC 3339 date-time with a mandatory offset (`Z` or ±hh:mm); a local time is ambiguous across DST.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

export function isRfc3339DateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [, y, mo, d, h, mi, s, , , oh, om] = m;
  return (
    isCalendarDate(Number(y), Number(mo), Number(d)) &&
    Number(h) <= 23 &&
    Number(mi) <= 59 &&
    Number(s) <= 60 && // leap second
    (oh === undefined || (Number(oh) <= 23 && Number(om) <= 59))
  );
}

export function isIsoDate(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Registers the string formats the catalog uses with TypeBox (global, idempotent). */
export function registerFormats(): void {
  if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', isRfc3339DateTime);
  if (!FormatRegistry.Has('date')) FormatRegistry.Set('date', isIsoDate);
  if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', isUuid);
}
registerFormats();

/** A point in time: RFC 3339 with offset, e.g. `2026-03-02T08:15:00+01:00`. */
export const DateTime = (description?: string) =>
  Type.String({ format: 'date-time', ...(description ? { description } : {}) });
/** A calendar date `YYYY-MM-DD`. */
export const DateOnly = (description?: string) =>
  Type.String({ format: 'date', ...(description ? { description } : {}) });
/** An id chosen by a sector system or by Samvirke: opaque, non-empty. */
export const Identifier = (description?: string) =>
  Type.String({ minLength: 1, maxLength: 200, ...(description ? { description } : {}) });
/** Free text, non-empty. */
export const Text = (description?: string, maxLength = 2000) =>
  Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });
/** A string union written out as in the contract. */
export const Enum = <const T extends readonly [string, ...string[]]>(
  values: T,
  description?: string,
): TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }> =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    description ? { description } : {},
  ) as unknown as TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }>;
/** Kommunenummer: four digits. */
export const Municipality = () =>
  Type.String({ pattern: '^[0-9]{4}$', description: 'kommunenummer' });
