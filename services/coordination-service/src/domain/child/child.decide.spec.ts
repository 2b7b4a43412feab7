import { given } from '@samvirke/event-sourcing/testing';
import type { ChildEnrolledV1 } from '@samvirke/contracts';
import { currentPlanVersion, streamIdForChild, type ChildEvent } from './child';
import {
  childDecider,
  recordsChildCommand,
  sameConsentAs,
  type ChildCommand,
  type Enrol,
  type RevisePlan,
} from './child.decide';

const T = {
  enrolled: '2026-03-01T09:00:00+01:00',
  requested: '2026-03-01T10:00:00+01:00',
  assigned: '2026-03-05T12:00:00+01:00',
  consent: '2026-03-05T13:00:00+01:00',
  plan: '2026-03-20T10:00:00+01:00',
  review: '2026-09-20T10:00:00+02:00',
};

const enrolment: ChildEnrolledV1 = { nameCiphertext: 'pd1.first', enrolledAt: T.enrolled };
const enrol: Enrol = {
  type: 'Enrol',
  data: { enrolment, municipality: '0301', name: 'Kari Nordmann' },
};
const enrolled: ChildEvent = {
  type: 'no.samvirke.coordination.child-enrolled.v1',
  data: enrolment,
  municipality: '0301',
};
const requested: ChildEvent = {
  type: 'no.samvirke.coordination.coordinator-requested.v1',
  data: { requestedAt: T.requested },
};
const assign: ChildCommand = {
  type: 'AssignCoordinator',
  data: { coordinatorId: 'coord-kari', assignedAt: T.assigned },
};
const assigned: ChildEvent = {
  type: 'no.samvirke.coordination.coordinator-assigned.v1',
  data: assign.data,
};
const consentData = {
  consentId: 'consent-1',
  sectors: ['health', 'school'] as Array<'health' | 'school'>,
  givenBy: 'parent' as const,
  givenAt: T.consent,
};
const giveConsent: ChildCommand = { type: 'GiveConsent', data: consentData };
const consentGiven: ChildEvent = {
  type: 'no.samvirke.coordination.consent-given.v1',
  data: consentData,
};
const withdraw: ChildCommand = {
  type: 'WithdrawConsent',
  data: { consentId: 'consent-1', withdrawnAt: '2026-05-01T08:00:00+02:00' },
};
const withdrawn: ChildEvent = {
  type: 'no.samvirke.coordination.consent-withdrawn.v1',
  data: withdraw.data,
};
const establish: ChildCommand = {
  type: 'EstablishPlan',
  data: { establishedAt: T.plan, reviewDueAt: T.review },
};
const established: ChildEvent = {
  type: 'no.samvirke.coordination.plan-established.v1',
  data: establish.data,
};
const revise: RevisePlan = {
  type: 'RevisePlan',
  data: { revisedAt: '2026-09-15T10:00:00+02:00', reviewDueAt: '2027-03-15T10:00:00+01:00' },
};
const revised: ChildEvent = { type: 'no.samvirke.coordination.plan-revised.v1', data: revise.data };
const meet: ChildCommand = {
  type: 'RecordResponsibilityGroupMeeting',
  data: { heldAt: '2026-04-02T14:00:00+02:00' },
};
const met: ChildEvent = {
  type: 'no.samvirke.coordination.responsibility-group-met.v1',
  data: meet.data,
};
const erase: ChildCommand = { type: 'Erase', data: { erasedAt: '2026-12-01T12:00:00+01:00' } };
const erased: ChildEvent = { type: 'no.samvirke.coordination.child-erased.v1', data: erase.data };

describe('child', () => {
  it('names its stream by the childRef', () => {
    expect(streamIdForChild('c1_abc')).toBe('coordination-child-c1_abc');
  });

  describe('enrol', () => {
    it('records the enrolment with the name as ciphertext only', () => {
      given(childDecider, []).when(enrol).then([enrolled]);
    });

    it('does nothing when the same child is enrolled again under the same name', () => {
      given(childDecider, [enrolled])
        .when({
          type: 'Enrol',
          data: {
            ...enrol.data,
            enrolment: { ...enrolment, nameCiphertext: 'pd1.second' },
            recorded: { nameCiphertext: 'pd1.first', name: 'Kari Nordmann' },
          },
        })
        .thenNothingHappens();
    });

    it('refuses a second enrolment under another name', () => {
      given(childDecider, [enrolled])
        .when({
          type: 'Enrol',
          data: {
            ...enrol.data,
            name: 'Ola Nordmann',
            recorded: { nameCiphertext: 'pd1.first', name: 'Kari Nordmann' },
          },
        })
        .thenThrows('already-enrolled');
    });

    it('refuses a second enrolment when the recorded name could not be read', () => {
      given(childDecider, [enrolled]).when(enrol).thenThrows('already-enrolled');
    });

    it('does not trust a decrypted name of another ciphertext than the recorded one', () => {
      given(childDecider, [enrolled])
        .when({
          type: 'Enrol',
          data: { ...enrol.data, recorded: { nameCiphertext: 'pd1.other', name: 'Kari Nordmann' } },
        })
        .thenThrows('already-enrolled');
    });

    it('refuses to enrol a child enrolled in another municipality, whatever the name, and moves nothing', () => {
      const recorded = { nameCiphertext: 'pd1.first', name: 'Kari Nordmann' };
      given(childDecider, [enrolled])
        .when({ type: 'Enrol', data: { ...enrol.data, municipality: '4601', recorded } })
        .thenThrows('enrolled-elsewhere');
      given(childDecider, [enrolled])
        .when({ type: 'Enrol', data: { ...enrol.data, municipality: '4601', name: 'Per' } })
        .thenThrows('enrolled-elsewhere');
    });

    it('compares a clear name recorded by the demo directly', () => {
      const clear: ChildEvent = {
        type: 'no.samvirke.coordination.child-enrolled.v1',
        data: { name: 'Kari Nordmann', enrolledAt: T.enrolled },
        municipality: '0301',
      };
      given(childDecider, [clear]).when(enrol).thenNothingHappens();
      given(childDecider, [clear])
        .when({ ...enrol, data: { ...enrol.data, name: 'Per' } })
        .thenThrows('already-enrolled');
    });
  });

  describe('commands before enrolment', () => {
    it.each<ChildCommand>([
      { type: 'RequestCoordinator', data: { requestedAt: T.requested } },
      assign,
      giveConsent,
      withdraw,
      establish,
      revise,
      meet,
      erase,
    ])('refuses $type for a child not enrolled', (command) => {
      given(childDecider, []).when(command).thenThrows('not-enrolled');
    });
  });

  describe('coordinator', () => {
    it('records the family’s request for a coordinator', () => {
      given(childDecider, [enrolled])
        .when({ type: 'RequestCoordinator', data: { requestedAt: T.requested } })
        .then([requested]);
    });

    it('does nothing when the same request is recorded again, in another offset', () => {
      given(childDecider, [enrolled, requested])
        .when({ type: 'RequestCoordinator', data: { requestedAt: '2026-03-01T09:00:00Z' } })
        .thenNothingHappens();
    });

    it('records a later request as a request of its own', () => {
      const again = { requestedAt: '2026-04-01T10:00:00+02:00' };
      given(childDecider, [enrolled, requested])
        .when({ type: 'RequestCoordinator', data: again })
        .then([{ type: 'no.samvirke.coordination.coordinator-requested.v1', data: again }]);
    });

    it('assigns a coordinator', () => {
      given(childDecider, [enrolled, requested]).when(assign).then([assigned]);
    });

    it('does nothing when the same assignment is recorded again', () => {
      given(childDecider, [enrolled, assigned]).when(assign).thenNothingHappens();
    });

    it('refuses to assign the current coordinator again at another time', () => {
      given(childDecider, [enrolled, assigned])
        .when({
          type: 'AssignCoordinator',
          data: { coordinatorId: 'coord-kari', assignedAt: '2026-03-06T12:00:00+01:00' },
        })
        .thenThrows('already-assigned');
    });

    it('replaces the coordinator with a later assignment', () => {
      const replacement = { coordinatorId: 'coord-ola', assignedAt: '2026-06-01T12:00:00+02:00' };
      given(childDecider, [enrolled, assigned])
        .when({ type: 'AssignCoordinator', data: replacement })
        .then([{ type: 'no.samvirke.coordination.coordinator-assigned.v1', data: replacement }]);
    });

    it('refuses a replacement dated before the current assignment', () => {
      given(childDecider, [enrolled, assigned])
        .when({
          type: 'AssignCoordinator',
          data: { coordinatorId: 'coord-ola', assignedAt: '2026-03-04T12:00:00+01:00' },
        })
        .thenThrows('assignment-before-current');
    });
  });

  describe('consent', () => {
    it('records a consent for the sectors it names', () => {
      given(childDecider, [enrolled, assigned]).when(giveConsent).then([consentGiven]);
    });

    it('does nothing when the same consent is given again under a new id', () => {
      given(childDecider, [enrolled, consentGiven])
        .when({
          type: 'GiveConsent',
          data: { ...consentData, consentId: 'consent-2', sectors: ['school', 'health'] },
        })
        .thenNothingHappens();
    });

    it('records a consent with other facts as a second consent', () => {
      const childWelfare = {
        ...consentData,
        consentId: 'consent-2',
        sectors: ['child-welfare' as const],
      };
      given(childDecider, [enrolled, consentGiven])
        .when({ type: 'GiveConsent', data: childWelfare })
        .then([{ type: 'no.samvirke.coordination.consent-given.v1', data: childWelfare }]);
    });

    it('records the same consent again once the first was withdrawn', () => {
      const again = { ...consentData, consentId: 'consent-2' };
      given(childDecider, [enrolled, consentGiven, withdrawn])
        .when({ type: 'GiveConsent', data: again })
        .then([{ type: 'no.samvirke.coordination.consent-given.v1', data: again }]);
    });

    it('refuses a consent that expires when it is given', () => {
      given(childDecider, [enrolled])
        .when({ type: 'GiveConsent', data: { ...consentData, expiresAt: T.consent } })
        .thenThrows('consent-expired-at-once');
    });

    it('withdraws a consent', () => {
      given(childDecider, [enrolled, consentGiven]).when(withdraw).then([withdrawn]);
    });

    it('refuses to withdraw a consent it does not know', () => {
      given(childDecider, [enrolled]).when(withdraw).thenThrows('unknown-consent');
    });

    it('refuses to withdraw a consent twice', () => {
      given(childDecider, [enrolled, consentGiven, withdrawn])
        .when(withdraw)
        .thenThrows('consent-already-withdrawn');
    });

    it('finds the consent in force that a repeated command gives again', () => {
      const state = given(childDecider, [enrolled]).when(giveConsent).then([consentGiven]);
      if (state.status !== 'enrolled') throw new Error('expected an enrolled child');
      expect(sameConsentAs(state, { ...consentData, consentId: 'other' })?.consentId).toBe(
        'consent-1',
      );
      expect(sameConsentAs(state, { ...consentData, givenBy: 'child' })).toBeUndefined();
    });
  });

  describe('individual plan', () => {
    it('establishes the plan', () => {
      given(childDecider, [enrolled, assigned]).when(establish).then([established]);
    });

    it('does nothing when the same plan is established again', () => {
      given(childDecider, [enrolled, established]).when(establish).thenNothingHappens();
    });

    it('refuses a second, different establishment', () => {
      given(childDecider, [enrolled, established])
        .when({
          type: 'EstablishPlan',
          data: { establishedAt: '2026-04-01T10:00:00+02:00', reviewDueAt: T.review },
        })
        .thenThrows('plan-already-established');
    });

    it('refuses a plan whose review is not after its establishment', () => {
      given(childDecider, [enrolled])
        .when({ type: 'EstablishPlan', data: { establishedAt: T.plan, reviewDueAt: T.plan } })
        .thenThrows('review-before-plan');
    });

    it('refuses a revision before the plan is established', () => {
      given(childDecider, [enrolled]).when(revise).thenThrows('no-plan');
    });

    it('revises the plan', () => {
      given(childDecider, [enrolled, established]).when(revise).then([revised]);
    });

    it('does nothing when the same revision is recorded again', () => {
      given(childDecider, [enrolled, established, revised]).when(revise).thenNothingHappens();
    });

    it('refuses a revision at the same time with another review date', () => {
      given(childDecider, [enrolled, established, revised])
        .when({
          type: 'RevisePlan',
          data: { ...revise.data, reviewDueAt: '2027-01-01T10:00:00+01:00' },
        })
        .thenThrows('revision-conflict');
    });

    it('refuses a revision dated before the plan', () => {
      given(childDecider, [enrolled, established])
        .when({
          type: 'RevisePlan',
          data: { revisedAt: '2026-03-19T10:00:00+01:00', reviewDueAt: T.review },
        })
        .thenThrows('revision-before-plan');
    });

    it('takes the latest revision in time as the plan in force, whatever the order recorded', () => {
      const lateData = {
        revisedAt: '2026-06-01T10:00:00+02:00',
        reviewDueAt: '2026-12-01T10:00:00+01:00',
      };
      const late: ChildEvent = { type: 'no.samvirke.coordination.plan-revised.v1', data: lateData };
      const state = given(childDecider, [enrolled, established, revised])
        .when({ type: 'RevisePlan', data: lateData })
        .then([late]);
      if (state.status !== 'enrolled' || !state.plan) throw new Error('expected a plan');
      expect(currentPlanVersion(state.plan)).toEqual({
        at: '2026-09-15T10:00:00+02:00',
        reviewDueAt: '2027-03-15T10:00:00+01:00',
      });
    });
  });

  describe('responsibility group', () => {
    it('records a meeting', () => {
      given(childDecider, [enrolled]).when(meet).then([met]);
    });

    it('does nothing when the same meeting is recorded again', () => {
      given(childDecider, [enrolled, met]).when(meet).thenNothingHappens();
    });
  });

  describe('erasure', () => {
    it('erases an enrolled child', () => {
      given(childDecider, [enrolled, assigned, consentGiven]).when(erase).then([erased]);
    });

    it.each<ChildCommand>([
      enrol,
      { type: 'RequestCoordinator', data: { requestedAt: T.requested } },
      assign,
      giveConsent,
      withdraw,
      establish,
      revise,
      meet,
      erase,
    ])('refuses $type once the child is erased', (command) => {
      given(childDecider, [enrolled, assigned, consentGiven, established, erased])
        .when(command)
        .thenThrows('child-erased');
    });

    it('keeps the coordinator after erasure, for who may still see that the child was erased', () => {
      const state = given(childDecider, [enrolled, assigned]).when(erase).then([erased]);
      expect(state).toMatchObject({
        status: 'erased',
        coordinator: { coordinatorId: 'coord-kari' },
      });
    });
  });

  it('points a repeated command at the event that first recorded it', () => {
    const history = [enrolled, requested, assigned, consentGiven, established, revised, met];
    const repeats: ChildCommand[] = [
      enrol,
      { type: 'RequestCoordinator', data: { requestedAt: T.requested } },
      assign,
      { type: 'GiveConsent', data: { ...consentData, consentId: 'another' } },
      establish,
      revise,
      meet,
    ];
    expect(
      repeats.map((command) => history.find((event) => recordsChildCommand(event, command))),
    ).toEqual([enrolled, requested, assigned, consentGiven, established, revised, met]);
  });
});
