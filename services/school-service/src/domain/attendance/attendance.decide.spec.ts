import type { CatalogEvent } from '@samvirke/contracts';
import { given } from '@samvirke/event-sourcing/testing';
import {
  attendanceDecider,
  recordsAttendanceCommand,
  type RecordAbsence,
} from './attendance.decide';
import { absenceOn, streamIdForAttendance } from './attendance';

const recordAbsence: RecordAbsence = {
  type: 'RecordAbsence',
  data: {
    childRef: 'child-1',
    municipality: '0301',
    schoolId: 'school-0301-017',
    date: '2026-03-03',
    scope: 'full-day',
    documented: false,
  },
};
const absent: CatalogEvent<'no.samvirke.school.absence-recorded.v1'> = {
  type: 'no.samvirke.school.absence-recorded.v1',
  data: { schoolId: 'school-0301-017', date: '2026-03-03', scope: 'full-day', documented: false },
};
const partial: RecordAbsence = {
  ...recordAbsence,
  data: { ...recordAbsence.data, date: '2026-03-04', scope: 'partial', hours: 2 },
};
const partlyAbsent: CatalogEvent<'no.samvirke.school.absence-recorded.v1'> = {
  type: 'no.samvirke.school.absence-recorded.v1',
  data: {
    schoolId: 'school-0301-017',
    date: '2026-03-04',
    scope: 'partial',
    hours: 2,
    documented: false,
  },
};

describe('attendance', () => {
  it('names its stream by the child', () => {
    expect(streamIdForAttendance('child-1')).toBe('school-attendance-child-1');
  });

  it('records an absence, without the child or municipality in the payload', () => {
    given(attendanceDecider, []).when(recordAbsence).then([absent]);
  });

  it('records a partial absence with its hours', () => {
    given(attendanceDecider, [absent]).when(partial).then([partlyAbsent]);
  });

  it('records absences on different dates side by side', () => {
    const state = given(attendanceDecider, [absent]).when(partial).then([partlyAbsent]);
    expect(absenceOn(state, '2026-03-03')).toEqual(absent.data);
    expect(absenceOn(state, '2026-03-04')).toEqual(partlyAbsent.data);
  });

  it('does nothing when the identical absence for the same date is recorded again', () => {
    given(attendanceDecider, [absent, partlyAbsent]).when(recordAbsence).thenNothingHappens();
  });

  it('refuses a different absence for a date that already has one', () => {
    const error = given(attendanceDecider, [absent])
      .when({ ...recordAbsence, data: { ...recordAbsence.data, documented: true } })
      .thenThrows('absence-conflict');
    expect(error.message).toContain('2026-03-03');
  });

  it('refuses a second absence for the same date from another school', () => {
    given(attendanceDecider, [absent])
      .when({ ...recordAbsence, data: { ...recordAbsence.data, schoolId: 'school-0301-020' } })
      .thenThrows('absence-conflict');
  });

  it('refuses a partial absence with other hours for the same date', () => {
    given(attendanceDecider, [partlyAbsent])
      .when({ ...partial, data: { ...partial.data, hours: 3 } })
      .thenThrows('absence-conflict');
  });

  it('points a repeated absence at the event recorded for that date', () => {
    const history = [absent, partlyAbsent];
    expect(history.find((e) => recordsAttendanceCommand(e, partial))).toBe(partlyAbsent);
    expect(history.find((e) => recordsAttendanceCommand(e, recordAbsence))).toBe(absent);
  });
});
