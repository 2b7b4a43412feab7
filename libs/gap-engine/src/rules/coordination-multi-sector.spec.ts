import { DAYS, events as e, inMunicipality, minuteBefore, ruleSpec } from '../testing';
import { multiSector } from './coordination-multi-sector';

const { given } = ruleSpec(multiSector);

describe('coordination.multi-sector', () => {
  const hospital = e.admitted('adm-1', '2026-01-10T08:00:00+01:00');
  const supportTeam = e.schoolMeeting('m-1', 'support-team', '2026-03-01T13:00:00+01:00'); // 50 days later
  const start = '2026-03-01T13:00:00+01:00';

  it('opens when a second sector becomes involved within 90 days and there is no coordinator', () => {
    given([hospital, supportTeam]).when(minuteBefore(start)).then([]).andNextCheckAt(start);
    given([hospital, supportTeam])
      .when(start)
      .then([
        {
          key: `coordination.multi-sector:${supportTeam.id}`,
          status: 'open',
          owner: 'coordinating-unit',
          legalBasis: 'hotjl §7-3 (duty to receive reports of need)',
          evidence: [hospital.id, supportTeam.id],
          detail: { sectors: ['health', 'school'] },
          dueAt: start,
          escalatesAt: new Date(Date.parse(start) + 90 * DAYS),
        },
      ]);
  });

  it('names only the sectors, never what they did', () => {
    const [gap] = given([
      e.investigationStarted('us-1', '2026-02-01T09:00:00+01:00'),
      supportTeam,
    ]).when(start).result.gaps;
    expect(gap.detail).toEqual({ sectors: ['child-welfare', 'school'] });
  });

  it('opens nothing for involvement more than 90 days apart, or for a concern report alone', () => {
    given([hospital, e.schoolMeeting('m-1', 'support-team', '2026-04-20T13:00:00+02:00')])
      .when('2026-06-01T00:00:00+02:00')
      .then([]);
    given([hospital, e.reportReceived('bm-1', '2026-02-01T09:00:00+01:00')])
      .when('2026-06-01T00:00:00+02:00')
      .then([]);
  });

  it('opens nothing when a coordinator was already assigned', () => {
    given([hospital, supportTeam, e.coordinatorAssigned('coord-kari', '2026-02-01T09:00:00+01:00')])
      .when('2026-06-01T00:00:00+02:00')
      .then([]);
  });

  it('resolves late when a coordinator is assigned afterwards', () => {
    const assigned = e.coordinatorAssigned('coord-kari', '2026-03-11T13:00:00+01:00');
    given([hospital, supportTeam, assigned])
      .when('2026-06-01T00:00:00+02:00')
      .then([{ status: 'resolved-late', resolvingEventId: assigned.id, lateByMs: 10 * DAYS }]);
  });

  it('accepts the assignment delivered before the involvement it answers', () => {
    given([e.coordinatorAssigned('coord-kari', '2026-02-01T09:00:00+01:00'), supportTeam, hospital])
      .when(start)
      .then([]);
  });

  it('begins a new episode only after the sectors have been apart for a window', () => {
    const later = [
      e.followUp('fu-1', '2026-09-01T10:00:00+02:00', { kind: 'gp' }),
      e.expertRequested('ppt-1', '2026-09-15T10:00:00+02:00'),
    ];
    const stillOngoing = e.followUp('fu-0', '2026-04-01T10:00:00+02:00', { kind: 'gp' });
    given([hospital, supportTeam, stillOngoing, ...later])
      .when('2026-10-01T00:00:00+02:00')
      .then(
        [
          { key: `coordination.multi-sector:${supportTeam.id}` },
          { key: `coordination.multi-sector:${later[1].id}` },
        ].sort((a, b) => (a.key < b.key ? -1 : 1)),
      );
  });

  it("uses the child's municipality's window and grace days", () => {
    const overrides = { '4601': { 'coordination.multi-sector': { windowDays: 30 } } };
    given([inMunicipality('4601', hospital), inMunicipality('4601', supportTeam)])
      .when(start, { overrides })
      .then([]);
    const grace = { '4601': { 'coordination.multi-sector': { graceDays: 14 } } };
    given([inMunicipality('4601', hospital), inMunicipality('4601', supportTeam)])
      .when(start, { overrides: grace })
      .then([])
      .andNextCheckAt('2026-03-15T13:00:00+01:00');
  });
});
