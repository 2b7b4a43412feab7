import { isNorwegianPublicHoliday } from '@samvirke/coordination-service';

/**
 * Days as the demo counts them: a day is a whole number (days since 1970-01-01), standing for
 * that calendar date in Oslo. Facts happen in office hours, which fall on the same date in Oslo
 * and in UTC, so a day and an instant never disagree about the date.
 */
export type Day = number;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const osloParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Oslo',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function partsOf(ms: number): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const p of osloParts.formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return parts;
}

/** The Oslo calendar date an instant falls on, as a day. */
export function osloDayOf(instant: Date): Day {
  const p = partsOf(instant.getTime());
  return Date.UTC(p['year'], p['month'] - 1, p['day']) / DAY_MS;
}

/** `YYYY-MM-DD`. */
export function isoDate(day: Day): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function dayOfIsoDate(date: string): Day {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

/** An instant as RFC 3339 with Oslo's offset, as a Norwegian sector system writes it. */
export function osloTime(ms: number): string {
  const p = partsOf(ms);
  const local = Date.UTC(p['year'], p['month'] - 1, p['day'], p['hour'], p['minute'], p['second']);
  const offsetMinutes = Math.round((local - Math.floor(ms / 1000) * 1000) / MINUTE_MS);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${p['year']}-${pad(p['month'])}-${pad(p['day'])}T${pad(p['hour'])}:${pad(p['minute'])}:${pad(p['second'])}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

export function year(day: Day): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** 0 Sunday … 6 Saturday. */
export function weekday(day: Day): number {
  return new Date(day * DAY_MS).getUTCDay();
}

/** The same date `years` later (29 February becomes 1 March, as the identity lib's dateTurning). */
export function addYears(day: Day, years: number): Day {
  const d = new Date(day * DAY_MS);
  const shifted = new Date(Date.UTC(2000, d.getUTCMonth(), d.getUTCDate()));
  shifted.setUTCFullYear(d.getUTCFullYear() + years);
  return shifted.getTime() / DAY_MS;
}

export function dayOf(y: number, month: number, date: number): Day {
  const d = new Date(Date.UTC(2000, month - 1, date));
  d.setUTCFullYear(y);
  return d.getTime() / DAY_MS;
}

/** A Norwegian public holiday, as the gap rules count them (Christmas Eve is not one). */
export function isPublicHoliday(day: Day): boolean {
  return isNorwegianPublicHoliday(isoDate(day));
}

export function isWorkingDay(day: Day): boolean {
  const w = weekday(day);
  return w !== 0 && w !== 6 && !isPublicHoliday(day);
}

/**
 * A day pupils are at school: a working day outside the summer and Christmas breaks. (The gap
 * rules count every working day; the demo keeps absence out of the breaks, where it cannot be.)
 */
export function isSchoolDay(day: Day): boolean {
  if (!isWorkingDay(day)) return false;
  const d = new Date(day * DAY_MS);
  const md = (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
  const summer = md >= 620 && md <= 817;
  const christmas = md >= 1221 || md <= 102;
  return !summer && !christmas;
}

/** The first working day on or after `day`. */
export function workingDayFrom(day: Day): Day {
  let d = day;
  while (!isWorkingDay(d)) d += 1;
  return d;
}

/** The first school day on or after `day`. */
export function schoolDayFrom(day: Day): Day {
  let d = day;
  while (!isSchoolDay(d)) d += 1;
  return d;
}

/** The school day after `day` when it is also the next working day; else undefined (a break). */
export function nextConsecutiveSchoolDay(day: Day): Day | undefined {
  let d = day + 1;
  while (!isWorkingDay(d)) d += 1;
  return isSchoolDay(d) ? d : undefined;
}
