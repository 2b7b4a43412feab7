import { events as e, inMunicipality, minuteBefore, ruleSpec } from '../testing';
import { transition, transitionsOf } from './coordination-transition';

const { given } = ruleSpec(transition);

describe('coordination.transition', () => {
  const enrolled = e.childEnrolled('2025-09-01T09:00:00+02:00', '2020-03-10');
  // School starts 1 August 2026, the year the child turns 6; the meeting is due 6 months before.
  const due = '2026-02-01T00:00:00+01:00';

  it('knows the transitions: school at 6, upper secondary at 16, and 18', () => {
    expect(transitionsOf('2020-03-10')).toEqual([
      ['school-start', '2026-08-01'],
      ['upper-secondary', '2036-08-01'],
      ['age-18', '2038-03-10'],
    ]);
  });

  it('opens 6 months before school start with no transition meeting, and not a minute before', () => {
    given([enrolled]).when(minuteBefore(due)).then([]).andNextCheckAt(due);
    given([enrolled, e.coordinatorAssigned('coord-kari', '2025-09-02T09:00:00+02:00')])
      .when(due)
      .then([
        {
          key: 'coordination.transition:school-start:2026-08-01',
          status: 'open',
          owner: 'coordinator',
          ownerId: 'coord-kari',
          legalBasis: 'pbrl §2-5b, §2-5c',
          evidence: [enrolled.id],
          detail: { transition: 'school-start', on: '2026-08-01' },
          triggeredAt: '2025-08-01T00:00:00+02:00',
          dueAt: due,
          escalatesAt: '2026-08-01T00:00:00+02:00',
        },
      ]);
  });

  it('opens no gap when the transition meeting was held in time, and watches the next transition', () => {
    given([enrolled, e.schoolMeeting('m-1', 'transition', '2026-01-15T13:00:00+01:00')])
      .when('2026-09-01T00:00:00+02:00')
      .then([])
      .andNextCheckAt('2036-02-01T00:00:00+01:00');
  });

  it('resolves late when the meeting came less than 6 months before', () => {
    const meeting = e.schoolMeeting('m-1', 'transition', '2026-03-01T00:00:00+01:00');
    given([enrolled, meeting])
      .when('2026-09-01T00:00:00+02:00')
      .then([
        { status: 'resolved-late', resolvingEventId: meeting.id, lateByMs: 28 * 24 * 3_600_000 },
      ]);
  });

  it('does not count a meeting more than a year before the transition', () => {
    given([enrolled, e.schoolMeeting('m-1', 'transition', '2025-07-01T12:00:00+02:00')])
      .when(due)
      .then([{ status: 'open' }]);
  });

  it('accepts a meeting delivered before the enrolment that gives the birth date', () => {
    given([e.schoolMeeting('m-1', 'transition', '2026-01-15T13:00:00+01:00'), enrolled])
      .when(due)
      .then([]);
  });

  it('checks nothing without a birth date, nor transitions before the child was enrolled', () => {
    given([e.childEnrolled('2025-09-01T09:00:00+02:00')])
      .when('2040-01-01T00:00:00+01:00')
      .then([])
      .andNextCheckAt(undefined);
    const teenager = e.childEnrolled('2026-01-01T09:00:00+01:00', '2010-03-10');
    given([teenager])
      .when('2026-02-01T00:00:00+01:00')
      .then([{ key: 'coordination.transition:upper-secondary:2026-08-01', status: 'open' }])
      .andNextCheckAt('2026-08-01T00:00:00+02:00');
  });

  it("uses the municipality's lead time", () => {
    const overrides = { '4601': { 'coordination.transition': { leadMonths: 9 } } };
    given([inMunicipality('4601', enrolled)])
      .when('2025-11-01T00:00:00+01:00', { overrides })
      .then([{ status: 'open', dueAt: '2025-11-01T00:00:00+01:00' }]);
  });
});
