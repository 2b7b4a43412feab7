import { events as e, HOURS, inMunicipality, minuteBefore, ruleSpec } from '../testing';
import { referralAssessment } from './health-referral-assessment';

const { given } = ruleSpec(referralAssessment);

describe('health.referral-assessment', () => {
  // Wednesday before Easter 2026: Maundy Thursday 2 Apr, Good Friday 3 Apr and Easter Monday
  // 6 Apr are public holidays, so the 10th working day is Monday 20 April.
  const received = e.referralReceived('ref-1', '2026-04-01T15:00:00+02:00');
  const due = '2026-04-21T00:00:00+02:00';

  it('opens after 10 working days across Easter, and not a minute before', () => {
    given([received]).when(minuteBefore(due)).then([]).andNextCheckAt(due);
    given([received])
      .when(due)
      .then([
        {
          key: 'health.referral-assessment:ref-1',
          status: 'open',
          owner: 'health',
          legalBasis: 'pbrl §2-2',
          evidence: [received.id],
          triggeredAt: '2026-04-01T15:00:00+02:00',
          dueAt: due,
          escalatesAt: '2026-05-06T00:00:00+02:00', // 20 working days: Easter and 1 May skipped
        },
      ]);
  });

  it('counts Ascension Day and Whit Monday as holidays (17 May 2026 is a Sunday)', () => {
    const may = e.referralReceived('ref-2', '2026-05-11T09:00:00+02:00');
    given([may])
      .when('2026-05-28T00:00:00+02:00')
      .then([{ dueAt: '2026-05-28T00:00:00+02:00' }]);
  });

  it('skips 17 May when it falls on a weekday (2028, with Ascension Day)', () => {
    const may = e.referralReceived('ref-3', '2028-05-12T10:00:00+02:00');
    given([may])
      .when(minuteBefore('2028-05-31T00:00:00+02:00'))
      .then([])
      .andNextCheckAt('2028-05-31T00:00:00+02:00');
  });

  it('opens no gap when assessed on the last working day', () => {
    given([received, e.referralAssessed('ref-1', '2026-04-20T16:00:00+02:00', '2026-06-01')])
      .when('2026-06-01T00:00:00+02:00')
      .then([]);
  });

  it('resolves late, with how late, when assessed after the deadline', () => {
    const assessed = e.referralRejected('ref-1', '2026-04-21T09:00:00+02:00');
    given([received, assessed])
      .when('2026-04-22T00:00:00+02:00')
      .then([{ status: 'resolved-late', resolvingEventId: assessed.id, lateByMs: 9 * HOURS }]);
  });

  it('accepts an assessment delivered before the referral', () => {
    given([e.referralAssessed('ref-1', '2026-04-14T10:00:00+02:00'), received])
      .when(due)
      .then([]);
  });

  it("uses the child's municipality's number of working days", () => {
    const overrides = { '0301': { 'health.referral-assessment': { workingDays: 5 } } };
    given([inMunicipality('0301', received)])
      .when('2026-04-14T00:00:00+02:00', { overrides })
      .then([{ status: 'open', dueAt: '2026-04-14T00:00:00+02:00' }]);
  });
});
