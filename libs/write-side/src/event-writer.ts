import { catalogEntry, makeEnvelope } from '@samvirke/contracts';
import {
  DomainError,
  handleCommand,
  type Decider,
  type EventStore,
  type StoredEvent,
} from '@samvirke/event-sourcing';
import { eventToAppend } from '@samvirke/messaging';
import { ProblemException, ProblemType, reaches, type Reach } from '@samvirke/platform';

/** A domain event as deciders return it: the catalog's type name and its data. */
export interface DomainEvent {
  type: string;
  data: unknown;
}

/** The child a stream is about, and the municipality it belongs to. */
export interface StreamChild {
  childRef: string;
  municipality: string;
}

/** Who asked: for tracing, the request's correlation id and what caused this command; for trust, what the caller serves. */
export interface RequestContext {
  correlationId: string;
  causationId: string;
  /** The municipalities the caller's token serves: a fact about a child of another one is refused (403). */
  reach: Reach;
}

export interface Write<Command, State, Event extends DomainEvent> {
  decider: Decider<Command, State, Event>;
  streamId: string;
  command: Command;
  /**
   * Who the fact is about, for a command that may start its stream. A command on an existing
   * stream (a discharge of an admission) leaves it out: the stream's first event says.
   */
  child?: StreamChild;
  /** Kept with the stream's first event, encrypted under the child's own key; never published. */
  sealedPersonalId?: () => Promise<string>;
  /** Which stored event a repeated command had recorded, for the answer to the repeat. */
  isRepeatOf: (event: Event, command: Command) => boolean;
  /** The domain event a stored one is folded as, when the decider needs more than `{type, data}` (the envelope's municipality). */
  fromStoredEvent?: (stored: StoredEvent) => Event;
  context: RequestContext;
  /** What to call the stream in a refusal, e.g. `admission A-17`. */
  describe: string;
  /**
   * The request field a 403 names when the caller does not serve the municipality: default
   * `municipality` when `child` is given (the fact named it), else the field naming the stream.
   */
  municipalityField?: string;
}

/** What a command that may start a stream adds to its write: who the stream is about. */
export type StreamStart = Pick<
  Write<unknown, unknown, never>,
  'child' | 'sealedPersonalId' | 'municipalityField'
>;

/** An aggregate as its HTTP edge writes to it: its decider, its streams, how a repeat is known. */
export interface Aggregate<Command, State, Event extends DomainEvent> {
  /** What a coordinator would call one, e.g. `admission`: refusals read `admission A-17 …`. */
  name: string;
  decider: Decider<Command, State, Event>;
  streamIdFor: (id: string) => string;
  isRepeatOf: (event: Event, command: Command) => boolean;
  /**
   * The field that carries the id, e.g. `admissionId` (a refusal of a follow-on fact names it),
   * or `childRef` for a stream per child (`ChildStreams` reads the id from the fact's field).
   */
  idField: string;
}

export interface WriteOutcome {
  /** False when the command repeated a fact already recorded: nothing was appended. */
  created: boolean;
  eventId: string;
  childRef: string;
  type: string;
}

export interface EventWriterOptions {
  store: EventStore;
  /** CloudEvents `source`, e.g. `/samvirke/health-service`. */
  source: string;
  clock: () => Date;
  /** Told after every append, so the relay publishes at once instead of at its next poll. */
  onAppended?: (count: number) => void;
}

/** Metadata key of the sealed personal id: read only inside the sector service. */
export const SEALED_PERSONAL_ID = 'sealedPersonalId';

/**
 * The write path every service shares: load the stream, decide, and append each new event
 * as a CloudEvents envelope (source, subject = childRef, time = when it happened, municipality,
 * correlation and causation) with optimistic concurrency. A repeat of a recorded fact appends
 * nothing and answers with the recorded event's id.
 */
export class EventWriter {
  constructor(private readonly options: EventWriterOptions) {}

  /** `write` to the aggregate with this id. */
  writeTo<Command, State, Event extends DomainEvent>(
    aggregate: Aggregate<Command, State, Event>,
    id: string,
    command: Command,
    context: RequestContext,
    start: StreamStart = {},
  ): Promise<WriteOutcome> {
    return this.write({
      decider: aggregate.decider,
      streamId: aggregate.streamIdFor(id),
      command,
      isRepeatOf: aggregate.isRepeatOf,
      context,
      describe: `${aggregate.name} ${id}`,
      municipalityField: start.child ? 'municipality' : aggregate.idField,
      ...start,
    });
  }

  async write<Command, State, Event extends DomainEvent>(
    write: Write<Command, State, Event>,
  ): Promise<WriteOutcome> {
    const { store, source, clock } = this.options;
    let child: StreamChild | undefined;
    // Sealing asks the keyring: only for the event that starts a stream, and only once.
    let sealing: Promise<string> | undefined;
    const result = await handleCommand(
      {
        decider: write.decider,
        store,
        guard: (stream) => assertServed(write, stream.events),
        ...(write.fromStoredEvent ? { fromStoredEvent: write.fromStoredEvent } : {}),
        toEventToAppend: async (event, { stream, index }) => {
          child ??= childOf(stream.events, write);
          const envelope = makeEnvelope({
            type: event.type,
            data: event.data,
            source,
            subject: child.childRef,
            municipality: child.municipality,
            time: occurredAt(event),
            recordedAt: clock().toISOString(),
            correlationId: write.context.correlationId,
            causationId: write.context.causationId,
          });
          const append = eventToAppend(envelope);
          if (index === 0 && stream.version === 0 && write.sealedPersonalId) {
            sealing ??= write.sealedPersonalId();
            append.metadata = { ...append.metadata, [SEALED_PERSONAL_ID]: await sealing };
          }
          return append;
        },
      },
      write.streamId,
      write.command,
    );

    if (result.appended) {
      this.options.onAppended?.(result.appendedEvents.length);
      const first = result.appendedEvents[0];
      return {
        created: true,
        eventId: first.eventId,
        childRef: String(first.metadata?.['subject']),
        type: first.type,
      };
    }
    const owner = childOf(result.stream.events, write);
    const repeated = [...result.stream.events]
      .reverse()
      .find((stored) =>
        write.isRepeatOf({ type: stored.type, data: stored.data } as Event, write.command),
      );
    if (!repeated) {
      // decide() answered "nothing new" but no stored fact matches: a decider bug, not the caller's.
      throw new Error(`${write.describe}: command changed nothing and matches no recorded event`);
    }
    return {
      created: false,
      eventId: repeated.eventId,
      childRef: owner.childRef,
      type: repeated.type,
    };
  }
}

/**
 * The one check of who may write for which municipality, on the loaded stream before anything
 * is decided (so a refusal says nothing of the stream): the municipality the fact names, or for
 * a follow-on fact (a discharge) that of its stream.
 */
function assertServed(
  write: Pick<
    Write<unknown, unknown, never>,
    'context' | 'child' | 'municipalityField' | 'describe'
  >,
  events: StoredEvent[],
): void {
  const { reach } = write.context;
  if (reach === 'national') return;
  let municipality = write.child?.municipality;
  if (municipality === undefined) {
    const latest = events.at(-1);
    // An unknown stream is refused by the decider as it always was; it names no municipality.
    if (!latest) return;
    municipality = String(latest.metadata['municipality']);
  }
  if (reaches(reach, municipality)) return;
  const field = write.municipalityField ?? (write.child ? 'municipality' : 'id');
  const message = write.child
    ? `municipality ${municipality} is not one this token serves`
    : `${write.describe} belongs to a municipality this token does not serve`;
  throw ProblemException.of(403, 'Your token does not serve the municipality this fact is about.', {
    type: ProblemType.municipalityNotServed,
    errors: [{ field, message }],
  });
}

function childOf(
  events: StoredEvent[],
  write: { child?: StreamChild; describe: string },
): StreamChild {
  const first = events[0];
  if (!first) {
    if (write.child) return write.child;
    throw new DomainError(`${write.describe} is not known here`, 'unknown');
  }
  const childRef = String(first.metadata['subject']);
  if (write.child && write.child.childRef !== childRef) {
    throw new DomainError(
      `${write.describe} is already recorded for another child`,
      'another-child',
    );
  }
  // A child may move: a fact that names its municipality is stamped with it; one that does
  // not (a discharge) belongs where the stream's latest fact was.
  const latest = events[events.length - 1];
  return {
    childRef,
    municipality: write.child?.municipality ?? String(latest.metadata['municipality']),
  };
}

function occurredAt(event: DomainEvent): string {
  const field = catalogEntry(event.type)?.occurredAtField;
  const value = field ? (event.data as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'string')
    throw new Error(`${event.type} has no occurred-at field in the catalog`);
  // A date-only fact (an absence on a date) happened at the start of that day in Norway.
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? osloMidnight(value) : value;
}

/** `YYYY-MM-DD` as the RFC 3339 time of midnight in Europe/Oslo (+01:00, or +02:00 in summer time). */
export function osloMidnight(date: string): string {
  // Midnight is never inside a clock change in Norway (they happen at 02:00 and 03:00), so
  // exactly one of the two offsets gives a moment that Oslo's clock reads as 00:00 that day.
  for (const offset of ['+01:00', '+02:00']) {
    const time = `${date}T00:00:00${offset}`;
    const local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Oslo',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(time));
    if (local === `${date} 00:00`) return time;
  }
  throw new Error(`no midnight in Oslo on ${date}`);
}
