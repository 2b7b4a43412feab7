/**
 * A decider: the pure core of an aggregate. `decide` turns a command and the current state
 * into the events that record what happened (or throws a `DomainError`); `evolve` folds one
 * event into the state. Neither does I/O nor reads the clock.
 */
export interface Decider<Command, State, Event> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

/**
 * A fact that contradicts the stream (a discharge before its admission, a second review).
 * The HTTP edge answers it with 409 and the message as the problem's detail.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    message: string,
    /** A short, stable, machine-readable reason, e.g. `not-admitted`. */
    readonly code: string,
  ) {
    super(message);
  }
}

export function fold<State, Event>(
  decider: Pick<Decider<unknown, State, Event>, 'evolve' | 'initialState'>,
  events: Event[],
): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState());
}
