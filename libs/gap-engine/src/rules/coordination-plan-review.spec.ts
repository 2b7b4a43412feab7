import { DAYS, events as e, inMunicipality, minuteBefore, ruleSpec } from '../testing';
import { planReview } from './coordination-plan-review';

const { given } = ruleSpec(planReview);

describe('coordination.plan-review', () => {
  const established = e.planEstablished('2026-03-20T10:00:00+01:00', '2026-09-20T10:00:00+02:00');
  const due = '2026-09-20T10:00:00+02:00';
  const coordinator = e.coordinatorAssigned('coord-kari', '2026-03-01T09:00:00+01:00');

  it("opens on the plan's review date with no revision, owned by the child's coordinator", () => {
    given([coordinator, established]).when(minuteBefore(due)).then([]).andNextCheckAt(due);
    given([coordinator, established])
      .when(due)
      .then([
        {
          key: `coordination.plan-review:${established.id}`,
          status: 'open',
          owner: 'coordinator',
          ownerId: 'coord-kari',
          legalBasis: 'forskrift om IP ved ytelse av velferdstjenester',
          evidence: [established.id],
          triggeredAt: '2026-03-20T10:00:00+01:00',
          dueAt: due,
        },
      ]);
  });

  it('opens no gap when revised in time, and then watches the new review date', () => {
    const revised = e.planRevised('2026-09-15T10:00:00+02:00', '2027-03-15T10:00:00+01:00');
    given([established, revised])
      .when('2026-12-01T00:00:00+01:00')
      .then([])
      .andNextCheckAt('2027-03-15T10:00:00+01:00');
  });

  it('resolves late when revised after the review date', () => {
    const revised = e.planRevised('2026-10-01T10:00:00+02:00', '2027-04-01T10:00:00+02:00');
    given([established, revised])
      .when('2026-12-01T00:00:00+01:00')
      .then([
        {
          key: `coordination.plan-review:${established.id}`,
          status: 'resolved-late',
          lateByMs: 11 * DAYS,
        },
      ]);
  });

  it('accepts a revision delivered before the plan', () => {
    const revised = e.planRevised('2026-09-15T10:00:00+02:00', '2027-03-15T10:00:00+01:00');
    given([revised, established]).when(due).then([]);
  });

  it("adds the municipality's grace days", () => {
    const overrides = { '4601': { 'coordination.plan-review': { graceDays: 14 } } };
    given([inMunicipality('4601', established)])
      .when(minuteBefore('2026-10-04T10:00:00+02:00'), { overrides })
      .then([])
      .andNextCheckAt('2026-10-04T10:00:00+02:00');
  });
});
