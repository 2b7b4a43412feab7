import { IsoDate, parseIsoDate } from './birth-date';
import { SeededRandom } from './seeded-random';
import { validatePersonalId } from './validate';

export interface SyntheticPersonalIdOptions {
  /** Birth dates to draw from, both inclusive, between 1900 and 2039. Default: 2008-01-01 to 2024-12-31. */
  bornBetween?: readonly [from: IsoDate, to: IsoDate];
  /** Make synthetic D-numbers (day + 40) instead of synthetic fødselsnumre. */
  dNumber?: boolean;
}

/** A fixed default, so that a seed gives the same children whatever day it is run. */
export const DEFAULT_SYNTHETIC_BORN_BETWEEN: readonly [IsoDate, IsoDate] = [
  '2008-01-01',
  '2024-12-31',
];

const DAY_MS = 86_400_000;
const MAX_FRUITLESS_DRAWS = 10_000;

/**
 * Makes valid synthetic numbers in Test Norge style (month + 80), so none can be a real
 * person's. Reproducible: the same seed and options give the same sequence. The check digits
 * are not computed here: of the 100 possible endings the first one that `@navikt/fnrvalidator`
 * accepts is taken (it follows the rules in force from 2032, which allow more than one first
 * check digit, so an older validator may refuse some of these numbers).
 */
export class SyntheticPersonalIdGenerator {
  private readonly random: SeededRandom;
  private readonly firstDay: number;
  private readonly days: number;
  private readonly seen = new Set<string>();

  constructor(
    seed: string | number,
    private readonly options: SyntheticPersonalIdOptions = {},
  ) {
    this.random = new SeededRandom(seed);
    const [from, to] = options.bornBetween ?? DEFAULT_SYNTHETIC_BORN_BETWEEN;
    this.firstDay = dayNumber(from);
    this.days = dayNumber(to) - this.firstDay + 1;
    if (this.days < 1) throw new RangeError(`bornBetween is empty: ${from} is after ${to}`);
    for (const date of [from, to]) {
      const year = parseIsoDate(date)[0];
      if (year < 1900 || year > 2039)
        throw new RangeError(`Synthetic birth years run from 1900 to 2039, not ${year}`);
    }
  }

  /** The next number in the sequence, distinct from every one this generator gave before. */
  next(): string {
    for (let draw = 0; draw < MAX_FRUITLESS_DRAWS; draw++) {
      const candidate = this.draw();
      if (candidate !== undefined && !this.seen.has(candidate)) {
        this.seen.add(candidate);
        return candidate;
      }
    }
    throw new RangeError('No more distinct synthetic numbers in this birth-date range');
  }

  private draw(): string | undefined {
    const birth = new Date((this.firstDay + this.random.int(0, this.days - 1)) * DAY_MS);
    const year = birth.getUTCFullYear();
    // Individual numbers that name the birth century (see centuryOf).
    const individual = year >= 2000 ? this.random.int(500, 999) : this.random.int(0, 499);
    const day = birth.getUTCDate() + (this.options.dNumber ? 40 : 0);
    const month = birth.getUTCMonth() + 1 + 80;
    const base = pad(day, 2) + pad(month, 2) + pad(year % 100, 2) + pad(individual, 3);
    return withCheckDigits(base);
  }
}

/** `count` distinct synthetic numbers; the same seed and options always give the same list. */
export function syntheticPersonalIds(
  seed: string | number,
  count: number,
  options: SyntheticPersonalIdOptions = {},
): string[] {
  const generator = new SyntheticPersonalIdGenerator(seed, options);
  return Array.from({ length: count }, () => generator.next());
}

/** The library is the oracle: the first ending it accepts for these nine digits, if any. */
function withCheckDigits(nineDigits: string): string | undefined {
  for (let ending = 0; ending < 100; ending++) {
    const candidate = nineDigits + pad(ending, 2);
    if (validatePersonalId(candidate, { accept: ['synthetic'] }).valid) return candidate;
  }
  return undefined;
}

function dayNumber(date: IsoDate): number {
  const [year, month, day] = parseIsoDate(date);
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
