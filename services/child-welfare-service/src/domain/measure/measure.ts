import {
  measureDecidedV1,
  measureEvaluatedV1,
  type MeasureDecidedV1,
  type CatalogEvent,
} from '@samvirke/contracts';

/**
 * A support measure (hjelpetiltak): decided once, then evaluated against its action plan as
 * often as needed (barnevernsloven ch. 8). One stream per measure id.
 */

export type MeasureEvent = CatalogEvent<
  typeof measureDecidedV1.type | typeof measureEvaluatedV1.type
>;

export type MeasureState =
  | { status: 'unknown' }
  | {
      status: 'decided';
      measure: MeasureDecidedV1;
      /** `evaluatedAt` of each evaluation, in the order recorded. */
      evaluations: readonly string[];
    };

export const streamIdForMeasure = (measureId: string): string =>
  `childwelfare-measure-${measureId}`;

export const initialMeasureState = (): MeasureState => ({ status: 'unknown' });

/** Folds one stored fact into the state; a fact that cannot follow the state leaves it as it was. */
export function evolveMeasure(state: MeasureState, event: MeasureEvent): MeasureState {
  switch (event.type) {
    case measureDecidedV1.type:
      return state.status === 'unknown'
        ? { status: 'decided', measure: event.data, evaluations: [] }
        : state;
    case measureEvaluatedV1.type:
      return state.status === 'decided'
        ? { ...state, evaluations: [...state.evaluations, event.data.evaluatedAt] }
        : state;
    default: {
      const _: never = event;
      return state;
    }
  }
}
