import { DomainError, type Decider } from '@samvirke/event-sourcing';
import { absenceRecordedV1, type AbsenceRecordedV1 } from '@samvirke/contracts';
import {
  absenceOn,
  evolveAttendance,
  initialAttendanceState,
  type AttendanceEvent,
  type AttendanceState,
} from './attendance';

type Child = { childRef: string; municipality: string };

export type RecordAbsence = { type: 'RecordAbsence'; data: AbsenceRecordedV1 & Child };
export type AttendanceCommand = RecordAbsence;

export function decideAttendance(
  command: AttendanceCommand,
  state: AttendanceState,
): AttendanceEvent[] {
  switch (command.type) {
    case 'RecordAbsence':
      return recordAbsence(command.data, state);
    default: {
      const _: never = command.type;
      throw new TypeError(`unknown attendance command ${JSON.stringify(command)}`);
    }
  }
}

function recordAbsence(
  { schoolId, date, scope, hours, documented }: RecordAbsence['data'],
  state: AttendanceState,
): AttendanceEvent[] {
  const was = absenceOn(state, date);
  if (was) {
    // The contract: a second absence for the same date replaces nothing; identical is a repeat.
    if (
      was.schoolId === schoolId &&
      was.scope === scope &&
      was.hours === hours &&
      was.documented === documented
    ) {
      return [];
    }
    throw new DomainError(
      `an absence on ${date} is already recorded (${describe(was)}); a second one for the same date replaces nothing`,
      'absence-conflict',
    );
  }
  const data: AbsenceRecordedV1 =
    hours === undefined
      ? { schoolId, date, scope, documented }
      : { schoolId, date, scope, hours, documented };
  return [{ type: absenceRecordedV1.type, data }];
}

function describe({ schoolId, scope, hours, documented }: AbsenceRecordedV1): string {
  const extent = hours === undefined ? scope : `${scope}, ${hours} h`;
  return `${extent} at ${schoolId}, ${documented ? 'documented' : 'undocumented'}`;
}

/** True for the stored event that recorded the fact a command states (the edge's 200 answer). */
export function recordsAttendanceCommand(
  event: AttendanceEvent,
  command: AttendanceCommand,
): boolean {
  return event.type === absenceRecordedV1.type && event.data.date === command.data.date;
}

export const attendanceDecider: Decider<AttendanceCommand, AttendanceState, AttendanceEvent> = {
  decide: decideAttendance,
  evolve: evolveAttendance,
  initialState: initialAttendanceState,
};
