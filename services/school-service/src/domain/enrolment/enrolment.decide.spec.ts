import type { CatalogEvent } from '@samvirke/contracts';
import { given } from '@samvirke/event-sourcing/testing';
import {
  enrolmentDecider,
  recordsEnrolmentCommand,
  type RecordEnrolment,
} from './enrolment.decide';
import { enrolmentFrom, streamIdForEnrolment } from './enrolment';

const enrol: RecordEnrolment = {
  type: 'RecordEnrolment',
  data: {
    childRef: 'child-1',
    municipality: '0301',
    schoolId: 'school-0301-017',
    stage: 'primary',
    from: '2025-08-18',
  },
};
const enrolled: CatalogEvent<'no.samvirke.school.enrolment-recorded.v1'> = {
  type: 'no.samvirke.school.enrolment-recorded.v1',
  data: { schoolId: 'school-0301-017', stage: 'primary', from: '2025-08-18' },
};
const move: RecordEnrolment = {
  ...enrol,
  data: {
    ...enrol.data,
    schoolId: 'school-0301-040',
    stage: 'lower-secondary',
    from: '2026-08-17',
  },
};
const moved: CatalogEvent<'no.samvirke.school.enrolment-recorded.v1'> = {
  type: 'no.samvirke.school.enrolment-recorded.v1',
  data: { schoolId: 'school-0301-040', stage: 'lower-secondary', from: '2026-08-17' },
};

describe('enrolment', () => {
  it('names its stream by the child', () => {
    expect(streamIdForEnrolment('child-1')).toBe('school-enrolment-child-1');
  });

  it('records an enrolment, without the child or municipality in the payload', () => {
    given(enrolmentDecider, []).when(enrol).then([enrolled]);
  });

  it('records a move to another school from a later date as a new enrolment', () => {
    const state = given(enrolmentDecider, [enrolled]).when(move).then([moved]);
    expect(enrolmentFrom(state, '2025-08-18')).toEqual(enrolled.data);
    expect(enrolmentFrom(state, '2026-08-17')).toEqual(moved.data);
  });

  it('does nothing when the same enrolment is recorded again', () => {
    given(enrolmentDecider, [enrolled, moved]).when(enrol).thenNothingHappens();
  });

  it('refuses a different enrolment from a date that already has one', () => {
    given(enrolmentDecider, [enrolled])
      .when({ ...enrol, data: { ...enrol.data, schoolId: 'school-0301-099' } })
      .thenThrows('enrolment-conflict');
  });

  it('points a repeated enrolment at the event recorded for its date', () => {
    const history = [enrolled, moved];
    expect(history.find((e) => recordsEnrolmentCommand(e, move))).toBe(moved);
    expect(history.find((e) => recordsEnrolmentCommand(e, enrol))).toBe(enrolled);
  });
});
