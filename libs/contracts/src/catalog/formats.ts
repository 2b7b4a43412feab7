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

/** RFC 3339 with an offset and a real calendar date and clock time (a leap second included). */
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

/** `YYYY-MM-DD`, a real calendar date. */
export function isIsoDate(value: string): boolean {
  const m = DATE.exec(value);
  return m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * The span of time Samvirke records: nothing it holds happened before 1900, and no deadline or
 * expiry lies after 2100. Outside it a value is a typo or a forgery (year 0000 is not even a
 * PostgreSQL date), so the edge refuses it and a consumer finds it undecodable.
 */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2100-12-31';
// 1900-01-01 begins first at +14:00 and 2100-12-31 ends last at -12:00: a date in range stays in range as a time anywhere.
const EARLIEST_MS = Date.parse(`${EARLIEST_DATE}T00:00:00+14:00`);
const AFTER_LATEST_MS = Date.parse(`${LATEST_DATE}T00:00:00-12:00`) + 24 * 60 * 60 * 1000;

/**
 * A time Samvirke can record: RFC 3339 with offset, an instant on 1900-01-01 or later and on
 * 2100-12-31 or earlier in some time zone (compared as instants, so a time stored and written
 * back in UTC stays inside), and one JavaScript can hold: a leap second (`23:59:60`) does not
 * parse, so it is refused.
 */
export function isRecordableTime(value: string): boolean {
  if (!isRfc3339DateTime(value)) return false;
  const ms = Date.parse(value);
  return ms >= EARLIEST_MS && ms < AFTER_LATEST_MS;
}

/** A date Samvirke can record: `YYYY-MM-DD`, a real date from 1900-01-01 to 2100-12-31. */
export function isRecordableDate(value: string): boolean {
  return isIsoDate(value) && value >= EARLIEST_DATE && value <= LATEST_DATE;
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Registers the string formats the catalog uses with TypeBox (global, idempotent). */
export function registerFormats(): void {
  if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', isRecordableTime);
  if (!FormatRegistry.Has('date')) FormatRegistry.Set('date', isRecordableDate);
  if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', isUuid);
}
registerFormats();

/** A point in time: RFC 3339 with offset, e.g. `2026-03-02T08:15:00+01:00`, from 1900 to 2100. */
export const DateTime = (description?: string) =>
  Type.String({ format: 'date-time', ...(description ? { description } : {}) });
/** A calendar date `YYYY-MM-DD`, from 1900 to 2100. */
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
