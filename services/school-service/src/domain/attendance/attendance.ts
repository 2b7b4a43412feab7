import { absenceRecordedV1, type AbsenceRecordedV1, type CatalogEvent } from '@samvirke/contracts';

/**
 * A child's school attendance: the days the child was absent, at most one absence per date.
 * One stream per child (the childRef), because the rule "one per child and date" spans every
 * school the child attends; the school is part of the recorded fact.
 */

export type AttendanceEvent = CatalogEvent<typeof absenceRecordedV1.type>;

/**
 * No lifecycle here, only a growing set of days, so the state is one shape rather than status
 * variants: an empty record means no absence has been recorded.
 */
export type AttendanceState = {
  /** Keyed by `date` (YYYY-MM-DD). */
  absencesByDate: Readonly<Record<string, AbsenceRecordedV1>>;
};

export const streamIdForAttendance = (childRef: string): string => `school-attendance-${childRef}`;

export const initialAttendanceState = (): AttendanceState => ({ absencesByDate: {} });

export function absenceOn(state: AttendanceState, date: string): AbsenceRecordedV1 | undefined {
  return Object.hasOwn(state.absencesByDate, date) ? state.absencesByDate[date] : undefined;
}

/** Folds one stored fact into the state; a second absence for a date cannot follow and is ignored. */
export function evolveAttendance(state: AttendanceState, event: AttendanceEvent): AttendanceState {
  switch (event.type) {
    case absenceRecordedV1.type:
      return absenceOn(state, event.data.date)
        ? state
        : { absencesByDate: { ...state.absencesByDate, [event.data.date]: event.data } };
    default: {
      const _: never = event.type;
      return state;
    }
  }
}
