import { DAY_MS, HOUR_MS, MINUTE_MS, workingDayFrom, type Day } from '../calendar';
import type { Random } from '../random';

/** The demo's year, in days: facts lie within the year before today. */
export const YEAR = 365;

/**
 * When a child's facts happen: instants in office hours on a given day, and days in a range
 * that never reaches today (facts happen on earlier days only).
 */
export class StoryClock {
  constructor(
    /** Today's date in Oslo. */
    readonly today: Day,
    private readonly random: Random,
  ) {}

  /** An instant in office hours on `day`, strictly after `notBefore` when given. */
  timeOn(day: Day, notBefore?: number): number {
    let ms = day * DAY_MS + 7 * HOUR_MS + this.random.int(0, 27) * 15 * MINUTE_MS;
    if (notBefore !== undefined && ms <= notBefore)
      ms = notBefore + this.random.int(1, 8) * 15 * MINUTE_MS;
    return ms;
  }

  /** A day in [from, to] but never today or later (the range is cut at yesterday). */
  dayBetween(from: Day, to: Day): Day {
    return this.random.int(from, Math.max(from, Math.min(to, this.today - 1)));
  }
}

/** The first working day from `day` if it stays within bounds, else `day`. */
export function workingDayWithin(day: Day, earliest: Day, latest: Day): Day {
  const working = workingDayFrom(day);
  return working >= earliest && working <= latest ? working : day;
}
