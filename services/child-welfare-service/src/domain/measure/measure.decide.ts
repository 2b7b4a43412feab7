import { DomainError, type Decider } from '@samvirke/event-sourcing';
import {
  measureDecidedV1,
  measureEvaluatedV1,
  type MeasureDecidedV1,
  type MeasureEvaluatedV1,
} from '@samvirke/contracts';
import { isBefore, sameInstant } from '@samvirke/contracts';
import {
  evolveMeasure,
  initialMeasureState,
  type MeasureEvent,
  type MeasureState,
} from './measure';

type Child = { childRef: string; municipality: string };

export type DecideMeasure = { type: 'DecideMeasure'; data: MeasureDecidedV1 & Child };
export type EvaluateMeasure = { type: 'EvaluateMeasure'; data: MeasureEvaluatedV1 };
export type MeasureCommand = DecideMeasure | EvaluateMeasure;

export function decideMeasure(command: MeasureCommand, state: MeasureState): MeasureEvent[] {
  switch (command.type) {
    case 'DecideMeasure':
      return decideOn(command.data, state);
    case 'EvaluateMeasure':
      return evaluate(command.data, state);
    default: {
      const _: never = command;
      throw new TypeError(`unknown measure command ${JSON.stringify(_)}`);
    }
  }
}

function decideOn(
  { measureId, kind, decidedAt }: DecideMeasure['data'],
  state: MeasureState,
): MeasureEvent[] {
  if (state.status === 'decided') {
    const was = state.measure;
    if (was.kind === kind && sameInstant(was.decidedAt, decidedAt)) return [];
    throw new DomainError(
      `measure ${measureId} is already recorded (${was.kind}, decided ${was.decidedAt}) with other facts`,
      'measure-conflict',
    );
  }
  return [{ type: measureDecidedV1.type, data: { measureId, kind, decidedAt } }];
}

function evaluate(
  { measureId, evaluatedAt }: MeasureEvaluatedV1,
  state: MeasureState,
): MeasureEvent[] {
  if (state.status === 'unknown') {
    throw new DomainError(
      `measure ${measureId} has not been decided, so it cannot be evaluated`,
      'measure-not-decided',
    );
  }
  // Evaluations repeat by design; only one at the very same instant is the same evaluation.
  if (state.evaluations.some((at) => sameInstant(at, evaluatedAt))) return [];
  if (isBefore(evaluatedAt, state.measure.decidedAt)) {
    throw new DomainError(
      `evaluation at ${evaluatedAt} is before the measure was decided at ${state.measure.decidedAt}`,
      'evaluation-before-decision',
    );
  }
  return [{ type: measureEvaluatedV1.type, data: { measureId, evaluatedAt } }];
}

/** True for the stored event that recorded the fact a command states (the edge's 200 answer). */
export function recordsMeasureCommand(event: MeasureEvent, command: MeasureCommand): boolean {
  switch (command.type) {
    case 'DecideMeasure':
      return event.type === measureDecidedV1.type;
    case 'EvaluateMeasure':
      return (
        event.type === measureEvaluatedV1.type &&
        sameInstant(event.data.evaluatedAt, command.data.evaluatedAt)
      );
  }
}

export const measureDecider: Decider<MeasureCommand, MeasureState, MeasureEvent> = {
  decide: decideMeasure,
  evolve: evolveMeasure,
  initialState: initialMeasureState,
};
