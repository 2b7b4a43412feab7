import { given } from '@samvirke/event-sourcing/testing';
import type { ChildEvent } from './child';
import { childDecider, recordsChildCommand, type ChildCommand } from './child.decide';

const OSLO = '0301';
const BERGEN = '4601';
const TRONDHEIM = '5001';

const enrolled: ChildEvent = {
  type: 'no.samvirke.coordination.child-enrolled.v1',
  data: { nameCiphertext: 'pd1.first', enrolledAt: '2026-03-01T09:00:00+01:00' },
  municipality: OSLO,
};
const assigned: ChildEvent = {
  type: 'no.samvirke.coordination.coordinator-assigned.v1',
  data: { coordinatorId: 'coord-oslo', assignedAt: '2026-03-05T12:00:00+01:00' },
};
const consented: ChildEvent = {
  type: 'no.samvirke.coordination.consent-given.v1',
  data: {
    consentId: 'consent-1',
    sectors: ['health'],
    givenBy: 'parent',
    givenAt: '2026-03-05T13:00:00+01:00',
  },
};

const toBergen = {
  transferId: 'T-1',
  fromMunicipality: OSLO,
  toMunicipality: BERGEN,
  requestedAt: '2026-08-01T10:00:00+02:00',
  requestedBy: 'ke-oslo',
};
const request: ChildCommand = { type: 'RequestTransfer', data: toBergen };
const requested: ChildEvent = {
  type: 'no.samvirke.coordination.transfer-requested.v1',
  data: toBergen,
};

const accept = (byMunicipality = BERGEN): ChildCommand => ({
  type: 'AcceptTransfer',
  data: {
    transferId: 'T-1',
    acceptedAt: '2026-08-03T09:00:00+02:00',
    acceptedBy: 'ke-bergen',
    byMunicipality,
  },
});
const accepted: ChildEvent = {
  type: 'no.samvirke.coordination.transfer-accepted.v1',
  data: {
    transferId: 'T-1',
    fromMunicipality: OSLO,
    toMunicipality: BERGEN,
    acceptedAt: '2026-08-03T09:00:00+02:00',
    acceptedBy: 'ke-bergen',
  },
};
const decline = (
  reason = 'The family is not registered here.',
  byMunicipality = BERGEN,
): ChildCommand => ({
  type: 'DeclineTransfer',
  data: {
    transferId: 'T-1',
    declinedAt: '2026-08-03T09:00:00+02:00',
    declinedBy: 'ke-bergen',
    reason,
    byMunicipality,
  },
});
const declined: ChildEvent = {
  type: 'no.samvirke.coordination.transfer-declined.v1',
  data: {
    transferId: 'T-1',
    declinedAt: '2026-08-03T09:00:00+02:00',
    declinedBy: 'ke-bergen',
    reason: 'The family is not registered here.',
  },
};

describe('transfer of a child to another municipality', () => {
  describe('request', () => {
    it('records the request of the child’s own unit; the child stays where it is', () => {
      const state = given(childDecider, [enrolled]).when(request).then([requested]);
      expect(state).toMatchObject({
        municipality: OSLO,
        transfers: { 'T-1': { status: 'pending', toMunicipality: BERGEN } },
      });
    });

    it('refuses a request by the unit of another municipality', () => {
      given(childDecider, [enrolled])
        .when({ type: 'RequestTransfer', data: { ...toBergen, fromMunicipality: TRONDHEIM } })
        .thenThrows('not-the-childs-unit');
    });

    it('refuses a transfer to the municipality the child is in already', () => {
      given(childDecider, [enrolled])
        .when({ type: 'RequestTransfer', data: { ...toBergen, toMunicipality: OSLO } })
        .thenThrows('same-municipality');
    });

    it('refuses a second open transfer to another municipality', () => {
      given(childDecider, [enrolled, requested])
        .when({
          type: 'RequestTransfer',
          data: { ...toBergen, transferId: 'T-2', toMunicipality: TRONDHEIM },
        })
        .thenThrows('transfer-open');
    });

    it('takes the same request again, with a new id, as the open one: nothing new', () => {
      given(childDecider, [enrolled, requested])
        .when({ type: 'RequestTransfer', data: { ...toBergen, transferId: 'T-2' } })
        .thenNothingHappens();
      expect(
        recordsChildCommand(requested, {
          type: 'RequestTransfer',
          data: { ...toBergen, transferId: 'T-2' },
        }),
      ).toBe(true);
    });

    it('lets a new transfer be asked once the last one was declined', () => {
      const next = { ...toBergen, transferId: 'T-2', toMunicipality: TRONDHEIM };
      given(childDecider, [enrolled, requested, declined])
        .when({ type: 'RequestTransfer', data: next })
        .then([{ type: 'no.samvirke.coordination.transfer-requested.v1', data: next }]);
    });

    it('refuses a transfer of a child not enrolled, or erased', () => {
      given(childDecider, []).when(request).thenThrows('not-enrolled');
      given(childDecider, [
        enrolled,
        {
          type: 'no.samvirke.coordination.child-erased.v1',
          data: { erasedAt: '2026-07-01T12:00:00+02:00' },
        },
      ])
        .when(request)
        .thenThrows('child-erased');
    });
  });

  describe('accept', () => {
    it('moves the child to the receiving municipality, and ends the coordinator and the consents', () => {
      const state = given(childDecider, [enrolled, assigned, consented, requested])
        .when(accept())
        .then([accepted]);
      expect(state).toMatchObject({
        municipality: BERGEN,
        transfers: { 'T-1': { status: 'accepted', acceptedBy: 'ke-bergen' } },
      });
      expect(state).not.toHaveProperty('coordinator');
      expect(state).toMatchObject({
        consents: { 'consent-1': { withdrawnAt: '2026-08-03T09:00:00+02:00' } },
      });
    });

    it('refuses an answer by the unit of any other municipality than the receiving one', () => {
      given(childDecider, [enrolled, requested])
        .when(accept(OSLO))
        .thenThrows('not-the-receiving-unit');
      given(childDecider, [enrolled, requested])
        .when(accept(TRONDHEIM))
        .thenThrows('not-the-receiving-unit');
    });

    it('refuses to accept a declined transfer', () => {
      given(childDecider, [enrolled, requested, declined])
        .when(accept())
        .thenThrows('transfer-declined');
    });

    it('refuses an unknown transfer', () => {
      given(childDecider, [enrolled]).when(accept()).thenThrows('unknown-transfer');
    });

    it('takes a second acceptance as a repeat', () => {
      given(childDecider, [enrolled, requested, accepted]).when(accept()).thenNothingHappens();
    });

    it('lets the receiving unit assign its own coordinator, from the acceptance on', () => {
      given(childDecider, [enrolled, assigned, requested, accepted])
        .when({
          type: 'AssignCoordinator',
          data: { coordinatorId: 'coord-bergen', assignedAt: '2026-07-01T12:00:00+02:00' },
        })
        .thenThrows('assignment-before-transfer');
      const assignment = { coordinatorId: 'coord-bergen', assignedAt: '2026-08-04T12:00:00+02:00' };
      given(childDecider, [enrolled, assigned, requested, accepted])
        .when({ type: 'AssignCoordinator', data: assignment })
        .then([{ type: 'no.samvirke.coordination.coordinator-assigned.v1', data: assignment }]);
    });

    it('makes the child the receiving municipality’s: enrolling it in the old one is refused', () => {
      given(childDecider, [enrolled, requested, accepted])
        .when({
          type: 'Enrol',
          data: { enrolment: enrolled.data as never, municipality: OSLO, name: 'Kari' },
        })
        .thenThrows('enrolled-elsewhere');
    });
  });

  describe('decline', () => {
    it('records the decline with its reason; the child stays', () => {
      const state = given(childDecider, [enrolled, requested]).when(decline()).then([declined]);
      expect(state).toMatchObject({
        municipality: OSLO,
        transfers: { 'T-1': { status: 'declined', reason: 'The family is not registered here.' } },
      });
    });

    it('refuses a decline by the wrong unit', () => {
      given(childDecider, [enrolled, requested])
        .when(decline(undefined, OSLO))
        .thenThrows('not-the-receiving-unit');
    });

    it('refuses to decline an accepted transfer', () => {
      given(childDecider, [enrolled, requested, accepted])
        .when(decline())
        .thenThrows('transfer-accepted');
    });

    it('takes the same decline again as a repeat, and another reason as a contradiction', () => {
      given(childDecider, [enrolled, requested, declined]).when(decline()).thenNothingHappens();
      given(childDecider, [enrolled, requested, declined])
        .when(decline('Other.'))
        .thenThrows('transfer-already-declined');
    });
  });
});
