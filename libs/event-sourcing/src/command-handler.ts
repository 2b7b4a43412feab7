import { fold, type Decider } from './decider';
import {
  ConcurrencyError,
  type EventStore,
  type EventToAppend,
  type ReadStreamResult,
  type StoredEvent,
  type StreamVersion,
} from './event-store';

export interface CommandContext<Command> {
  streamId: string;
  command: Command;
  /** The version the stream was at when `decide` ran. */
  expectedVersion: StreamVersion;
  /** The event's index among the events of this decision. */
  index: number;
  /** The stream as loaded for this decision. */
  stream: ReadStreamResult;
}

export interface CommandHandlerOptions<Command, State, Event> {
  decider: Decider<Command, State, Event>;
  store: EventStore;
  /**
   * Gives a new domain event its stored form. The event id decides idempotency: derive it
   * from the command's idempotency key to make a retried command a no-op, or make a fresh one.
   */
  toEventToAppend: (
    event: Event,
    context: CommandContext<Command>,
  ) => EventToAppend | Promise<EventToAppend>;
  /** Turns a stored event back into the domain event `evolve` folds. Default: `{ type, data }`. */
  fromStoredEvent?: (event: StoredEvent) => Event;
  /** Runs on each loaded stream before `decide`: throw to refuse the command without deciding anything. */
  guard?: (stream: ReadStreamResult) => void | Promise<void>;
  /** How many times to load, decide and append in all before a ConcurrencyError is rethrown. Default 4. */
  maxAttempts?: number;
}

export interface CommandResult<State, Event> {
  /** The stream's state after this command. */
  state: State;
  /** The events `decide` returned on the attempt that was stored (none when the command changed nothing). */
  newEvents: Event[];
  /** Those events as written, each with the stream version it got. */
  appendedEvents: Array<EventToAppend & { streamVersion: StreamVersion }>;
  /** Pass this as the expected version of the next append to the stream. */
  nextExpectedVersion: StreamVersion;
  /** False when there was nothing to write or every event id was already stored (a retried command). */
  appended: boolean;
  /** 1 unless the stream moved under us and the command was decided again. */
  attempts: number;
  /** The stream as last loaded, before this command's events: where a repeat finds what it repeats. */
  stream: ReadStreamResult;
}

/**
 * Loads the stream, folds it with `evolve`, runs `decide` and appends the new events with
 * the version it loaded as the expected version. When another writer got there first
 * (`ConcurrencyError`), it loads and decides again, up to `maxAttempts` times in all, then
 * rethrows. A `DomainError` from `decide` is never retried: the facts said no.
 */
export async function handleCommand<Command, State, Event>(
  options: CommandHandlerOptions<Command, State, Event>,
  streamId: string,
  command: Command,
): Promise<CommandResult<State, Event>> {
  const { decider, store, toEventToAppend } = options;
  const fromStored = options.fromStoredEvent ?? defaultFromStoredEvent<Event>;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);

  for (let attempt = 1; ; attempt++) {
    const loaded = await store.readStream(streamId);
    await options.guard?.(loaded);
    const state = fold(decider, loaded.events.map(fromStored));
    const newEvents = decider.decide(command, state);
    if (newEvents.length === 0) {
      return {
        state,
        newEvents,
        appendedEvents: [],
        nextExpectedVersion: loaded.version,
        appended: false,
        attempts: attempt,
        stream: loaded,
      };
    }
    const toAppend = await Promise.all(
      newEvents.map((event, index) =>
        toEventToAppend(event, {
          streamId,
          command,
          expectedVersion: loaded.version,
          index,
          stream: loaded,
        }),
      ),
    );
    try {
      const result = await store.appendToStream(streamId, loaded.version, toAppend);
      if (!result.appended) {
        // Every id was stored already, perhaps after other events: the stream, not our guess, says what the state is.
        const current = await store.readStream(streamId);
        return {
          state: fold(decider, current.events.map(fromStored)),
          newEvents: [],
          appendedEvents: [],
          nextExpectedVersion: current.version,
          appended: false,
          attempts: attempt,
          stream: current,
        };
      }
      return {
        state: newEvents.reduce((s, event) => decider.evolve(s, event), state),
        newEvents,
        appendedEvents: toAppend.map((event, index) => ({
          ...event,
          streamVersion: loaded.version + index + 1,
        })),
        nextExpectedVersion: result.nextExpectedVersion,
        appended: true,
        attempts: attempt,
        stream: loaded,
      };
    } catch (error) {
      if (!(error instanceof ConcurrencyError) || attempt >= maxAttempts) throw error;
    }
  }
}

/** `handleCommand` with the decider, store and mappings bound once, for a service's command path. */
export function commandHandler<Command, State, Event>(
  options: CommandHandlerOptions<Command, State, Event>,
): (streamId: string, command: Command) => Promise<CommandResult<State, Event>> {
  return (streamId, command) => handleCommand(options, streamId, command);
}

function defaultFromStoredEvent<Event>(event: StoredEvent): Event {
  return { type: event.type, data: event.data } as Event;
}
