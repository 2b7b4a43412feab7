import { DomainError, type Decider } from '../decider';

/** A small decider for this package's own tests: a hospital stay that is admitted, then discharged. */
export type AdmissionEvent =
  | {
      type: 'no.samvirke.health.admission-recorded.v1';
      data: { admissionId: string; ward: string };
    }
  | {
      type: 'no.samvirke.health.discharge-recorded.v1';
      data: { admissionId: string; dischargedOn: string };
    };

export type AdmissionCommand =
  | { type: 'record-admission'; admissionId: string; ward: string }
  | { type: 'record-discharge'; admissionId: string; dischargedOn: string };

export type AdmissionState =
  | { status: 'none' }
  | { status: 'admitted'; admissionId: string; ward: string }
  | { status: 'discharged'; admissionId: string; dischargedOn: string };

export const admission: Decider<AdmissionCommand, AdmissionState, AdmissionEvent> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    switch (command.type) {
      case 'record-admission':
        if (state.status === 'admitted' && state.admissionId === command.admissionId) return [];
        if (state.status === 'admitted')
          throw new DomainError('the child is already admitted', 'already-admitted');
        return [
          {
            type: 'no.samvirke.health.admission-recorded.v1',
            data: { admissionId: command.admissionId, ward: command.ward },
          },
        ];
      case 'record-discharge':
        if (state.status !== 'admitted')
          throw new DomainError('no admission to discharge', 'not-admitted');
        return [
          {
            type: 'no.samvirke.health.discharge-recorded.v1',
            data: { admissionId: state.admissionId, dischargedOn: command.dischargedOn },
          },
        ];
      default: {
        const _: never = command;
        return _;
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'no.samvirke.health.admission-recorded.v1':
        return { status: 'admitted', admissionId: event.data.admissionId, ward: event.data.ward };
      case 'no.samvirke.health.discharge-recorded.v1':
        return {
          status: 'discharged',
          admissionId: event.data.admissionId,
          dischargedOn: event.data.dischargedOn,
        };
      default: {
        const _: never = event;
        return state;
      }
    }
  },
};

export const admitted: AdmissionEvent = {
  type: 'no.samvirke.health.admission-recorded.v1',
  data: { admissionId: 'a-1', ward: 'paediatrics' },
};
