import { DAYS, events as e, inMunicipality, minuteBefore, ruleSpec } from '../testing';
import { responsibilityGroup } from './coordination-responsibility-group';

const { given } = ruleSpec(responsibilityGroup);

describe('coordination.responsibility-group', () => {
  const plan = e.planEstablished('2026-03-20T10:00:00+01:00', '2027-03-20T10:00:00+01:00');
  const due = '2026-07-18T11:00:00+02:00'; // 120 × 24 hours

  it('opens 120 days after the plan with no responsibility group meeting, and not a minute before', () => {
    given([plan]).when(minuteBefore(due)).then([]).andNextCheckAt(due);
    given([plan])
      .when(due)
      .then([
        {
          key: `coordination.responsibility-group:${plan.id}`,
          status: 'open',
          owner: 'coordinator',
          legalBasis: 'hotjl §7-1',
          evidence: [plan.id],
          dueAt: due,
        },
      ]);
  });

  it('opens no gap when the group met in time, and runs 120 days from the last meeting', () => {
    const met = e.responsibilityGroupMet('2026-05-01T12:00:00+02:00');
    given([plan, met])
      .when('2026-08-01T00:00:00+02:00')
      .then([])
      .andNextCheckAt('2026-08-29T12:00:00+02:00');
  });

  it('resolves late when the group met after 120 days', () => {
    const met = e.responsibilityGroupMet('2026-07-20T11:00:00+02:00');
    given([plan, met])
      .when('2026-08-01T00:00:00+02:00')
      .then([{ status: 'resolved-late', resolvingEventId: met.id, lateByMs: 2 * DAYS }]);
  });

  it('accepts a meeting delivered before the plan, but does not count one held before it', () => {
    given([e.responsibilityGroupMet('2026-05-01T12:00:00+02:00'), plan])
      .when(due)
      .then([]);
    given([e.responsibilityGroupMet('2026-03-01T12:00:00+01:00'), plan])
      .when(due)
      .then([{ status: 'open' }]);
  });

  it('asks nothing of a child without an individual plan', () => {
    given([e.responsibilityGroupMet('2026-03-01T12:00:00+01:00')])
      .when('2027-01-01T00:00:00+01:00')
      .then([]);
  });

  it("uses the municipality's number of days", () => {
    const overrides = { '4601': { 'coordination.responsibility-group': { days: 60 } } };
    given([inMunicipality('4601', plan)])
      .when('2026-05-19T11:00:00+02:00', { overrides })
      .then([{ status: 'open', dueAt: '2026-05-19T11:00:00+02:00' }]);
  });
});
