import { randomUUID } from 'node:crypto';

/**
 * Keys are per caller: the token's issuer, subject and municipality, so one caller's key never
 * blocks (or answers for) another's, though two identity providers or municipalities reuse a `sub`.
 */
export interface IdempotencyRequest {
  /** The token's `iss`; empty for a token without one. */
  issuer: string;
  /** The token's `sub`. */
  caller: string;
  /** The token's `municipality`; empty for a caller not tied to one. */
  municipality: string;
  key: string;
  fingerprint: string;
}

export interface StoredResponse {
  status: number;
  /** The response body exactly as JSON text, or null when there was none. */
  body: string | null;
}

export type ClaimResult =
  | { outcome: 'claimed'; token: string }
  | { outcome: 'completed'; fingerprint: string; response: StoredResponse }
  | { outcome: 'in-progress'; fingerprint: string };

/**
 * Where the first answer to each Idempotency-Key is kept. A request first claims its key; the
 * one that gets it runs and then completes (or, on an error, releases) the claim; the others
 * see it in progress or completed.
 */
export interface IdempotencyStore {
  /**
   * Takes the key, or says who has it. A claim left in progress past its lease (its instance
   * died) is taken over by a request with the same fingerprint; an expired record by anyone.
   */
  claim(request: IdempotencyRequest): Promise<ClaimResult>;
  /** Keeps the answer. False when the claim was no longer this token's (its lease ran out). */
  complete(request: IdempotencyRequest, token: string, response: StoredResponse): Promise<boolean>;
  /** Gives the key back after a failure, so a retry runs again. */
  release(request: IdempotencyRequest, token: string): Promise<void>;
  close(): Promise<void>;
}

export interface IdempotencyTimings {
  /** How long a claim protects a request still running; then another instance may take over. */
  leaseMs: number;
  /** How long a completed answer is kept. */
  retentionMs: number;
}

export const DEFAULT_IDEMPOTENCY_TIMINGS: IdempotencyTimings = {
  leaseMs: 60_000,
  retentionMs: 24 * 60 * 60 * 1000,
};

interface MemoryRecord {
  fingerprint: string;
  token: string;
  lockedUntil: number;
  expiresAt: number;
  response?: StoredResponse;
}

/**
 * Keeps keys in this process only, so it forgets them on restart: for unit tests and the
 * demo. Production uses `PostgresIdempotencyStore`.
 */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, MemoryRecord>();

  constructor(
    private readonly timings: IdempotencyTimings = DEFAULT_IDEMPOTENCY_TIMINGS,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(request: IdempotencyRequest): Promise<ClaimResult> {
    const id = recordId(request);
    const now = this.now();
    const existing = this.records.get(id);
    const stale =
      existing !== undefined &&
      (existing.expiresAt < now ||
        (existing.response === undefined &&
          existing.lockedUntil < now &&
          existing.fingerprint === request.fingerprint));
    if (existing && !stale) {
      return existing.response
        ? { outcome: 'completed', fingerprint: existing.fingerprint, response: existing.response }
        : { outcome: 'in-progress', fingerprint: existing.fingerprint };
    }
    const token = randomUUID();
    this.records.set(id, {
      fingerprint: request.fingerprint,
      token,
      lockedUntil: now + this.timings.leaseMs,
      expiresAt: now + this.timings.retentionMs,
    });
    return { outcome: 'claimed', token };
  }

  async complete(
    request: IdempotencyRequest,
    token: string,
    response: StoredResponse,
  ): Promise<boolean> {
    const record = this.records.get(recordId(request));
    if (record?.token !== token) return false;
    record.response = response;
    record.expiresAt = this.now() + this.timings.retentionMs;
    return true;
  }

  async release(request: IdempotencyRequest, token: string): Promise<void> {
    const id = recordId(request);
    if (this.records.get(id)?.token === token) this.records.delete(id);
  }

  async close(): Promise<void> {
    this.records.clear();
  }
}

function recordId({ issuer, caller, municipality, key }: IdempotencyRequest): string {
  return JSON.stringify([issuer, caller, municipality, key]);
}
