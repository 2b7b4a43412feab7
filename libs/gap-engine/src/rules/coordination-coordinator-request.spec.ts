import { DAYS, events as e, inMunicipality, minuteBefore, ruleSpec } from '../testing';
import { coordinatorRequest } from './coordination-coordinator-request';

const { given } = ruleSpec(coordinatorRequest);

describe('coordination.coordinator-request', () => {
  const requested = e.coordinatorRequested('2026-03-01T10:00:00+01:00');
  const due = '2026-03-31T11:00:00+02:00'; // 30 × 24 hours, across the change to summer time

  it('opens 30 days after the family asked with no coordinator assigned, and not a minute before', () => {
    given([requested]).when(minuteBefore(due)).then([]).andNextCheckAt(due);
    given([requested])
      .when(due)
      .then([
        {
          key: `coordination.coordinator-request:${requested.id}`,
          status: 'open',
          owner: 'coordinating-unit',
          legalBasis: 'hotjl §7-2a, fvl §11a',
          evidence: [requested.id],
          dueAt: due,
        },
      ]);
  });

  it('opens no gap when a coordinator was assigned in time, or already before the request', () => {
    given([requested, e.coordinatorAssigned('coord-kari', '2026-03-20T12:00:00+01:00')])
      .when('2026-06-01T00:00:00+02:00')
      .then([]);
    given([e.coordinatorAssigned('coord-kari', '2026-01-20T12:00:00+01:00'), requested])
      .when('2026-06-01T00:00:00+02:00')
      .then([]);
  });

  it('resolves late when the coordinator came after 30 days', () => {
    const assigned = e.coordinatorAssigned('coord-kari', '2026-04-10T11:00:00+02:00');
    given([requested, assigned])
      .when('2026-06-01T00:00:00+02:00')
      .then([{ status: 'resolved-late', resolvingEventId: assigned.id, lateByMs: 10 * DAYS }]);
  });

  it('treats asking again while waiting as the same request', () => {
    const again = e.coordinatorRequested('2026-03-15T10:00:00+01:00');
    given([again, requested])
      .when('2026-04-20T00:00:00+02:00')
      .then([
        { key: `coordination.coordinator-request:${requested.id}`, evidence: [requested.id] },
      ]);
  });

  it("uses the child's municipality's number of days", () => {
    const overrides = { '4601': { 'coordination.coordinator-request': { days: 14 } } };
    given([inMunicipality('4601', requested)])
      .when('2026-03-15T10:00:00+01:00', { overrides })
      .then([{ status: 'open', dueAt: '2026-03-15T10:00:00+01:00' }]);
  });
});
