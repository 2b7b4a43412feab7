import type { ConsumerStatus } from './idempotent-consumer';

export interface ConsumerReadinessOptions {
  /** An outage (database or bus away) may last this long before the consumer is not ready. Default 2 s. */
  outageMs?: number;
  /** Any other failing may last this long (the retries and the split that parks a poison event take well under). Default 30 s. */
  failingMs?: number;
}

/**
 * Why a consumer is not ready, or undefined when it is. Ready while it makes progress: a batch
 * that failed and was then split and its poison event parked is no reason. Not ready when it is
 * stopped, when an outage has stopped all progress for `outageMs`, or when it has failed with
 * nothing committed for `failingMs`.
 */
export function consumerUnreadiness(
  status: ConsumerStatus,
  now: Date,
  { outageMs = 2_000, failingMs = 30_000 }: ConsumerReadinessOptions = {},
): string | undefined {
  if (!status.running) return 'stopped';
  if (status.lastError === undefined || status.failingSince === undefined) return undefined;
  const failingFor = now.getTime() - status.failingSince.getTime();
  if (failingFor >= (status.outage ? outageMs : failingMs)) {
    return `${status.outage ? 'outage' : 'failing'} for ${Math.round(failingFor / 1000)} s: ${status.lastError}`;
  }
  return undefined;
}
