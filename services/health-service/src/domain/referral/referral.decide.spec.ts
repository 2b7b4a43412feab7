import type { CatalogEvent } from '@samvirke/contracts';
import { given } from '@samvirke/event-sourcing/testing';
import {
  recordsReferralCommand,
  referralDecider,
  type AssessReferral,
  type ReceiveReferral,
  type StartTreatment,
} from './referral.decide';
import { streamIdForReferral } from './referral';

const receive: ReceiveReferral = {
  type: 'ReceiveReferral',
  data: {
    referralId: 'ref-1',
    childRef: 'child-1',
    municipality: '0301',
    service: 'bup',
    receivedAt: '2026-02-02T12:00:00+01:00',
  },
};
const received: CatalogEvent<'no.samvirke.health.referral-received.v1'> = {
  type: 'no.samvirke.health.referral-received.v1',
  data: { referralId: 'ref-1', service: 'bup', receivedAt: '2026-02-02T12:00:00+01:00' },
};
const acceptWithDeadline = (treatmentDeadline: string): AssessReferral => ({
  type: 'AssessReferral',
  data: {
    referralId: 'ref-1',
    assessedAt: '2026-02-10T11:00:00+01:00',
    outcome: 'accepted',
    treatmentDeadline,
  },
});
const accept = acceptWithDeadline('2026-04-10');
const accepted: CatalogEvent<'no.samvirke.health.referral-assessed.v1'> = {
  type: 'no.samvirke.health.referral-assessed.v1',
  data: { ...accept.data },
};
const reject: AssessReferral = {
  type: 'AssessReferral',
  data: { referralId: 'ref-1', assessedAt: '2026-02-10T11:00:00+01:00', outcome: 'rejected' },
};
const rejected: CatalogEvent<'no.samvirke.health.referral-assessed.v1'> = {
  type: 'no.samvirke.health.referral-assessed.v1',
  data: { ...reject.data },
};
const start: StartTreatment = {
  type: 'StartTreatment',
  data: { referralId: 'ref-1', startedAt: '2026-03-20T09:00:00+01:00' },
};
const started: CatalogEvent<'no.samvirke.health.treatment-started.v1'> = {
  type: 'no.samvirke.health.treatment-started.v1',
  data: start.data,
};

describe('referral', () => {
  it('names its stream by the referral id', () => {
    expect(streamIdForReferral('ref-1')).toBe('health-referral-ref-1');
  });

  describe('receive', () => {
    it('records a received referral', () => {
      given(referralDecider, []).when(receive).then([received]);
    });

    it('does nothing when the same referral is received again', () => {
      given(referralDecider, [received]).when(receive).thenNothingHappens();
    });

    it('refuses the same referral id for another service', () => {
      given(referralDecider, [received])
        .when({ ...receive, data: { ...receive.data, service: 'habilitation' } })
        .thenThrows('referral-conflict');
    });
  });

  describe('assess', () => {
    it('records an acceptance with its treatment deadline', () => {
      given(referralDecider, [received]).when(accept).then([accepted]);
    });

    it('records a rejection without a deadline', () => {
      given(referralDecider, [received]).when(reject).then([rejected]);
    });

    it('refuses an assessment of a referral it has not received', () => {
      given(referralDecider, []).when(accept).thenThrows('referral-not-received');
    });

    it('refuses an assessment dated before the referral was received', () => {
      given(referralDecider, [received])
        .when({ ...accept, data: { ...accept.data, assessedAt: '2026-02-01T11:00:00+01:00' } })
        .thenThrows('assessment-before-receipt');
    });

    it('does nothing when the same assessment is recorded again', () => {
      given(referralDecider, [received, accepted]).when(accept).thenNothingHappens();
    });

    it('refuses a second assessment with another outcome', () => {
      given(referralDecider, [received, accepted]).when(reject).thenThrows('already-assessed');
    });

    it('refuses a second assessment with another deadline', () => {
      given(referralDecider, [received, accepted])
        .when(acceptWithDeadline('2026-05-10'))
        .thenThrows('already-assessed');
    });
  });

  describe('start treatment', () => {
    it('records the start of treatment of an accepted referral', () => {
      given(referralDecider, [received, accepted]).when(start).then([started]);
    });

    it('refuses a treatment start for a referral it has not received', () => {
      given(referralDecider, []).when(start).thenThrows('referral-not-received');
    });

    it('refuses a treatment start before the referral is assessed', () => {
      given(referralDecider, [received]).when(start).thenThrows('not-accepted');
    });

    it('refuses a treatment start for a rejected referral', () => {
      given(referralDecider, [received, rejected]).when(start).thenThrows('referral-rejected');
    });

    it('refuses a treatment start dated before the acceptance', () => {
      given(referralDecider, [received, accepted])
        .when({ ...start, data: { ...start.data, startedAt: '2026-02-09T09:00:00+01:00' } })
        .thenThrows('treatment-before-acceptance');
    });

    it('does nothing when the same treatment start is recorded again', () => {
      given(referralDecider, [received, accepted, started]).when(start).thenNothingHappens();
    });

    it('refuses a second treatment start at another time', () => {
      given(referralDecider, [received, accepted, started])
        .when({ ...start, data: { ...start.data, startedAt: '2026-03-21T09:00:00+01:00' } })
        .thenThrows('treatment-already-started');
    });
  });

  it('points a repeated command at the event that first recorded it', () => {
    const history = [received, accepted, started];
    expect(history.find((e) => recordsReferralCommand(e, receive))).toBe(received);
    expect(history.find((e) => recordsReferralCommand(e, accept))).toBe(accepted);
    expect(history.find((e) => recordsReferralCommand(e, start))).toBe(started);
  });
});
