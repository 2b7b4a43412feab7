import {
  EARLIEST_DATE,
  isRecordableDate,
  isRecordableTime,
  LATEST_DATE,
} from '@samvirke/contracts';
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

// Every time and date of every DTO goes through one of these four, so none can let year 0000 in.

/** A fact that happened: RFC 3339 with an offset (`2026-03-02T08:15:00+01:00`), from 1900, and not more than a day ahead. */
export const IsFactTime = (options?: ValidationOptions) =>
  rule(
    'isFactTime',
    (v) => typeof v === 'string' && isRecordableTime(v) && notTooFarAhead(Date.parse(v)),
    `must be an RFC 3339 time with offset, from ${EARLIEST_DATE} and not more than a day in the future`,
    options,
  );

/** The day a fact happened: `YYYY-MM-DD`, a real calendar date, from 1900, and not more than a day ahead. */
export const IsFactDate = (options?: ValidationOptions) =>
  rule(
    'isFactDate',
    (v) =>
      typeof v === 'string' && isRecordableDate(v) && notTooFarAhead(Date.parse(`${v}T00:00:00Z`)),
    `must be a date YYYY-MM-DD, from ${EARLIEST_DATE} and not more than a day in the future`,
    options,
  );

/** A date that may lie ahead (a deadline, a first school day): `YYYY-MM-DD` from 1900 to 2100. */
export const IsCalendarDate = (options?: ValidationOptions) =>
  rule(
    'isCalendarDate',
    (v) => typeof v === 'string' && isRecordableDate(v),
    `must be a date YYYY-MM-DD from ${EARLIEST_DATE} to ${LATEST_DATE}`,
    options,
  );

/** A time that may lie ahead (a review due, an expiry): RFC 3339 with an offset, from 1900 to the end of 2100. */
export const IsTime = (options?: ValidationOptions) =>
  rule(
    'isTime',
    (v) => typeof v === 'string' && isRecordableTime(v),
    `must be an RFC 3339 time with offset, from ${EARLIEST_DATE} to the end of ${LATEST_DATE.slice(0, 4)}`,
    options,
  );

export const IsKommunenummer = (options?: ValidationOptions) =>
  rule(
    'isKommunenummer',
    (v) => typeof v === 'string' && KOMMUNENUMMER.test(v),
    'must be a 4-digit kommunenummer',
    options,
  );

export const IsIdentifier = (options?: ValidationOptions) =>
  rule(
    'isIdentifier',
    (v) => typeof v === 'string' && IDENTIFIER.test(v),
    'must be 1 to 100 letters, digits or . _ : - (starting with a letter or digit)',
    options,
  );
