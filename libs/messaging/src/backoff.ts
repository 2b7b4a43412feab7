export interface BackoffOptions {
  /** Delay after the first failure. */
  initialMs: number;
  /** The delay doubles per failure up to this. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 100, maxMs: 10_000 };

/** Delay before retry number `attempt` (0 for the first retry): doubling, capped, with up to 20% jitter. */
export function backoffDelay(
  attempt: number,
  { initialMs, maxMs }: BackoffOptions,
  random: () => number = Math.random,
): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (0.8 + 0.2 * random()));
}

/**
 * Sleeps `ms`, waking early when `interrupted` resolves. Calls `tick` about every `tickMs`
 * meanwhile (a Kafka consumer heartbeats there so a long backoff does not cost it the partition).
 */
export async function pause(
  ms: number,
  {
    interrupted,
    tick,
    tickMs = 1_000,
  }: { interrupted?: Promise<unknown>; tick?: () => Promise<void>; tickMs?: number } = {},
): Promise<void> {
  const until = Date.now() + ms;
  let woken = false;
  void interrupted?.then(() => (woken = true));
  while (!woken && Date.now() < until) {
    const step = Math.min(tickMs, until - Date.now());
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise((resolve) => (timer = setTimeout(resolve, step))),
      ...(interrupted ? [interrupted] : []),
    ]);
    clearTimeout(timer);
    if (!woken && tick && Date.now() < until) await tick();
  }
}
