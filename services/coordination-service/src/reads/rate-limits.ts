import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerModule, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { ProblemException, type Principal } from '@samvirke/platform';

/** How many calls per caller in a window; past it, 429 until the window has passed. */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/**
 * `lookup`: `POST /v1/children/lookup` (a person at a desk looks up a few children a minute; a
 * script walking through numbers is stopped within its first minute). `read`: every other GET
 * of the read API together (the page loads a child in a handful of calls, and pages of 200).
 */
export interface RateLimits {
  lookup: RateLimit;
  read: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  lookup: { limit: 30, windowSeconds: 60 },
  read: { limit: 1200, windowSeconds: 60 },
};

/** The limits the environment sets (docs/operations.md), each defaulting on its own. */
export function rateLimitsFrom(config: {
  SAMVIRKE_LOOKUP_LIMIT?: number;
  SAMVIRKE_LOOKUP_WINDOW_SECONDS?: number;
  SAMVIRKE_READ_LIMIT?: number;
  SAMVIRKE_READ_WINDOW_SECONDS?: number;
}): RateLimits {
  return {
    lookup: {
      limit: config.SAMVIRKE_LOOKUP_LIMIT ?? DEFAULT_RATE_LIMITS.lookup.limit,
      windowSeconds:
        config.SAMVIRKE_LOOKUP_WINDOW_SECONDS ?? DEFAULT_RATE_LIMITS.lookup.windowSeconds,
    },
    read: {
      limit: config.SAMVIRKE_READ_LIMIT ?? DEFAULT_RATE_LIMITS.read.limit,
      windowSeconds: config.SAMVIRKE_READ_WINDOW_SECONDS ?? DEFAULT_RATE_LIMITS.read.windowSeconds,
    },
  };
}

/** The throttler's counters, kept in this instance's memory, one per caller and kind. */
export function rateLimitModule(limits: RateLimits) {
  return ThrottlerModule.forRoot(
    Object.entries(limits).map(([name, { limit, windowSeconds }]) => ({
      name,
      limit,
      ttl: windowSeconds * 1000,
    })),
  );
}

/**
 * Counts calls per caller (the token's municipality and subject; the address without a token),
 * all routes of a kind together, and answers 429 problem+json with `Retry-After` past the limit.
 * A controller names the kind it counts by skipping the other (`@SkipThrottle({ read: true })`).
 */
@Injectable()
export class CallerRateLimit extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    const principal = req['principal'] as Principal | undefined;
    return Promise.resolve(
      principal ? `${principal.municipality ?? '-'}:${principal.sub}` : `ip:${String(req['ip'])}`,
    );
  }

  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    name: string,
  ): string {
    return `${name}:${tracker}`;
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const seconds = Math.max(1, detail.timeToBlockExpire);
    context
      .switchToHttp()
      .getResponse<{ header(name: string, value: string): void }>()
      .header('Retry-After', String(seconds));
    throw ProblemException.of(
      429,
      `Too many requests: at most ${detail.limit} in ${detail.ttl / 1000} s. Try again in ${seconds} s.`,
    );
  }
}
