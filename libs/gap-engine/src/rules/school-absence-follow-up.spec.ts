import { events as e, HOURS, inMunicipality, minuteBefore, ruleSpec } from '../testing';
import { absenceFollowUp } from './school-absence-follow-up';

const { given } = ruleSpec(absenceFollowUp);

describe('school.absence-follow-up', () => {
  const monday = e.absence('2026-01-12');
  const thursday = e.absence('2026-01-15');
  // The threshold is reached on Thursday 15 January; the clock starts when that day is over.
  const due = '2026-01-26T00:00:00+01:00';

  it('opens 10 days after 2 of the last 20 school days were missed, and not a minute before', () => {
    given([monday, thursday]).when(minuteBefore(due)).then([]).andNextCheckAt(due);
    given([monday, thursday])
      .when(due)
      .then([
        {
          key: 'school.absence-follow-up:2026-01-15',
          status: 'open',
          owner: 'school',
          legalBasis: 'opplæringslova 2023 (duty to follow up all absence; no statutory number)',
          evidence: [monday.id, thursday.id],
          triggeredAt: '2026-01-16T00:00:00+01:00',
          dueAt: due,
          detail: { absentDays: 2 },
        },
      ]);
  });

  it('counts partial days towards the share', () => {
    given([e.absence('2026-01-12', 'partial'), e.absence('2026-01-15', 'partial')])
      .when(due)
      .then([{ key: 'school.absence-follow-up:2026-01-15', status: 'open' }]);
  });

  it('does not count absence outside the 20-school-day window', () => {
    // The 20 school days up to Tuesday 3 February begin on Wednesday 7 January.
    given([e.absence('2026-01-06'), e.absence('2026-02-03')])
      .when('2026-03-01T00:00:00+01:00')
      .then([]);
    given([e.absence('2026-01-07'), e.absence('2026-02-03')])
      .when('2026-03-01T00:00:00+01:00')
      .then([{ key: 'school.absence-follow-up:2026-02-03' }]);
  });

  it('opens no gap for a single day, or when the meeting came in time', () => {
    given([monday]).when('2026-06-01T00:00:00+02:00').then([]).andNextCheckAt(undefined);
    given([
      monday,
      thursday,
      e.schoolMeeting('m-1', 'absence-follow-up', '2026-01-20T13:00:00+01:00'),
    ])
      .when('2026-06-01T00:00:00+02:00')
      .then([]);
  });

  it('resolves late when the follow-up meeting came after the deadline', () => {
    const meeting = e.schoolMeeting('m-1', 'absence-follow-up', '2026-01-27T10:00:00+01:00');
    given([monday, thursday, meeting])
      .when('2026-02-01T00:00:00+01:00')
      .then([{ status: 'resolved-late', resolvingEventId: meeting.id, lateByMs: 34 * HOURS }]);
  });

  it('accepts a meeting delivered before the absence it follows up', () => {
    const meeting = e.schoolMeeting('m-1', 'absence-follow-up', '2026-01-20T13:00:00+01:00');
    given([meeting, thursday, monday]).when(due).then([]);
  });

  it('starts the count afresh after a follow-up meeting', () => {
    const meetingBetween = e.schoolMeeting('m-1', 'absence-follow-up', '2026-01-13T13:00:00+01:00');
    given([monday, meetingBetween, thursday]).when('2026-03-01T00:00:00+01:00').then([]);
  });

  it('does not count a parents meeting as absence follow-up', () => {
    given([monday, thursday, e.schoolMeeting('m-1', 'parents', '2026-01-20T13:00:00+01:00')])
      .when(due)
      .then([{ status: 'open' }]);
  });

  it('opens a new gap for absence after a late meeting, and none for absence while a gap is open', () => {
    const late = e.schoolMeeting('m-1', 'absence-follow-up', '2026-01-29T10:00:00+01:00');
    given([
      monday,
      thursday,
      e.absence('2026-01-16'),
      late,
      e.absence('2026-02-02'),
      e.absence('2026-02-04'),
    ])
      .when('2026-03-01T00:00:00+01:00')
      .then([
        { key: 'school.absence-follow-up:2026-01-15', status: 'resolved-late' },
        { key: 'school.absence-follow-up:2026-02-04', status: 'open', detail: { absentDays: 2 } },
      ]);
  });

  it("counts 5 consecutive full school days across a weekend where the municipality's share rule needs more", () => {
    const overrides = { '4601': { 'school.absence-follow-up': { minDays: 6 } } };
    const run = ['2026-01-14', '2026-01-15', '2026-01-16', '2026-01-19', '2026-01-20'].map((d) =>
      inMunicipality('4601', e.absence(d)),
    );
    given(run)
      .when('2026-01-31T00:00:00+01:00', { overrides })
      .then([
        {
          key: 'school.absence-follow-up:2026-01-20',
          dueAt: '2026-01-31T00:00:00+01:00',
          evidence: run.map((a) => a.id),
        },
      ]);
    // A partial day breaks the run.
    const broken = [
      ...run.slice(0, 4),
      inMunicipality('4601', e.absence('2026-01-20', 'partial', { id: 'evt-partial' })),
    ];
    given(broken).when('2026-02-28T00:00:00+01:00', { overrides }).then([]);
  });

  it("gives the meeting the municipality's number of days", () => {
    const overrides = { '4601': { 'school.absence-follow-up': { meetingWithinDays: 5 } } };
    given([inMunicipality('4601', monday), inMunicipality('4601', thursday)])
      .when('2026-01-21T00:00:00+01:00', { overrides })
      .then([{ status: 'open', dueAt: '2026-01-21T00:00:00+01:00' }]);
  });
});
