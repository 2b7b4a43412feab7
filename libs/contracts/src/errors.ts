import type { SchemaError } from './catalog';

/** Why a message could not be turned into an envelope; the consumer dead-letters it with `reason`. */
export type UndecodableReason =
  | 'missing-header'
  | 'bad-header'
  | 'bad-key'
  | 'bad-json'
  | 'unknown-type'
  | 'schema-violation'
  | 'upcast-failed';

/**
 * A Kafka message that is not a Samvirke event we can read. `message` is the human reason
 * (fit for a dead-letter header); `code` is for metrics and tests.
 */
export class UndecodableEventError extends Error {
  override readonly name = 'UndecodableEventError';

  constructor(
    readonly code: UndecodableReason,
    readonly reason: string,
    readonly details: {
      eventId?: string;
      type?: string;
      errors?: readonly SchemaError[];
      cause?: unknown;
    } = {},
  ) {
    super(reason, details.cause === undefined ? undefined : { cause: details.cause });
  }

  get eventId(): string | undefined {
    return this.details.eventId;
  }

  get type(): string | undefined {
    return this.details.type;
  }

  get errors(): readonly SchemaError[] {
    return this.details.errors ?? [];
  }
}

/** An envelope a producer tried to build or publish that breaks the contract. */
export class InvalidEnvelopeError extends Error {
  override readonly name = 'InvalidEnvelopeError';

  constructor(
    readonly type: string,
    readonly errors: readonly SchemaError[],
  ) {
    super(
      `invalid ${type} envelope: ${errors.map((e) => `${e.path || '/'}: ${e.message}`).join('; ')}`,
    );
  }
}
