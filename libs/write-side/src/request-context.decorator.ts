import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { newEventId } from '@samvirke/contracts';
import { reachOf, type AuthenticatedRequest } from '@samvirke/platform';
import type { Request } from 'express';
import type { RequestContext } from './event-writer';

export const CORRELATION_HEADER = 'x-correlation-id';
export const CAUSATION_HEADER = 'x-causation-id';

// Only a UUID: the ids travel on every event to Kafka, so free text (or a personal id) must not.
const TRACE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who writes: the municipalities the caller's token serves (none without a token), and the tracing ids: the caller's `X-Correlation-Id` (or a new one) ties together
 * everything one business transaction caused; `X-Causation-Id` names the message that caused
 * this request, and defaults to the correlation id for a request that starts the chain. A
 * header that is not a UUID is ignored, as if it were absent.
 */
export function requestContextOf(
  req: Pick<Request, 'header'> & Pick<AuthenticatedRequest, 'principal'>,
): RequestContext {
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
  (_data: unknown, context: ExecutionContext): RequestContext =>
    requestContextOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);
