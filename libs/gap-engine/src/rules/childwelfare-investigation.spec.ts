import { DAYS, events as e, inMunicipality, minuteBefore, ruleSpec } from '../testing';
import { investigation } from './childwelfare-investigation';

const { given } = ruleSpec(investigation);

describe('childwelfare.investigation', () => {
  const started = e.investigationStarted('us-1', '2026-03-10T09:00:00+01:00');
  const due = '2026-06-10T09:00:00+02:00';

  it('opens 3 months after the start without a conclusion, and not a minute before', () => {
    given([started]).when(minuteBefore(due)).then([]).andNextCheckAt(due);
    given([started])
      .when(due)
      .then([
        {
          key: 'childwelfare.investigation:us-1',
          status: 'open',
          owner: 'child-welfare',
          legalBasis: 'barnevernsloven §2-2',
          evidence: [started.id],
          dueAt: due,
          escalatesAt: '2026-09-10T09:00:00+02:00',
        },
      ]);
  });

  it('gives 6 months when extended within the 3, as a duty of its own', () => {
    const extended = e.investigationExtended('us-1', '2026-06-01T09:00:00+02:00');
    given([started, extended]).when(due).then([]).andNextCheckAt('2026-09-10T09:00:00+02:00');
    given([started, extended])
      .when('2026-09-10T09:00:00+02:00')
      .then([
        { key: 'childwelfare.investigation:us-1:extended', evidence: [started.id, extended.id] },
      ]);
  });

  it('does not let an extension after the 3 months undo the missed deadline', () => {
    given([started, e.investigationExtended('us-1', '2026-06-15T09:00:00+02:00')])
      .when('2026-06-20T00:00:00+02:00')
      .then([{ key: 'childwelfare.investigation:us-1', status: 'open', dueAt: due }]);
  });

  it('opens no gap when concluded in time', () => {
    given([started, e.investigationConcluded('us-1', '2026-05-20T12:00:00+02:00')])
      .when('2027-01-01T00:00:00+01:00')
      .then([]);
  });

  it('resolves late when concluded after the deadline', () => {
    const concluded = e.investigationConcluded('us-1', '2026-06-20T09:00:00+02:00');
    given([started, concluded])
      .when('2026-07-01T00:00:00+02:00')
      .then([{ status: 'resolved-late', lateByMs: 10 * DAYS }]);
  });

  it('accepts a conclusion and an extension delivered before the start', () => {
    const extended = e.investigationExtended('us-1', '2026-05-01T09:00:00+02:00');
    const concluded = e.investigationConcluded('us-1', '2026-08-01T09:00:00+02:00');
    given([concluded, extended, started]).when('2027-01-01T00:00:00+01:00').then([]);
  });

  it("uses the child's municipality's months", () => {
    const overrides = { '4601': { 'childwelfare.investigation': { months: 2 } } };
    given([inMunicipality('4601', started)])
      .when('2026-05-10T09:00:00+02:00', { overrides })
      .then([{ status: 'open', dueAt: '2026-05-10T09:00:00+02:00' }]);
  });
});
