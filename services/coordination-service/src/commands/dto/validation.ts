import { isRecordableTime } from '@samvirke/contracts';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * A time strictly after another field's time (a review after the plan, an expiry after the
 * consent). Only judged when both are valid times; their own rules name them otherwise.
 */
export const IsAfter = (field: string, options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isAfter',
      constraints: [field],
      validator: {
        validate: (value, args) => {
          const other = (args?.object as Record<string, unknown>)[field];
          if (typeof value !== 'string' || typeof other !== 'string') return true;
          if (!isRecordableTime(value) || !isRecordableTime(other)) return true;
          return Date.parse(value) > Date.parse(other);
        },
      },
    },
    { message: `$property must be after ${field}`, ...options },
  );
