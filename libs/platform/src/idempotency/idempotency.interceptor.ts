import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { catchError, from, mergeMap, Observable, of } from 'rxjs';
import { AuthenticatedRequest } from '../auth/decorators';
import { isOutage } from '../errors/outage';
import { ProblemException, ProblemType } from '../errors/problem';
import { requestFingerprint } from './fingerprint';
import { IdempotencyRequest, IdempotencyStore } from './idempotency-store';
import { IDEMPOTENCY_HEADER, IDEMPOTENT_KEY, IdempotentOptions } from './idempotent.decorator';

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');
export const IDEMPOTENCY_WAIT = Symbol('IDEMPOTENCY_WAIT');

export interface IdempotencyWait {
  /** How long a repeat waits for the first request with its key to finish before a 409. */
  waitMs: number;
  pollMs: number;
}

// RFC draft-ietf-httpapi-idempotency-key-header sends the key as a quoted string; plain is common too.
const KEY = /^"?([\x21\x23-\x7e]{1,255})"?$/;

// A release that met an outage is tried again each second for two minutes (past the default lease).
const RELEASE_RETRY_MS = 1_000;
const RELEASE_ATTEMPTS = 120;

type Acquired = { run: true; token: string } | { run: false; status: number; body: string | null };

/**
 * Runs an @Idempotent() route at most once per `Idempotency-Key` (per caller: issuer, subject
 * and municipality of the token): the first
 * request claims the key and its answer is kept; repeats get that answer (201 becomes 200,
 * as CONTRACT says, marked `Idempotent-Replayed: true`); the same key with another request is
 * 409. A repeat arriving while the first still runs waits for its answer. A failed first
 * request keeps nothing, so its retry runs again.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly reflector: Reflector,
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore,
    @Inject(IDEMPOTENCY_WAIT) private readonly wait: IdempotencyWait,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rule = this.reflector.getAllAndOverride<Required<IdempotentOptions> | undefined>(
      IDEMPOTENT_KEY,
      [context.getHandler(), context.getClass()],
    );
    if (!rule || context.getType() !== 'http') return next.handle();

    const http = context.switchToHttp();
    const req = http.getRequest<AuthenticatedRequest>();
    const res = http.getResponse<Response>();
    const header = req.header(IDEMPOTENCY_HEADER);
    if (header === undefined) {
      if (!rule.required) return next.handle();
      throw ProblemException.validation(
        [
          {
            field: IDEMPOTENCY_HEADER,
            message: `the ${IDEMPOTENCY_HEADER} header is required on this write`,
          },
        ],
        `The ${IDEMPOTENCY_HEADER} header is required.`,
      );
    }
    const key = KEY.exec(header)?.[1];
    if (!key) {
      throw ProblemException.validation(
        [
          {
            field: IDEMPOTENCY_HEADER,
            message: `${IDEMPOTENCY_HEADER} must be 1 to 255 visible ASCII characters`,
          },
        ],
        `The ${IDEMPOTENCY_HEADER} header is malformed.`,
      );
    }

    const caller = req.principal?.sub ?? 'anonymous';
    const request: IdempotencyRequest = {
      issuer: req.principal?.issuer ?? '',
      caller,
      municipality: req.principal?.municipality ?? '',
      key,
      fingerprint: requestFingerprint({
        method: req.method,
        path: req.path,
        query: req.query,
        caller,
        body: req.body,
      }),
    };

    return from(this.acquire(request)).pipe(
      mergeMap((acquired) => {
        if (!acquired.run) {
          res.status(acquired.status === 201 ? 200 : acquired.status);
          res.setHeader('Idempotent-Replayed', 'true');
          return of(acquired.body === null ? undefined : JSON.parse(acquired.body));
        }
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            const kept = await this.store.complete(request, acquired.token, {
              status: res.statusCode,
              body: body === undefined ? null : JSON.stringify(body),
            });
            if (!kept)
              this.logger.warn(
                `the claim on idempotency key ${key} ran out before its request finished`,
              );
            return body;
          }),
          catchError(async (error: unknown) => {
            await this.release(request, acquired.token);
            throw error;
          }),
        );
      }),
    );
  }

  /**
   * Lets go of a failed request's key, so its retry runs. When the database is down the release
   * is tried again until it is back: otherwise the retry would wait out the claim's lease (409).
   */
  private async release(request: IdempotencyRequest, token: string, attempt = 0): Promise<void> {
    try {
      await this.store.release(request, token);
    } catch (error) {
      if (!isOutage(error) || attempt >= RELEASE_ATTEMPTS) {
        this.logger.error({ err: error }, `could not release idempotency key ${request.key}`);
        return;
      }
      setTimeout(() => void this.release(request, token, attempt + 1), RELEASE_RETRY_MS).unref();
    }
  }

  private async acquire(request: IdempotencyRequest): Promise<Acquired> {
    const deadline = Date.now() + this.wait.waitMs;
    for (;;) {
      const claim = await this.store.claim(request);
      if (claim.outcome === 'claimed') return { run: true, token: claim.token };
      if (claim.fingerprint !== request.fingerprint) {
        throw ProblemException.of(
          409,
          `This ${IDEMPOTENCY_HEADER} was already used with another request.`,
          {
            type: ProblemType.idempotencyKeyReused,
          },
        );
      }
      if (claim.outcome === 'completed') return { run: false, ...claim.response };
      if (Date.now() >= deadline) {
        throw ProblemException.of(
          409,
          `A request with this ${IDEMPOTENCY_HEADER} is still in progress; retry later.`,
          {
            type: ProblemType.idempotencyKeyInProgress,
          },
        );
      }
      await new Promise((resolve) => setTimeout(resolve, this.wait.pollMs));
    }
  }
}
