import type { KurrentDBClient, ReadPosition, RecordedEvent } from '@kurrent/kurrentdb-client';
import {
  appendEachInTurn,
  ConcurrencyError,
  EventIdConflictError,
  type AppendResult,
  type Checkpoint,
  type EventStore,
  type EventToAppend,
  type ExpectedVersion,
  type ReadAllResult,
  type ReadStreamResult,
  type StoredEvent,
  type StreamAppend,
} from '../event-store';
import {
  checkpointStream,
  decodePosition,
  encodePosition,
  isHiddenFromReadAll,
  toStreamState,
  toStreamVersion,
} from './mapping';

type KurrentModule = typeof import('@kurrent/kurrentdb-client');
let kurrentModule: Promise<KurrentModule> | undefined;

/** The gRPC client is loaded on first use, so services on PostgreSQL never pay for it. */
function kurrent(): Promise<KurrentModule> {
  kurrentModule ??= import('@kurrent/kurrentdb-client');
  return kurrentModule;
}

const CHECKPOINT_EVENT = 'samvirke.checkpoint-stored';

/**
 * The event-store port on KurrentDB (EventStoreDB) through its official Node client.
 *
 * - Versions: the port's version N is KurrentDB's revision N-1; version 0 is "no stream".
 * - Idempotency: before an append it reads the stream's event ids (one extra read; streams
 *   are short here), so that a repeat answers `appended: false` and a partial overlap is
 *   refused, as the port says.
 * - readAll reads `$all` without KurrentDB's own events and without checkpoint streams; a
 *   checkpoint is the `<commit>/<prepare>` position of the last event returned.
 * - Named checkpoints are events in a stream `samvirke-checkpoint-<name>` that keeps only its
 *   last event. (Streams starting with `$` are reserved to KurrentDB's administrators.)
 * - Event ids must be UUIDs. KurrentDB does not refuse one id in two streams.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly trimmedCheckpointStreams = new Set<string>();

  constructor(private readonly client: KurrentDBClient) {}

  /** Connects with a connection string, e.g. `kurrentdb://localhost:2113?tls=false`. */
  static async connect(connectionString: string): Promise<KurrentDbEventStore> {
    const { KurrentDBClient } = await kurrent();
    return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString));
  }

  appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    return appendEachInTurn(this, appends);
  }

  async appendToStream(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: EventToAppend[],
  ): Promise<AppendResult> {
    const ids = events.map((event) => event.eventId);
    const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
    if (repeated.length > 0) throw new EventIdConflictError(streamId, repeated);
    if (events.length === 0) {
      const { version } = await this.readStream(streamId);
      if (expectedVersion !== 'any' && expectedVersion !== version)
        throw new ConcurrencyError(streamId, expectedVersion, version);
      return { nextExpectedVersion: version, appended: false };
    }

    // KurrentDB only recognises a repeat written at the same expected revision; the port also
    // wants a repeat with 'any' or after later events, and a partial overlap refused.
    const already = await this.storedIds(streamId, ids);
    if (already.length > 0) return this.repeated(streamId, ids, already);

    const { jsonEvent } = await kurrent();
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((event) =>
          jsonEvent({
            id: event.eventId,
            type: event.type,
            data: toJson(event.data),
            metadata: event.metadata ?? {},
          }),
        ),
        { streamState: toStreamState(expectedVersion) },
      );
      return { nextExpectedVersion: Number(result.nextExpectedRevision) + 1, appended: true };
    } catch (error) {
      if (errorType(error) !== 'wrong-expected-version') throw error;
      const stored = await this.storedIds(streamId, ids);
      if (stored.length > 0) return this.repeated(streamId, ids, stored);
      const actual = toStreamVersion((error as { actualState?: 'no_stream' | bigint }).actualState);
      throw new ConcurrencyError(streamId, expectedVersion, actual);
    }
  }

  async readStream(streamId: string): Promise<ReadStreamResult> {
    const events: StoredEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        fromRevision: 'start',
        direction: 'forwards',
      })) {
        if (resolved.event) events.push(toStoredEvent(resolved.event));
      }
    } catch (error) {
      if (errorType(error) === 'stream-not-found') return { events: [], version: 0 };
      throw error;
    }
    return { events, version: events.length > 0 ? events[events.length - 1].streamVersion : 0 };
  }

  async readAll(after: Checkpoint | null, limit: number): Promise<ReadAllResult> {
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new Error(`readAll limit must be a positive integer, got ${limit}`);
    const { excludeSystemEvents } = await kurrent();
    const events: StoredEvent[] = [];
    let checkpoint = after;
    // Checkpoint streams are filtered here, not on the server, so a page of only those goes on reading.
    for (;;) {
      const from: ReadPosition = checkpoint === null ? 'start' : decodePosition(checkpoint);
      // The read starts at `from` itself, which the caller has already seen.
      const requested = limit - events.length + (checkpoint === null ? 0 : 1);
      let received = 0;
      for await (const resolved of this.client.readAll({
        fromPosition: from,
        maxCount: requested,
        direction: 'forwards',
        filter: excludeSystemEvents(),
      })) {
        received++;
        const recorded = resolved.event;
        if (!recorded?.position) continue;
        const position = encodePosition(recorded.position);
        if (position === checkpoint) continue;
        checkpoint = position;
        if (!isHiddenFromReadAll(recorded)) events.push(toStoredEvent(recorded));
        if (events.length >= limit) break;
      }
      if (events.length >= limit || received < requested) return { events, checkpoint };
    }
  }

  async loadCheckpoint(name: string): Promise<Checkpoint | null> {
    try {
      for await (const resolved of this.client.readStream(checkpointStream(name), {
        fromRevision: 'end',
        direction: 'backwards',
        maxCount: 1,
      })) {
        const data = resolved.event?.data as { checkpoint?: unknown } | undefined;
        if (typeof data?.checkpoint === 'string') return data.checkpoint;
      }
    } catch (error) {
      if (errorType(error) === 'stream-not-found') return null;
      throw error;
    }
    return null;
  }

  async storeCheckpoint(name: string, checkpoint: Checkpoint): Promise<void> {
    const stream = checkpointStream(name);
    const { jsonEvent } = await kurrent();
    await this.client.appendToStream(
      stream,
      jsonEvent({ type: CHECKPOINT_EVENT, data: { checkpoint } }),
      { streamState: 'any' },
    );
    if (!this.trimmedCheckpointStreams.has(stream)) {
      // Only the last checkpoint matters; KurrentDB scavenges the older ones.
      await this.client.setStreamMetadata(stream, { maxCount: 1 });
      this.trimmedCheckpointStreams.add(stream);
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  /** The ids among `ids` already stored in the stream. */
  private async storedIds(streamId: string, ids: string[]): Promise<string[]> {
    const wanted = new Set(ids);
    const found: string[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, {
        fromRevision: 'start',
        direction: 'forwards',
      })) {
        if (resolved.event && wanted.has(resolved.event.id)) found.push(resolved.event.id);
      }
    } catch (error) {
      if (errorType(error) === 'stream-not-found') return [];
      throw error;
    }
    return found;
  }

  private async repeated(streamId: string, ids: string[], stored: string[]): Promise<AppendResult> {
    if (stored.length < ids.length) throw new EventIdConflictError(streamId, stored);
    const { version } = await this.readStream(streamId);
    return { nextExpectedVersion: version, appended: false };
  }
}

function toStoredEvent(recorded: RecordedEvent): StoredEvent {
  return {
    eventId: recorded.id,
    type: recorded.type,
    data: recorded.data,
    metadata: isRecord(recorded.metadata) ? recorded.metadata : {},
    streamId: recorded.streamId,
    streamVersion: Number(recorded.revision) + 1,
    position: recorded.position ? encodePosition(recorded.position) : '',
    recordedAt: recorded.created,
  };
}

/** The client takes JSON objects, arrays or strings as data; anything else travels inside a string's JSON. */
function toJson(data: unknown): Record<string, unknown> | unknown[] | string {
  if (Array.isArray(data) || typeof data === 'string' || isRecord(data)) return data;
  return JSON.stringify(data ?? null);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array)
  );
}

/** The client's errors carry a string `type` (its `ErrorType`), which needs no class import. */
function errorType(error: unknown): string | undefined {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : undefined;
}
