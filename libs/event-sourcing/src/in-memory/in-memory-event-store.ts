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

/** What an in-memory store holds; two stores over one log behave like two connections to one database. */
export class InMemoryEventLog {
  readonly all: StoredEvent[] = [];
  readonly streams = new Map<string, StoredEvent[]>();
  readonly byEventId = new Map<string, StoredEvent>();
  readonly checkpoints = new Map<string, Checkpoint>();
}

export interface InMemoryEventStoreOptions {
  /** Share one log between store instances. A fresh log when absent. */
  log?: InMemoryEventLog;
  /** Stamps `recordedAt`. Defaults to the system clock; pass a fixed one in tests. */
  now?: () => Date;
}

/**
 * The event-store port in memory, for unit tests of command handlers and projections. It
 * passes the same contract suite as the database adapters. Data is copied through JSON on
 * the way in and out, as a database would, so a test cannot depend on shared object identity.
 */
export class InMemoryEventStore implements EventStore {
  readonly log: InMemoryEventLog;
  private readonly now: () => Date;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.log = options.log ?? new InMemoryEventLog();
    this.now = options.now ?? (() => new Date());
  }

  appendToStreams(appends: StreamAppend[]): Promise<AppendResult[]> {
    return appendEachInTurn(this, appends);
  }

  async appendToStream(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: EventToAppend[],
  ): Promise<AppendResult> {
    const stream = this.log.streams.get(streamId) ?? [];
    const stored = events.filter((event) => this.log.byEventId.has(event.eventId));
    const storedHere = stored.filter(
      (event) => this.log.byEventId.get(event.eventId)?.streamId === streamId,
    );
    if (events.length > 0 && storedHere.length === events.length) {
      return { nextExpectedVersion: stream.length, appended: false };
    }
    if (stored.length > 0)
      throw new EventIdConflictError(
        streamId,
        stored.map((event) => event.eventId),
      );
    if (new Set(events.map((event) => event.eventId)).size !== events.length) {
      throw new EventIdConflictError(streamId, duplicates(events.map((event) => event.eventId)));
    }
    if (expectedVersion !== 'any' && expectedVersion !== stream.length) {
      throw new ConcurrencyError(streamId, expectedVersion, stream.length);
    }
    const recordedAt = this.now();
    for (const event of events) {
      const position = String(this.log.all.length + 1);
      const record: StoredEvent = {
        eventId: event.eventId,
        type: event.type,
        data: copy(event.data),
        metadata: copy(event.metadata ?? {}),
        streamId,
        streamVersion: stream.length + 1,
        position,
        recordedAt,
      };
      stream.push(record);
      this.log.all.push(record);
      this.log.byEventId.set(record.eventId, record);
    }
    this.log.streams.set(streamId, stream);
    return { nextExpectedVersion: stream.length, appended: events.length > 0 };
  }

  async readStream(streamId: string): Promise<ReadStreamResult> {
    const stream = this.log.streams.get(streamId) ?? [];
    return { events: stream.map(copyEvent), version: stream.length };
  }

  async readAll(after: Checkpoint | null, limit: number): Promise<ReadAllResult> {
    const start = after === null ? 0 : parsePosition(after);
    const events = this.log.all.slice(start, start + limit).map(copyEvent);
    return { events, checkpoint: events.length > 0 ? events[events.length - 1].position : after };
  }

  async loadCheckpoint(name: string): Promise<Checkpoint | null> {
    return this.log.checkpoints.get(name) ?? null;
  }

  async storeCheckpoint(name: string, checkpoint: Checkpoint): Promise<void> {
    this.log.checkpoints.set(name, checkpoint);
  }

  async close(): Promise<void> {
    // Nothing to release: the log lives as long as someone holds it.
  }
}

function parsePosition(checkpoint: Checkpoint): number {
  const position = Number(checkpoint);
  if (!Number.isSafeInteger(position) || position < 0)
    throw new Error(`not an in-memory checkpoint: ${checkpoint}`);
  return position;
}

function copy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function copyEvent(event: StoredEvent): StoredEvent {
  return {
    ...event,
    data: copy(event.data),
    metadata: copy(event.metadata),
    recordedAt: new Date(event.recordedAt),
  };
}

function duplicates(ids: string[]): string[] {
  return ids.filter((id, index) => ids.indexOf(id) !== index);
}
