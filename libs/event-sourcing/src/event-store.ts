/**
 * The event-store port. Every adapter (PostgreSQL, KurrentDB) implements it and passes the
 * same contract suite (`@samvirke/event-sourcing/testing`).
 *
 * Stream versions count events: a stream with 3 events is at version 3; a stream that does
 * not exist is at version 0.
 */
export type StreamVersion = number;

/** What the writer believes the stream's version is: a number, or 'any' to skip the check. */
export type ExpectedVersion = StreamVersion | 'any';

/** An opaque position in the store's global log, made and read only by its adapter. */
export type Checkpoint = string;

export interface EventToAppend<Type extends string = string, Data = unknown> {
  /** Unique per event; re-appending an event id already in the stream is a no-op. */
  eventId: string;
  type: Type;
  data: Data;
  metadata?: Record<string, unknown>;
}

export interface StoredEvent<Type extends string = string, Data = unknown> {
  eventId: string;
  type: Type;
  data: Data;
  metadata: Record<string, unknown>;
  streamId: string;
  /** 1 for the stream's first event. */
  streamVersion: StreamVersion;
  /** Position of this event in the global log: reading `readAll(after = this)` resumes after it. */
  position: Checkpoint;
  recordedAt: Date;
}

export interface AppendResult {
  /** The stream's version after the append: pass it as the next expected version. */
  nextExpectedVersion: StreamVersion;
  /** False when every event id was already in the stream and nothing was written. */
  appended: boolean;
}

/** One stream's part of `appendToStreams`. */
export interface StreamAppend {
  streamId: string;
  expectedVersion: ExpectedVersion;
  events: EventToAppend[];
}

export interface ReadStreamResult<Event extends StoredEvent = StoredEvent> {
  events: Event[];
  /** 0 when the stream does not exist. */
  version: StreamVersion;
}

export interface ReadAllResult {
  events: StoredEvent[];
  /** Where the next read resumes; equals `after` when nothing new was found. */
  checkpoint: Checkpoint | null;
}

export interface EventStore {
  /**
   * Appends atomically. Fails with `ConcurrencyError` when the stream is not at
   * `expectedVersion` (unless 'any'). Appending events whose ids are all already in the
   * stream, at the position they were first appended, writes nothing and succeeds.
   */
  appendToStream(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: EventToAppend[],
  ): Promise<AppendResult>;

  /**
   * Appends to several streams, each as `appendToStream` would (each append atomic on its own,
   * not all of them together), in the order given, which is their order in the global log; the
   * results in that order. For many small appends at once (an outbox): an adapter may write
   * them in one round trip. When one fails, the call fails with that append's error and the
   * others may or may not be written, each whole or not at all: call again, and the written
   * ones are repeats. A stream named twice is refused before anything is written.
   */
  appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]>;

  readStream(streamId: string): Promise<ReadStreamResult>;

  /**
   * Reads the global log after `after` (from the start when null), at most `limit` events.
   * Never skips an event: an event whose transaction commits later than a later-numbered
   * one is still returned, after it becomes visible, exactly once.
   */
  readAll(after: Checkpoint | null, limit: number): Promise<ReadAllResult>;

  /** Durable named checkpoints, for relays and projections. */
  loadCheckpoint(name: string): Promise<Checkpoint | null>;
  storeCheckpoint(name: string, checkpoint: Checkpoint): Promise<void>;

  close(): Promise<void>;
}

export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly streamId: string,
    readonly expectedVersion: ExpectedVersion,
    readonly actualVersion: StreamVersion | undefined,
  ) {
    super(
      `stream ${streamId} is at version ${actualVersion ?? 'unknown'}, expected ${String(expectedVersion)}`,
    );
  }
}

/**
 * Some, but not all, of the event ids being appended are already stored (or one is stored in
 * another stream). That is not a retry of an earlier append but a different write reusing ids,
 * so it is refused rather than half applied.
 */
export class EventIdConflictError extends Error {
  override readonly name = 'EventIdConflictError';
  constructor(
    readonly streamId: string,
    /** The ids of this append that are already stored. */
    readonly storedEventIds: string[],
  ) {
    super(
      `stream ${streamId}: event ids ${storedEventIds.join(', ')} are already stored, ` +
        'but not every event of this append is: an append is either new or a retry of one',
    );
  }
}

/** Refuses `appendToStreams` input that names a stream twice (its appends would have no order). */
export function refuseRepeatedStreams(appends: readonly StreamAppend[]): void {
  const seen = new Set<string>();
  for (const { streamId } of appends) {
    if (seen.has(streamId))
      throw new Error(
        `appendToStreams: stream ${streamId} is named twice; give it one append with all its events`,
      );
    seen.add(streamId);
  }
}

/** `appendToStreams` for an adapter without a faster way: each append in turn. */
export async function appendEachInTurn(
  store: Pick<EventStore, 'appendToStream'>,
  appends: readonly StreamAppend[],
): Promise<AppendResult[]> {
  refuseRepeatedStreams(appends);
  const results: AppendResult[] = [];
  for (const { streamId, expectedVersion, events } of appends)
    results.push(await store.appendToStream(streamId, expectedVersion, events));
  return results;
}
