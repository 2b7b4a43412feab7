import { ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { FieldError, ProblemException } from './problem';

/**
 * Flattens class-validator's error tree into one entry per bad field, named by its path:
 * `dischargedAt`, `address.postcode`, `sectors[1]`, `items[0].kind`.
 */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = joinPath(parent, error.property);
    const own = Object.values(error.constraints ?? {});
    const mine = own.length > 0 ? [{ field, message: own.join('; ') }] : [];
    return [...mine, ...fieldErrors(error.children ?? [], field)];
  });
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

/**
 * The one validation pipe: unknown fields are refused (and named), known ones are turned into
 * the DTO class. No implicit conversion: a JSON `"yes"` is not a boolean, so query DTOs say
 * `@Type(() => Number)` where they want a number.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) => ProblemException.validation(fieldErrors(errors)),
  });
}
