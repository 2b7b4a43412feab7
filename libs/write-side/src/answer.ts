import type { Response } from 'express';
import type { WriteOutcome } from './event-writer';

/**
 * The answer to a write (CONTRACT): 201 with `{eventId, childRef, ...}` for a new fact, 200
 * with the same body when the request repeated a fact already recorded.
 */
export function answerWrite<Extra extends object>(
  res: Pick<Response, 'status'>,
  outcome: WriteOutcome,
  extra: Extra,
): { eventId: string; childRef: string } & Extra {
  res.status(outcome.created ? 201 : 200);
  return { eventId: outcome.eventId, childRef: outcome.childRef, ...extra };
}
