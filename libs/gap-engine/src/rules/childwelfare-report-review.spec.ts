import { events as e, HOURS, inMunicipality, minuteBefore, ruleSpec } from '../testing';
import { reportReview } from './childwelfare-report-review';

const { given } = ruleSpec(reportReview);

describe('childwelfare.report-review', () => {
  const received = e.reportReceived('bm-1', '2026-03-04T10:20:00+01:00');
  const due = '2026-03-11T10:20:00+01:00';

  it('opens a week after a concern report that was not reviewed, and not a minute before', () => {
    given([received]).when(minuteBefore(due)).then([]).andNextCheckAt(due);
    given([received])
      .when(due)
      .then([
        {
          key: 'childwelfare.report-review:bm-1',
          status: 'open',
          owner: 'child-welfare',
          legalBasis: 'barnevernsloven §2-1',
          evidence: [received.id],
          dueAt: due,
          escalated: false,
        },
      ])
      .andNextCheckAt('2026-03-18T10:20:00+01:00');
  });

  it('escalates to the coordinating unit after two weeks', () => {
    given([received])
      .when('2026-03-18T10:20:00+01:00')
      .then([{ status: 'open', escalated: true }])
      .andNextCheckAt(undefined);
  });

  it('opens no gap when reviewed within the week', () => {
    given([received, e.reportReviewed('bm-1', '2026-03-09T14:00:00+01:00')])
      .when('2026-04-01T00:00:00+02:00')
      .then([]);
  });

  it('resolves late when reviewed after the week', () => {
    const reviewed = e.reportReviewed('bm-1', '2026-03-11T12:20:00+01:00');
    given([received, reviewed])
      .when('2026-04-01T00:00:00+02:00')
      .then([{ status: 'resolved-late', lateByMs: 2 * HOURS, escalated: false }]);
  });

  it('accepts a review delivered before the report', () => {
    given([e.reportReviewed('bm-1', '2026-03-05T09:00:00+01:00'), received])
      .when(due)
      .then([]);
  });

  it("uses the child's municipality's number of days", () => {
    const overrides = { '5001': { 'childwelfare.report-review': { days: 5 } } };
    given([inMunicipality('5001', received)])
      .when('2026-03-09T10:20:00+01:00', { overrides })
      .then([{ status: 'open', dueAt: '2026-03-09T10:20:00+01:00' }]);
  });
});
