import { DomainError, fold, type Decider } from '../decider';

/**
 * A decider test that reads as a specification:
 *
 * ```ts
 * given(admission, [admitted]).when(recordDischarge).then([dischargeRecorded]);
 * given(admission, []).when(recordDischarge).thenThrows('not-admitted');
 * ```
 *
 * `given` folds the history with `evolve` from `initialState()`, `when` runs `decide` on
 * that state, `then` compares the events it returned with the expected ones (deep equality,
 * in order), `thenThrows` expects a `DomainError` with that code.
 */
export function given<Command, State, Event>(
  decider: Decider<Command, State, Event>,
  history: Event[],
): Given<Command, State, Event> {
  return {
    when: (command) => new When(decider, history, command),
  };
}

export interface Given<Command, State, Event> {
  when(command: Command): When<Command, State, Event>;
}

export class When<Command, State, Event> {
  constructor(
    private readonly decider: Decider<Command, State, Event>,
    private readonly history: Event[],
    private readonly command: Command,
  ) {}

  /** Expects `decide` to return exactly these events; returns the state after them, for further checks. */
  then(expected: Event[]): State {
    // An object with a `then` method is awaitable: awaiting `when(...)` would call this with callbacks.
    if (typeof expected === 'function') {
      throw new Error('do not await given(...).when(...): call .then([expected events]) on it');
    }
    const state = fold(this.decider, this.history);
    let events: Event[];
    try {
      events = this.decider.decide(this.command, state);
    } catch (error) {
      throw new Error(`expected events, but decide threw ${describeError(error)}`, {
        cause: error,
      });
    }
    expect(events).toEqual(expected);
    return events.reduce((s, e) => this.decider.evolve(s, e), state);
  }

  /** Expects `decide` to return no events (a repeated command that changes nothing). Same as `then([])`. */
  thenNothingHappens(): State {
    return this.then([]);
  }

  /** Expects `decide` to throw a `DomainError` with this code; returns the error for further checks. */
  thenThrows(code: string): DomainError {
    const state = fold(this.decider, this.history);
    let events: Event[];
    try {
      events = this.decider.decide(this.command, state);
    } catch (error) {
      if (!(error instanceof DomainError)) {
        throw new Error(
          `expected a DomainError '${code}', but decide threw ${describeError(error)}`,
          { cause: error },
        );
      }
      if (error.code !== code) {
        throw new Error(
          `expected a DomainError '${code}', but it was '${error.code}': ${error.message}`,
          { cause: error },
        );
      }
      return error;
    }
    throw new Error(
      `expected a DomainError '${code}', but decide returned ${JSON.stringify(events)}`,
    );
  }
}

function describeError(error: unknown): string {
  if (error instanceof DomainError) return `DomainError '${error.code}': ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
