import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { newEventId } from '@samvirke/contracts';
import { reachOf, type AuthenticatedRequest } from '@samvirke/platform';
import type { Request } from 'express';
import type { RequestContext } from './event-writer';

export const CORRELATION_HEADER = 'x-correlation-id';
export const CAUSATION_HEADER = 'x-causation-id';

const TRACE_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * Who writes: the municipalities the caller's token serves (none without a token), and the tracing ids: the caller's `X-Correlation-Id` (or a new one) ties together
 * everything one business transaction caused; `X-Causation-Id` names the message that caused
 * this request, and defaults to the correlation id for a request that starts the chain.
 */
export function requestContextOf(req: Pick<Request, 'header'> & Pick<AuthenticatedRequest, 'principal'>): RequestContext {
  const given = (name: string) => {
    const value = req.header(name);
    return value !== undefined && TRACE_ID.test(value) ? value : undefined;
  };
  const correlationId = given(CORRELATION_HEADER) ?? newEventId();
  return {
    correlationId,
    causationId: given(CAUSATION_HEADER) ?? correlationId,
    reach: req.principal ? reachOf(req.principal) : [],
  };
}

export const Correlation = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestContext => requestContextOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);
