import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
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

/** Says "the body must be an object" once, rather than naming each array index as an unknown field. */
class ProblemValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const notAnObject =
      Array.isArray(value) || (value !== null && value !== undefined && typeof value !== 'object');
    if (
      metadata.type === 'body' &&
      notAnObject &&
      metadata.metatype !== Array &&
      this.toValidate(metadata)
    ) {
      throw ProblemException.validation([
        { field: 'body', message: 'the body must be a JSON object' },
      ]);
    }
    return super.transform(value, metadata);
  }
}

/**
 * The one validation pipe: unknown fields are refused (and named), known ones are turned into
 * the DTO class. No implicit conversion: a JSON `"yes"` is not a boolean, so query DTOs say
 * `@Type(() => Number)` where they want a number.
 */
export function createValidationPipe(): ValidationPipe {
  return new ProblemValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors: ValidationError[]) =>
      ProblemException.validation(fieldErrors(errors)),
  });
}
