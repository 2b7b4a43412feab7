import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const IDEMPOTENT_KEY = 'samvirke:idempotent';

export interface IdempotentOptions {
  /** 400 when the header is missing (default); when false, a request without one just runs. */
  required?: boolean;
}

/**
 * The route honours `Idempotency-Key`: the first answer to a key is kept, and the same key with
 * the same request gets it again (200 where the first was 201) without running the handler.
 */
export const Idempotent = (options: IdempotentOptions = {}) => {
  const required = options.required ?? true;
  return applyDecorators(
    SetMetadata(IDEMPOTENT_KEY, { required }),
    ApiHeader({
      name: IDEMPOTENCY_HEADER,
      required,
      description:
        'Unique per write (e.g. a UUID). A retry with the same key and body gets the first answer again.',
    }),
  );
};
