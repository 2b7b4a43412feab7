import { STATUS_CODES } from 'node:http';

/** The media type of every error answer (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** One bad input field: a dotted path with array indexes (`sectors[1]`, `address.postcode`). */
export interface FieldError {
  field: string;
  message: string;
}

/** An RFC 9457 problem document, with the extension members this system uses. */
export interface Problem {
  /** A URI naming the kind of problem; `about:blank` when the status says it all. */
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  /** A stable, machine-readable reason, e.g. a `DomainError` code. */
  code?: string;
  [extension: string]: unknown;
}

/** Problem types with a meaning of their own; the rest are `about:blank`. */
export const ProblemType = {
  validation: 'urn:samvirke:problem:validation',
  malformedJson: 'urn:samvirke:problem:malformed-json',
  domainRule: 'urn:samvirke:problem:domain-rule',
  concurrency: 'urn:samvirke:problem:concurrency',
  municipalityNotServed: 'urn:samvirke:problem:municipality-not-served',
  idempotencyKeyMissing: 'urn:samvirke:problem:idempotency-key-missing',
  idempotencyKeyReused: 'urn:samvirke:problem:idempotency-key-reused',
  idempotencyKeyInProgress: 'urn:samvirke:problem:idempotency-key-in-progress',
  unavailable: 'urn:samvirke:problem:unavailable',
} as const;

/** Seconds a client is told to wait (`Retry-After`) before it retries a 503. */
export const RETRY_AFTER_SECONDS = 5;

export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

/** Builds a problem; `type` defaults to `about:blank` and `title` to the status phrase. */
export function problem(status: number, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: 'about:blank', title: statusTitle(status), status, detail, ...extra };
}

/**
 * Throw this anywhere in a request to answer with exactly this problem. The platform's
 * exception filter sends it as it is.
 */
export class ProblemException extends Error {
  override readonly name = 'ProblemException';
  constructor(
    readonly problem: Problem,
    options?: ErrorOptions,
  ) {
    super(problem.detail, options);
  }

  static of(status: number, detail: string, extra: Partial<Problem> = {}): ProblemException {
    return new ProblemException(problem(status, detail, extra));
  }

  static validation(
    errors: FieldError[],
    detail = 'The request has invalid fields.',
  ): ProblemException {
    return ProblemException.of(400, detail, { type: ProblemType.validation, errors });
  }
}
