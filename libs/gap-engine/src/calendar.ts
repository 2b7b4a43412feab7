import Holidays from 'date-holidays';

/**
 * Time as the gap rules count it (DOMAIN.md): days are exact (7 days = 168 hours), working days
 * are calendar dates in Europe/Oslo skipping weekends and Norwegian public holidays, months are
 * calendar months in Oslo local time. Pure: no clock is read here.
 */

export const TIME_ZONE = 'Europe/Oslo';
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** A calendar date `YYYY-MM-DD`. */
export type IsoDate = string;

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface LocalParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

function intlOsloParts(instant: Date): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of partsFormat.formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts['year'],
    month: parts['month'],
    day: parts['day'],
    hour: parts['hour'],
    minute: parts['minute'],
    second: parts['second'],
    millisecond: instant.getUTCMilliseconds(),
  };
}

// Oslo's offset changes only on whole UTC hours, so Intl is asked once per hour and the answer
// kept: formatToParts was most of the gap rules' time in the projection's profile.
const offsetByHour = new Map<number, number>();

/** Oslo's offset from UTC at an instant, in ms (+1 h in winter, +2 h in summer). */
function offsetAt(instantMs: number): number {
  const hour = Math.floor(instantMs / HOUR_MS);
  let offset = offsetByHour.get(hour);
  if (offset === undefined) {
    const start = hour * HOUR_MS;
    const p = intlOsloParts(new Date(start));
    offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, 0) - start;
    if (offsetByHour.size >= 200_000) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

function osloParts(instant: Date): LocalParts {
  const local = new Date(instant.getTime() + offsetAt(instant.getTime()));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    millisecond: local.getUTCMilliseconds(),
  };
}

/** The instant of an Oslo wall-clock time (a time skipped by the spring change moves forward). */
function fromOslo(p: LocalParts): Date {
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.millisecond);
  const first = wall - offsetAt(wall);
  return new Date(wall - offsetAt(first));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function dateOfParts(year: number, month: number, day: number): IsoDate {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

function parseDate(date: IsoDate): { year: number; month: number; day: number } {
  return {
    year: Number(date.slice(0, 4)),
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
  };
}

/** The Oslo calendar date an instant falls on. */
export function osloDate(instant: Date): IsoDate {
  const p = osloParts(instant);
  return dateOfParts(p.year, p.month, p.day);
}

/** 00:00 in Oslo on a date (midnight always exists: Norway changes clocks at 02:00/03:00). */
export function startOfOsloDay(date: IsoDate): Date {
  const { year, month, day } = parseDate(date);
  return fromOslo({ year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 });
}

/** The first instant after a date has ended in Oslo: a deadline "by the end of that date". */
export function endOfOsloDay(date: IsoDate): Date {
  return startOfOsloDay(addCalendarDays(date, 1));
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  const { year, month, day } = parseDate(date);
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return dateOfParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Exact days: n × 24 hours, whatever the clock change does. */
export function addDays(instant: Date, days: number): Date {
  return new Date(instant.getTime() + days * DAY_MS);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function shiftMonth(year: number, month: number, months: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/**
 * Calendar months at the same Oslo wall-clock time; a day the target month lacks is clamped to
 * its last day (31 January + 1 month = 28/29 February).
 */
export function addMonths(instant: Date, months: number): Date {
  const p = osloParts(instant);
  const { year, month } = shiftMonth(p.year, p.month, months);
  return fromOslo({ ...p, year, month, day: Math.min(p.day, daysInMonth(year, month)) });
}

/** Calendar months on a date, clamped like addMonths. */
export function addMonthsToDate(date: IsoDate, months: number): IsoDate {
  const p = parseDate(date);
  const { year, month } = shiftMonth(p.year, p.month, months);
  return dateOfParts(year, month, Math.min(p.day, daysInMonth(year, month)));
}

// Public holidays only: Christmas Eve and New Year's Eve are `bank` days in date-holidays, not holidays.
const norway = new Holidays('NO');
const holidaysByYear = new Map<number, ReadonlySet<IsoDate>>();

function publicHolidays(year: number): ReadonlySet<IsoDate> {
  let set = holidaysByYear.get(year);
  if (!set) {
    set = new Set(
      norway
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    holidaysByYear.set(year, set);
  }
  return set;
}

export function isNorwegianPublicHoliday(date: IsoDate): boolean {
  return publicHolidays(parseDate(date).year).has(date);
}

// The rules ask about the same school days over and over (absence windows): the answer is kept.
const workingDays = new Map<IsoDate, boolean>();

export function isWorkingDay(date: IsoDate): boolean {
  let working = workingDays.get(date);
  if (working === undefined) {
    const { year, month, day } = parseDate(date);
    const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
    working = weekday !== 0 && weekday !== 6 && !isNorwegianPublicHoliday(date);
    if (workingDays.size >= 100_000) workingDays.clear();
    workingDays.set(date, working);
  }
  return working;
}

/**
 * The n-th working day after a date (n > 0), or before it (n < 0); the date itself is not
 * counted, as a time limit starts running the day after the event.
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  const step = n < 0 ? -1 : 1;
  let remaining = Math.abs(n);
  let current = date;
  while (remaining > 0) {
    current = addCalendarDays(current, step);
    if (isWorkingDay(current)) remaining -= 1;
  }
  return current;
}

/**
 * A deadline of n working days after an instant: the end (Oslo) of the n-th working day after
 * the Oslo date the instant falls on.
 */
export function workingDaysDeadline(instant: Date, n: number): Date {
  return endOfOsloDay(addWorkingDays(osloDate(instant), n));
}

/** Working days from `from` (exclusive) to `to` (inclusive); 0 if `to` is not after `from`. */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  let count = 0;
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) {
    if (isWorkingDay(d)) count += 1;
  }
  return count;
}
