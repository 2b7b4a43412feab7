import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { newEventId } from '@samvirke/contracts';
import type { Request } from 'express';
import type { RequestContext } from './event-writer';

export const CORRELATION_HEADER = 'x-correlation-id';
export const CAUSATION_HEADER = 'x-causation-id';

const TRACE_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * The tracing ids of a write: the caller's `X-Correlation-Id` (or a new one) ties together
 * everything one business transaction caused; `X-Causation-Id` names the message that caused
 * this request, and defaults to the correlation id for a request that starts the chain.
 */
export function requestContextOf(req: Pick<Request, 'header'>): RequestContext {
  const given = (name: string) => {
    const value = req.header(name);
    return value !== undefined && TRACE_ID.test(value) ? value : undefined;
  };
  const correlationId = given(CORRELATION_HEADER) ?? newEventId();
  return { correlationId, causationId: given(CAUSATION_HEADER) ?? correlationId };
}

export const Correlation = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestContext => requestContextOf(context.switchToHttp().getRequest<Request>()),
);
