import { isNorwegianPublicHoliday } from '@samvirke/gap-engine';

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
  for (const part of osloParts.formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts;
}

/** The Oslo calendar date an instant falls on, as a day. */
export function osloDayOf(instant: Date): Day {
  const parts = partsOf(instant.getTime());
  return Date.UTC(parts['year'], parts['month'] - 1, parts['day']) / DAY_MS;
}

/** `YYYY-MM-DD`. */
export function isoDate(day: Day): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function dayOfIsoDate(date: string): Day {
  const [calendarYear, month, dayOfMonth] = date.split('-').map(Number);
  return Date.UTC(calendarYear, month - 1, dayOfMonth) / DAY_MS;
}

/** An instant as RFC 3339 with Oslo's offset, as a Norwegian sector system writes it. */
export function osloTime(ms: number): string {
  const parts = partsOf(ms);
  const local = Date.UTC(
    parts['year'],
    parts['month'] - 1,
    parts['day'],
    parts['hour'],
    parts['minute'],
    parts['second'],
  );
  const offsetMinutes = Math.round((local - Math.floor(ms / 1000) * 1000) / MINUTE_MS);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const offset = Math.abs(offsetMinutes);
  const twoDigits = (value: number) => String(value).padStart(2, '0');
  const [month, day, hour, minute, second] = ['month', 'day', 'hour', 'minute', 'second'].map(
    (name) => twoDigits(parts[name]),
  );
  return (
    `${parts['year']}-${month}-${day}T${hour}:${minute}:${second}` +
    `${sign}${twoDigits(Math.floor(offset / 60))}:${twoDigits(offset % 60)}`
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
  const date = new Date(day * DAY_MS);
  const shifted = new Date(Date.UTC(2000, date.getUTCMonth(), date.getUTCDate()));
  shifted.setUTCFullYear(date.getUTCFullYear() + years);
  return shifted.getTime() / DAY_MS;
}

export function dayOf(calendarYear: number, month: number, dayOfMonth: number): Day {
  const date = new Date(Date.UTC(2000, month - 1, dayOfMonth));
  date.setUTCFullYear(calendarYear);
  return date.getTime() / DAY_MS;
}

/** A Norwegian public holiday, as the gap rules count them (Christmas Eve is not one). */
export function isPublicHoliday(day: Day): boolean {
  return isNorwegianPublicHoliday(isoDate(day));
}

export function isWorkingDay(day: Day): boolean {
  const dayOfWeek = weekday(day);
  return dayOfWeek !== 0 && dayOfWeek !== 6 && !isPublicHoliday(day);
}

/**
 * A day pupils are at school: a working day outside the summer and Christmas breaks. (The gap
 * rules count every working day; the demo keeps absence out of the breaks, where it cannot be.)
 */
export function isSchoolDay(day: Day): boolean {
  if (!isWorkingDay(day)) return false;
  const date = new Date(day * DAY_MS);
  const monthAndDay = (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
  const summer = monthAndDay >= 620 && monthAndDay <= 817;
  const christmas = monthAndDay >= 1221 || monthAndDay <= 102;
  return !summer && !christmas;
}

/** The first working day on or after `day`. */
export function workingDayFrom(day: Day): Day {
  let working = day;
  while (!isWorkingDay(working)) working += 1;
  return working;
}

/** The first school day on or after `day`. */
export function schoolDayFrom(day: Day): Day {
  let schoolDay = day;
  while (!isSchoolDay(schoolDay)) schoolDay += 1;
  return schoolDay;
}

/** The school day after `day` when it is also the next working day; else undefined (a break). */
export function nextConsecutiveSchoolDay(day: Day): Day | undefined {
  let next = day + 1;
  while (!isWorkingDay(next)) next += 1;
  return isSchoolDay(next) ? next : undefined;
}
