import { events as e, HOURS, inMunicipality, minuteBefore, ruleSpec } from '../testing';
import { treatmentDeadline } from './health-treatment-deadline';

const { given } = ruleSpec(treatmentDeadline);

describe('health.treatment-deadline', () => {
  const received = e.referralReceived('ref-1', '2026-02-02T12:00:00+01:00');
  const assessed = e.referralAssessed('ref-1', '2026-02-10T11:00:00+01:00', '2026-04-10');
  const due = '2026-04-11T00:00:00+02:00'; // the end of the deadline date in Oslo

  it('opens when the deadline date has ended without treatment, and not a minute before', () => {
    given([received, assessed]).when(minuteBefore(due)).then([]).andNextCheckAt(due);
    given([received, assessed])
      .when(due)
      .then([
        {
          key: 'health.treatment-deadline:ref-1:2026-04-10',
          status: 'open',
          owner: 'health',
          legalBasis: 'pbrl §2-1b, §2-2',
          evidence: [assessed.id, received.id],
          triggeredAt: '2026-02-10T11:00:00+01:00',
          dueAt: due,
        },
      ]);
  });

  it('opens no gap when treatment started by the deadline', () => {
    given([received, assessed, e.treatmentStarted('ref-1', '2026-04-10T15:00:00+02:00')])
      .when('2026-06-01T00:00:00+02:00')
      .then([]);
  });

  it('resolves late when treatment started after the deadline', () => {
    const started = e.treatmentStarted('ref-1', '2026-04-14T09:00:00+02:00');
    given([received, assessed, started])
      .when('2026-05-01T00:00:00+02:00')
      .then([
        { status: 'resolved-late', resolvingEventId: started.id, lateByMs: (3 * 24 + 9) * HOURS },
      ]);
  });

  it('accepts a treatment start delivered before the assessment', () => {
    given([e.treatmentStarted('ref-1', '2026-03-20T09:00:00+01:00'), assessed, received])
      .when(due)
      .then([]);
  });

  it('has no deadline for a rejected referral or one without a date', () => {
    given([received, e.referralRejected('ref-1', '2026-02-10T11:00:00+01:00')])
      .when('2027-01-01T00:00:00+01:00')
      .then([]);
    given([received, e.referralAssessed('ref-1', '2026-02-10T11:00:00+01:00')])
      .when('2027-01-01T00:00:00+01:00')
      .then([]);
  });

  it("adds the child's municipality's grace days", () => {
    const overrides = { '4601': { 'health.treatment-deadline': { graceDays: 14 } } };
    given([inMunicipality('4601', assessed)])
      .when(minuteBefore('2026-04-25T00:00:00+02:00'), { overrides })
      .then([])
      .andNextCheckAt('2026-04-25T00:00:00+02:00');
  });
});
