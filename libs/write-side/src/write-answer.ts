import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import type { WriteOutcome } from './event-writer';

/** The answer to a write, before its status is chosen: whether it recorded a new fact, and its body. */
export class WriteAnswer<Body extends object = object> {
  constructor(
    readonly created: boolean,
    readonly body: Body,
  ) {}

  /** A trap avoided: a route without `WriteAnswerInterceptor` would answer this wrapper, as a 201; it fails loudly instead. */
  toJSON(): never {
    throw new Error(
      'a WriteAnswer reached the response unmapped: the route needs @UseInterceptors(WriteAnswerInterceptor)',
    );
  }
}

/**
 * The answer to a write (CONTRACT): `{eventId, childRef, ...extra}`, which
 * `WriteAnswerInterceptor` sends as 201 for a new fact, 200 when the request repeated a fact
 * already recorded.
 */
export function answerWrite<Extra extends object>(
  outcome: WriteOutcome,
  extra: Extra,
): WriteAnswer<{ eventId: string; childRef: string } & Extra> {
  return new WriteAnswer(outcome.created, {
    eventId: outcome.eventId,
    childRef: outcome.childRef,
    ...extra,
  });
}

/**
 * Sends a route's `WriteAnswer` as 201 (a new fact) or 200 (a repeat) with its body; any other
 * answer passes as it is. Put on a controller (`@UseInterceptors(WriteAnswerInterceptor)`), it
 * runs inside the global `IdempotencyInterceptor`, which therefore keeps this status and body
 * as the key's answer.
 */
@Injectable()
export class WriteAnswerInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((answer: unknown) => {
        if (!(answer instanceof WriteAnswer)) return answer;
        context
          .switchToHttp()
          .getResponse<Response>()
          .status(answer.created ? 201 : 200);
        return answer.body;
      }),
    );
  }
}
