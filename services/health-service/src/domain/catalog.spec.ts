import { validateEventData } from '@samvirke/contracts';
import type { Decider } from '@samvirke/event-sourcing';
import { admissionDecider, followUpDecider, referralDecider } from './index';

/** Runs commands one after another on a fresh stream and returns every event they recorded. */
function record<C, S, E>(decider: Decider<C, S, E>, commands: C[]): E[] {
  let state = decider.initialState();
  return commands.flatMap((command) => {
    const events = decider.decide(command, state);
    state = events.reduce(decider.evolve, state);
    return events;
  });
}

const child = { childRef: 'child-1', municipality: '5001' };

describe('the health domain and the event catalog', () => {
  const events = [
    ...record(admissionDecider, [
      {
        type: 'Admit',
        data: {
          ...child,
          admissionId: 'adm-1',
          facility: 'St. Olavs',
          kind: 'emergency',
          admittedAt: '2026-03-02T08:15:00+01:00',
        },
      },
      {
        type: 'Discharge',
        data: {
          admissionId: 'adm-1',
          dischargedAt: '2026-03-09T14:00:00+01:00',
          followUpNeeded: false,
          destination: 'other',
        },
      },
      {
        type: 'SendDischargeSummary',
        data: { admissionId: 'adm-1', sentAt: '2026-03-09T15:00:00Z' },
      },
    ]),
    ...record(referralDecider, [
      {
        type: 'ReceiveReferral',
        data: {
          ...child,
          referralId: 'ref-1',
          service: 'paediatrics',
          receivedAt: '2026-02-02T12:00:00+01:00',
        },
      },
      {
        type: 'AssessReferral',
        data: {
          referralId: 'ref-1',
          assessedAt: '2026-02-10T11:00:00+01:00',
          outcome: 'accepted',
          treatmentDeadline: '2026-04-10',
        },
      },
      {
        type: 'StartTreatment',
        data: { referralId: 'ref-1', startedAt: '2026-03-20T09:00:00.250+01:00' },
      },
    ]),
    ...record(followUpDecider, [
      {
        type: 'RecordFollowUp',
        data: {
          ...child,
          followUpId: 'fu-1',
          kind: 'home-visit',
          occurredAt: '2026-03-12T10:00:00+01:00',
        },
      },
    ]),
  ];

  it('records one event per fact', () => {
    expect(events).toHaveLength(7);
  });

  it.each(events.map((event) => [event.type, event]))(
    'records %s as the catalog describes it',
    (_type, event) => {
      expect(validateEventData(event.type, event.data)).toEqual({ ok: true });
    },
  );
});
