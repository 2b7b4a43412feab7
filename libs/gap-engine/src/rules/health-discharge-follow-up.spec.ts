import { events as e, HOURS, inMunicipality, minuteBefore, ruleSpec } from '../testing';
import { dischargeFollowUp } from './health-discharge-follow-up';

const { given } = ruleSpec(dischargeFollowUp);

describe('health.discharge-follow-up', () => {
  const admitted = e.admitted('adm-1', '2026-03-02T08:15:00+01:00');
  const discharged = e.discharged('adm-1', '2026-03-09T14:00:00+01:00', true);
  const due = '2026-03-16T14:00:00+01:00';

  it('opens 7 days after a discharge with no municipal follow-up contact, and not a minute before', () => {
    given([admitted, discharged]).when(minuteBefore(due)).then([]).andNextCheckAt(due);
    given([admitted, discharged])
      .when(due)
      .then([
        {
          key: 'health.discharge-follow-up:adm-1',
          ruleId: 'health.discharge-follow-up',
          ruleVersion: 1,
          status: 'open',
          owner: 'health',
          legalBasis: 'hotjl §7-2a, forskrift om kommunal betaling for utskrivningsklare pasienter',
          evidence: [discharged.id, admitted.id],
          triggeredAt: '2026-03-09T14:00:00+01:00',
          dueAt: due,
          escalated: false,
        },
      ])
      .andNextCheckAt('2026-03-23T14:00:00+01:00');
  });

  it('counts 7 days as 168 hours across the change to summer time', () => {
    const beforeDst = e.discharged('adm-2', '2026-03-25T14:00:00+01:00');
    given([beforeDst])
      .when('2026-04-01T15:00:00+02:00')
      .then([{ dueAt: '2026-04-01T15:00:00+02:00' }]);
  });

  it('opens no gap when the follow-up came in time', () => {
    const visit = e.followUp('fu-1', '2026-03-12T10:00:00+01:00', { admissionId: 'adm-1' });
    given([admitted, discharged, visit])
      .when('2026-05-01T00:00:00+02:00')
      .then([])
      .andNextCheckAt(undefined);
  });

  it('resolves late, with how late, when the follow-up came after the deadline', () => {
    const visit = e.followUp('fu-1', '2026-03-18T10:00:00+01:00', { kind: 'home-visit' });
    given([admitted, discharged, visit])
      .when('2026-03-20T00:00:00+01:00')
      .then([
        {
          status: 'resolved-late',
          resolvedAt: '2026-03-18T10:00:00+01:00',
          resolvingEventId: visit.id,
          lateByMs: 44 * HOURS,
          escalated: false,
        },
      ])
      .andNextCheckAt(undefined);
  });

  it('accepts a follow-up delivered before the discharge it follows', () => {
    const visit = e.followUp('fu-1', '2026-03-12T10:00:00+01:00', { admissionId: 'adm-1' });
    given([visit, discharged, admitted]).when('2026-05-01T00:00:00+02:00').then([]);
  });

  it('does not count a hospital outpatient visit, an unlinked contact before the discharge, or one for another stay', () => {
    given([
      admitted,
      discharged,
      e.followUp('fu-1', '2026-03-10T10:00:00+01:00', { kind: 'outpatient', admissionId: 'adm-1' }),
      e.followUp('fu-2', '2026-03-08T10:00:00+01:00', { kind: 'gp' }),
      e.followUp('fu-3', '2026-03-11T10:00:00+01:00', { admissionId: 'adm-9' }),
    ])
      .when(due)
      .then([{ status: 'open' }]);
  });

  it('needs no follow-up when the hospital did not ask for it, unless the child has a coordinator and stayed in', () => {
    const noNeed = e.discharged('adm-1', '2026-03-09T14:00:00+01:00', false);
    given([admitted, noNeed]).when(due).then([]);
    given([admitted, noNeed, e.coordinatorAssigned('coord-kari', '2026-02-01T09:00:00+01:00')])
      .when(due)
      .then([{ status: 'open' }]);
    const dayCase = e.admitted('adm-1', '2026-03-09T08:00:00+01:00', 'day');
    given([dayCase, noNeed, e.coordinatorAssigned('coord-kari', '2026-02-01T09:00:00+01:00')])
      .when(due)
      .then([]);
  });

  it('escalates to the coordinating unit when open past twice its threshold', () => {
    given([admitted, discharged])
      .when('2026-03-23T14:00:00+01:00')
      .then([{ status: 'open', escalated: true }])
      .andNextCheckAt(undefined);
  });

  it("uses the child's municipality's threshold", () => {
    const elsewhere = [inMunicipality('4601', admitted), inMunicipality('4601', discharged)];
    const overrides = { '4601': { 'health.discharge-follow-up': { days: 3 } } };
    given(elsewhere)
      .when('2026-03-12T14:00:00+01:00', { overrides })
      .then([{ dueAt: '2026-03-12T14:00:00+01:00' }]);
    given([admitted, discharged])
      .when('2026-03-12T14:00:00+01:00', { overrides })
      .then([])
      .andNextCheckAt(due);
  });
});
