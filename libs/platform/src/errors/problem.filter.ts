import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import type { Response } from 'express';
import { ConcurrencyError, DomainError } from '@samvirke/event-sourcing';
import { isOutage } from './outage';
import {
  Problem,
  PROBLEM_CONTENT_TYPE,
  ProblemException,
  ProblemType,
  problem,
  RETRY_AFTER_SECONDS,
} from './problem';

const UNEXPECTED = 'An unexpected error occurred. It has been logged.';

/** Turns any error into the problem document to answer with. Pure, so it is tested on its own. */
export function toProblem(exception: unknown): Problem {
  if (exception instanceof ProblemException) return exception.problem;
  if (exception instanceof DomainError) {
    return problem(409, exception.message, { type: ProblemType.domainRule, code: exception.code });
  }
  if (exception instanceof ConcurrencyError) {
    return problem(409, 'Someone else changed this at the same time; read it again and retry.', {
      type: ProblemType.concurrency,
    });
  }
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (isOutage(exception)) {
    return problem(
      503,
      'The service cannot reach its database or message broker right now; retry later with the same Idempotency-Key.',
      {
        type: ProblemType.unavailable,
      },
    );
  }
  return problem(500, UNEXPECTED);
}

function fromHttpException(exception: HttpException): Problem {
  const status = exception.getStatus();
  if (status >= 500) return problem(status, UNEXPECTED);
  const response = exception.getResponse();
  const message =
    typeof response === 'object' && response !== null
      ? (response as { message?: unknown }).message
      : response;
  if (Array.isArray(message)) return problem(status, message.join('; '));
  return problem(status, typeof message === 'string' ? message : exception.message);
}

/**
 * The one exception filter: every error leaves as `application/problem+json`. A dependency
 * that cannot be reached (`isOutage`) is a 503 with `Retry-After`; anything else not
 * foreseen is a 500 whose detail says nothing of the cause; the cause (or a problem's own
 * `cause`) is logged with the request, as pino-http logs `res.err`, under its request id.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const body = toProblem(exception);
    const cause =
      exception instanceof ProblemException
        ? exception.cause
        : body.status >= 500
          ? exception
          : undefined;
    if (cause !== undefined) (res as { err?: unknown }).err = cause;
    if (res.headersSent) {
      res.end();
      return;
    }
    if (body.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    // Every 503 is "not now": an outage, keys that cannot be fetched.
    if (body.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(body.status).type(PROBLEM_CONTENT_TYPE).json(body);
  }
}
