import { ALL_PERSONAL_ID_KINDS, InvalidPersonalIdError, assertPersonalId } from './validate';

/** A calendar date, `YYYY-MM-DD`, with no time zone: a birth date is a date, not an instant. */
export type IsoDate = string;

/**
 * The century a two-digit birth year belongs to, read from the individual number (digits
 * 7-9) as Folkeregisteret has assigned them until 2032 (forskrift om folkeregistrering):
 * 000-499 1900-1999; 500-749 with year 54-99 1854-1899; 500-999 with year 00-39 2000-2039;
 * 900-999 with year 40-99 1940-1999. Numbers issued from 2032 no longer carry the century.
 */
export function centuryOf(individualNumber: number, twoDigitYear: number): number | undefined {
  if (individualNumber <= 499) return 1900;
  if (twoDigitYear <= 39) return 2000;
  if (individualNumber <= 749 && twoDigitYear >= 54) return 1800;
  if (individualNumber >= 900) return 1900;
  return undefined;
}

/**
 * The birth date a valid fødselsnummer, D-number or synthetic number encodes: the D-number's
 * day + 40 and the synthetic month + 80 (or + 40) are taken off, the century read from the
 * individual number. Throws InvalidPersonalIdError for a number that is not valid or whose
 * individual number names no century.
 */
export function birthDateOf(personalId: string): IsoDate {
  const { value } = assertPersonalId(personalId, { accept: ALL_PERSONAL_ID_KINDS });
  const d = value.split('').map(Number);
  const day = (d[0] % 4) * 10 + d[1];
  const month = (d[2] % 4) * 10 + d[3];
  const yy = d[4] * 10 + d[5];
  const century = centuryOf(d[6] * 100 + d[7] * 10 + d[8], yy);
  if (century === undefined) {
    throw new InvalidPersonalIdError(
      ['date'],
      'its individual number does not match any birth century',
    );
  }
  const date = `${century + yy}-${pad(month)}-${pad(day)}`;
  // The validator judges 29 February by 2000 for year 00; a number from 1900 has no such day.
  if (!isCalendarDate(date)) throw new InvalidPersonalIdError(['date'], REASON_NO_SUCH_DAY);
  return date;
}

const REASON_NO_SUCH_DAY = 'the first six digits are not a real date';

function isCalendarDate(date: IsoDate): boolean {
  try {
    parseIsoDate(date);
    return true;
  } catch {
    return false;
  }
}

/** Completed years of age on a date. Born 29 February: a year older on 1 March in common years. */
export function ageOn(birthDate: IsoDate, on: IsoDate): number {
  const [by, bm, bd] = parseIsoDate(birthDate);
  const [y, m, d] = parseIsoDate(on);
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

/**
 * The date a child born on `birthDate` turns `years` old (the transition rule asks for 6, 16
 * and 18). Born 29 February and turning in a common year: 1 March, agreeing with `ageOn`.
 */
export function dateTurning(birthDate: IsoDate, years: number): IsoDate {
  const [by, bm, bd] = parseIsoDate(birthDate);
  const date = new Date(Date.UTC(by + years, bm - 1, bd));
  // Date.UTC reads years 0-99 as 1900-1999; set the year again to mean it literally.
  date.setUTCFullYear(by + years, bm - 1, bd);
  return date.toISOString().slice(0, 10);
}

export function parseIsoDate(date: IsoDate): [year: number, month: number, day: number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(2000, month - 1, day));
  check.setUTCFullYear(year);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new RangeError(`Not a calendar date: ${date}`);
  }
  return [year, month, day];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
