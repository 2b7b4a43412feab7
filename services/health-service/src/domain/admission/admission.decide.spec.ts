import type { CatalogEvent } from '@samvirke/contracts';
import { given } from '@samvirke/event-sourcing/testing';
import {
  admissionDecider,
  recordsAdmissionCommand,
  type Admit,
  type Discharge,
  type SendDischargeSummary,
} from './admission.decide';
import { streamIdForAdmission } from './admission';

const admit: Admit = {
  type: 'Admit',
  data: {
    admissionId: 'adm-1',
    childRef: 'child-1',
    municipality: '5001',
    facility: 'St. Olavs hospital',
    kind: 'inpatient',
    admittedAt: '2026-03-02T08:15:00+01:00',
  },
};
const admitted: CatalogEvent<'no.samvirke.health.admission-recorded.v1'> = {
  type: 'no.samvirke.health.admission-recorded.v1',
  data: {
    admissionId: 'adm-1',
    facility: 'St. Olavs hospital',
    kind: 'inpatient',
    admittedAt: '2026-03-02T08:15:00+01:00',
  },
};
const discharge: Discharge = {
  type: 'Discharge',
  data: {
    admissionId: 'adm-1',
    dischargedAt: '2026-03-09T14:00:00+01:00',
    followUpNeeded: true,
    destination: 'home',
  },
};
const discharged: CatalogEvent<'no.samvirke.health.discharge-recorded.v1'> = {
  type: 'no.samvirke.health.discharge-recorded.v1',
  data: discharge.data,
};
const sendSummary: SendDischargeSummary = {
  type: 'SendDischargeSummary',
  data: { admissionId: 'adm-1', sentAt: '2026-03-10T09:30:00+01:00' },
};
const summarySent: CatalogEvent<'no.samvirke.health.discharge-summary-sent.v1'> = {
  type: 'no.samvirke.health.discharge-summary-sent.v1',
  data: sendSummary.data,
};

const withData = <C extends { data: object }>(command: C, data: Partial<C['data']>): C => ({
  ...command,
  data: { ...command.data, ...data },
});

describe('admission', () => {
  it('names its stream by the admission id', () => {
    expect(streamIdForAdmission('adm-1')).toBe('health-admission-adm-1');
  });

  describe('admit', () => {
    it('records an admission, without the child or municipality in the payload', () => {
      given(admissionDecider, []).when(admit).then([admitted]);
    });

    it('does nothing when the same admission is recorded again', () => {
      given(admissionDecider, [admitted]).when(admit).thenNothingHappens();
    });

    it('treats the same moment written with another offset as the same admission', () => {
      given(admissionDecider, [admitted])
        .when(withData(admit, { admittedAt: '2026-03-02T07:15:00Z' }))
        .thenNothingHappens();
    });

    it('refuses the same admission id with other facts', () => {
      given(admissionDecider, [admitted])
        .when(withData(admit, { kind: 'day' }))
        .thenThrows('admission-conflict');
    });
  });

  describe('discharge', () => {
    it('records the discharge of an admitted child', () => {
      given(admissionDecider, [admitted]).when(discharge).then([discharged]);
    });

    it('refuses a discharge of an admission it has not seen', () => {
      given(admissionDecider, []).when(discharge).thenThrows('not-admitted');
    });

    it('refuses a discharge dated before the admission', () => {
      const error = given(admissionDecider, [admitted])
        .when(withData(discharge, { dischargedAt: '2026-03-01T23:00:00+01:00' }))
        .thenThrows('discharge-before-admission');
      expect(error.message).toContain('before the admission');
    });

    it('accepts a discharge at the very moment of admission', () => {
      const sameMoment = withData(discharge, { dischargedAt: admitted.data.admittedAt });
      given(admissionDecider, [admitted])
        .when(sameMoment)
        .then([{ ...discharged, data: sameMoment.data }]);
    });

    it('does nothing when the same discharge is recorded again', () => {
      given(admissionDecider, [admitted, discharged]).when(discharge).thenNothingHappens();
    });

    it('does nothing when the same discharge is repeated after the summary was sent', () => {
      given(admissionDecider, [admitted, discharged, summarySent])
        .when(discharge)
        .thenNothingHappens();
    });

    it('refuses a second, different discharge', () => {
      given(admissionDecider, [admitted, discharged])
        .when(withData(discharge, { destination: 'institution' }))
        .thenThrows('already-discharged');
    });
  });

  describe('send discharge summary', () => {
    it('records the summary sent after the discharge', () => {
      given(admissionDecider, [admitted, discharged]).when(sendSummary).then([summarySent]);
    });

    it('refuses a summary for an admission it has not seen', () => {
      given(admissionDecider, []).when(sendSummary).thenThrows('not-admitted');
    });

    it('refuses a summary before the discharge is recorded', () => {
      given(admissionDecider, [admitted]).when(sendSummary).thenThrows('not-discharged');
    });

    it('refuses a summary dated before the discharge', () => {
      given(admissionDecider, [admitted, discharged])
        .when(withData(sendSummary, { sentAt: '2026-03-09T13:00:00+01:00' }))
        .thenThrows('summary-before-discharge');
    });

    it('does nothing when the same summary is recorded again', () => {
      given(admissionDecider, [admitted, discharged, summarySent])
        .when(sendSummary)
        .thenNothingHappens();
    });

    it('refuses a second summary sent at another time', () => {
      given(admissionDecider, [admitted, discharged, summarySent])
        .when(withData(sendSummary, { sentAt: '2026-03-11T09:30:00+01:00' }))
        .thenThrows('summary-already-sent');
    });
  });

  it('points a repeated command at the event that first recorded it', () => {
    const history = [admitted, discharged, summarySent];
    expect(history.find((e) => recordsAdmissionCommand(e, discharge))).toBe(discharged);
    expect(history.find((e) => recordsAdmissionCommand(e, sendSummary))).toBe(summarySent);
    expect(history.find((e) => recordsAdmissionCommand(e, admit))).toBe(admitted);
  });
});
