import {
  enrolmentRecordedV1,
  type EnrolmentRecordedV1,
  type CatalogEvent,
} from '@samvirke/contracts';

/**
 * Where the child goes to school, and from when. The contract gives an enrolment no id of its
 * own, so one stream per child holds them all, one per `from` date: a move to another school
 * or stage is a new enrolment from a later date, never an edit of an earlier one.
 */

export type EnrolmentEvent = CatalogEvent<typeof enrolmentRecordedV1.type>;

/** No lifecycle, only a growing history, so one shape: an empty record means never enrolled here. */
export type EnrolmentState = {
  /** Keyed by `from` (YYYY-MM-DD). */
  enrolmentsByFrom: Readonly<Record<string, EnrolmentRecordedV1>>;
};

export const streamIdForEnrolment = (childRef: string): string => `school-enrolment-${childRef}`;

export const initialEnrolmentState = (): EnrolmentState => ({ enrolmentsByFrom: {} });

export function enrolmentFrom(
  state: EnrolmentState,
  from: string,
): EnrolmentRecordedV1 | undefined {
  return Object.hasOwn(state.enrolmentsByFrom, from) ? state.enrolmentsByFrom[from] : undefined;
}

/** Folds one stored fact into the state; a second enrolment from the same date is ignored. */
export function evolveEnrolment(state: EnrolmentState, event: EnrolmentEvent): EnrolmentState {
  switch (event.type) {
    case enrolmentRecordedV1.type:
      return enrolmentFrom(state, event.data.from)
        ? state
        : { enrolmentsByFrom: { ...state.enrolmentsByFrom, [event.data.from]: event.data } };
    default: {
      const _: never = event.type;
      return state;
    }
  }
}
