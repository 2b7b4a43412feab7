import { DAYS, events as e, inMunicipality, minuteBefore, ruleSpec } from '../testing';
import { measureEvaluation } from './childwelfare-measure-evaluation';

const { given } = ruleSpec(measureEvaluation);

describe('childwelfare.measure-evaluation', () => {
  const decided = e.measureDecided('tiltak-1', '2026-06-25T10:00:00+02:00');
  const due = '2026-09-25T10:00:00+02:00';

  it('opens 3 months after the decision without an evaluation, and not a minute before', () => {
    given([decided]).when(minuteBefore(due)).then([]).andNextCheckAt(due);
    given([decided])
      .when(due)
      .then([
        {
          key: `childwelfare.measure-evaluation:tiltak-1:${decided.id}`,
          status: 'open',
          owner: 'child-welfare',
          legalBasis: 'bvl ch. 8; circular Q-0982',
          evidence: [decided.id],
          dueAt: due,
        },
      ]);
  });

  it('opens no gap when evaluated in time, and runs the next 3 months from the evaluation', () => {
    const evaluated = e.measureEvaluated('tiltak-1', '2026-09-20T10:00:00+02:00');
    given([decided, evaluated])
      .when(minuteBefore('2026-12-20T10:00:00+01:00'))
      .then([])
      .andNextCheckAt('2026-12-20T10:00:00+01:00');
    given([decided, evaluated])
      .when('2026-12-20T10:00:00+01:00')
      .then([
        {
          key: `childwelfare.measure-evaluation:tiltak-1:${evaluated.id}`,
          evidence: [evaluated.id, decided.id],
          status: 'open',
        },
      ]);
  });

  it('resolves late when the evaluation came after the deadline', () => {
    const evaluated = e.measureEvaluated('tiltak-1', '2026-10-05T10:00:00+02:00');
    given([decided, evaluated])
      .when('2026-10-10T00:00:00+02:00')
      .then([{ status: 'resolved-late', resolvingEventId: evaluated.id, lateByMs: 10 * DAYS }])
      .andNextCheckAt('2027-01-05T10:00:00+01:00');
  });

  it('accepts evaluations delivered before the decision', () => {
    const evaluations = [
      e.measureEvaluated('tiltak-1', '2026-12-01T10:00:00+01:00'),
      e.measureEvaluated('tiltak-1', '2026-09-01T10:00:00+02:00'),
    ];
    given([...evaluations, decided])
      .when('2027-01-15T00:00:00+01:00')
      .then([])
      .andNextCheckAt('2027-03-01T10:00:00+01:00');
  });

  it("uses the child's municipality's months", () => {
    const overrides = { '4601': { 'childwelfare.measure-evaluation': { months: 6 } } };
    given([inMunicipality('4601', decided)])
      .when('2026-10-01T00:00:00+02:00', { overrides })
      .then([])
      .andNextCheckAt('2026-12-25T10:00:00+01:00');
  });
});
