import {
  EARLIEST_DATE,
  isIsoDate,
  isRecordableDate,
  isRecordableTime,
  LATEST_DATE,
} from '@samvirke/contracts';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { endOfOsloDay, startOfOsloDay } from '@samvirke/gap-engine';
import { decodeCursor } from '../cursor';

/** A query bound: an RFC 3339 time with offset, or a date `YYYY-MM-DD` (a whole day in Norway), within what Samvirke records. */
export const IsTimeOrDate = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isTimeOrDate',
      validator: {
        validate: (value) =>
          typeof value === 'string' && (isRecordableTime(value) || isRecordableDate(value)),
      },
    },
    {
      message: `$property must be an RFC 3339 time with offset or a date YYYY-MM-DD, from ${EARLIEST_DATE} to ${LATEST_DATE}`,
      ...options,
    },
  );

/** A cursor this API gave out: `parts` strings that pass `valid`. */
export const IsCursor = (
  parts: number,
  valid?: (key: string[]) => boolean,
  options?: ValidationOptions,
) =>
  ValidateBy(
    {
      name: 'isCursor',
      validator: {
        validate: (value) =>
          typeof value === 'string' && decodeCursor(value, parts, valid) !== undefined,
      },
    },
    {
      message: '$property must be a nextCursor from an earlier page, passed back unchanged',
      ...options,
    },
  );

/** The instant a lower bound starts: a date starts at Oslo midnight. */
export function startOf(bound: string): string {
  return isIsoDate(bound) ? startOfOsloDay(bound).toISOString() : bound;
}

/** The instant an upper bound ends (exclusive): a date includes its whole day. */
export function endOf(bound: string): string {
  return isIsoDate(bound) ? endOfOsloDay(bound).toISOString() : bound;
}
