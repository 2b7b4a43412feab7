import { isIsoDate, isRfc3339DateTime } from '@samvirke/contracts';
import { KOMMUNENUMMER } from '@samvirke/platform';
import { registerDecorator, type ValidationOptions } from 'class-validator';

/** A fact may be stamped up to a day ahead (clock skew, time zones); further ahead is a typo. */
export const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

/** Ids chosen by sector systems travel in URLs: letters, digits and `._:-`, at most 100. */
export const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

function rule(
  name: string,
  check: (value: unknown) => boolean,
  message: string,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `$property ${message}`, ...options },
      validator: { validate: check },
    });
}

const notTooFarAhead = (ms: number) => ms <= Date.now() + FUTURE_TOLERANCE_MS;

/** RFC 3339 with an offset (`2026-03-02T08:15:00+01:00`), and not more than a day ahead. */
export const IsFactTime = (options?: ValidationOptions) =>
  rule(
    'isFactTime',
    (v) => typeof v === 'string' && isRfc3339DateTime(v) && notTooFarAhead(Date.parse(v)),
    'must be an RFC 3339 time with offset, not more than a day in the future',
    options,
  );

/** `YYYY-MM-DD`, a real calendar date, and not more than a day ahead. */
export const IsFactDate = (options?: ValidationOptions) =>
  rule(
    'isFactDate',
    (v) => typeof v === 'string' && isIsoDate(v) && notTooFarAhead(Date.parse(`${v}T00:00:00Z`)),
    'must be a date YYYY-MM-DD, not more than a day in the future',
    options,
  );

/** `YYYY-MM-DD`, any real date (deadlines and review dates lie ahead). */
export const IsCalendarDate = (options?: ValidationOptions) =>
  rule('isCalendarDate', (v) => typeof v === 'string' && isIsoDate(v), 'must be a date YYYY-MM-DD', options);

/** RFC 3339 with an offset, any moment (an expiry lies ahead). */
export const IsTime = (options?: ValidationOptions) =>
  rule('isTime', (v) => typeof v === 'string' && isRfc3339DateTime(v), 'must be an RFC 3339 time with offset', options);

export const IsKommunenummer = (options?: ValidationOptions) =>
  rule('isKommunenummer', (v) => typeof v === 'string' && KOMMUNENUMMER.test(v), 'must be a 4-digit kommunenummer', options);

export const IsIdentifier = (options?: ValidationOptions) =>
  rule(
    'isIdentifier',
    (v) => typeof v === 'string' && IDENTIFIER.test(v),
    'must be 1 to 100 letters, digits or . _ : - (starting with a letter or digit)',
    options,
  );
