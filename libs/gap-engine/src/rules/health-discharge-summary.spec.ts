import { DAYS, events as e, HOURS, inMunicipality, minuteBefore, ruleSpec } from '../testing';
import { dischargeSummary } from './health-discharge-summary';

const { given } = ruleSpec(dischargeSummary);

describe('health.discharge-summary', () => {
  const discharged = e.discharged('adm-1', '2026-03-09T14:00:00+01:00', false);
  const due = '2026-03-16T14:00:00+01:00';

  it('opens 7 days after any discharge with no epikrise sent, and not a minute before', () => {
    given([discharged]).when(minuteBefore(due)).then([]).andNextCheckAt(due);
    given([discharged])
      .when(due)
      .then([
        {
          key: 'health.discharge-summary:adm-1',
          status: 'open',
          owner: 'health',
          legalBasis: 'helsepersonelloven §45a',
          evidence: [discharged.id],
          dueAt: due,
        },
      ]);
  });

  it('opens no gap when the epikrise was sent in time', () => {
    given([discharged, e.summarySent('adm-1', '2026-03-10T09:00:00+01:00')])
      .when('2026-06-01T00:00:00+02:00')
      .then([]);
  });

  it('resolves late when the epikrise was sent after the deadline', () => {
    const sent = e.summarySent('adm-1', '2026-03-18T14:00:00+01:00');
    given([discharged, sent])
      .when('2026-03-20T00:00:00+01:00')
      .then([{ status: 'resolved-late', resolvingEventId: sent.id, lateByMs: 2 * DAYS }]);
  });

  it('accepts an epikrise delivered before the discharge event', () => {
    given([e.summarySent('adm-1', '2026-03-10T09:00:00+01:00'), discharged])
      .when(due)
      .then([]);
  });

  it('marks a summary sent past twice the threshold as escalated', () => {
    const sent = e.summarySent('adm-1', '2026-03-24T14:00:00+01:00');
    given([discharged, sent])
      .when('2026-04-01T00:00:00+02:00')
      .then([{ status: 'resolved-late', escalated: true, lateByMs: 8 * DAYS }]);
  });

  it("uses the child's municipality's threshold", () => {
    const overrides = { '5001': { 'health.discharge-summary': { days: 1 } } };
    given([inMunicipality('5001', discharged)])
      .when('2026-03-10T14:00:00+01:00', { overrides })
      .then([
        {
          status: 'open',
          dueAt: '2026-03-10T14:00:00+01:00',
          escalatesAt: new Date(Date.parse('2026-03-09T13:00:00Z') + 48 * HOURS),
        },
      ]);
  });
});
