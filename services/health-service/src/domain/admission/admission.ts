import {
  admissionRecordedV1,
  dischargeRecordedV1,
  dischargeSummarySentV1,
  type AdmissionRecordedV1,
  type DischargeRecordedV1,
  type DischargeSummarySentV1,
  type CatalogEvent,
} from '@samvirke/contracts';

/**
 * A hospital stay: admitted, discharged, its discharge summary (epikrise) sent. One stream per
 * stay, named by the sector system's admission id; the child is the envelope's subject.
 */

export type AdmissionEvent = CatalogEvent<
  | typeof admissionRecordedV1.type
  | typeof dischargeRecordedV1.type
  | typeof dischargeSummarySentV1.type
>;

export type AdmissionState =
  | { status: 'unknown' }
  | { status: 'admitted'; admission: AdmissionRecordedV1 }
  | { status: 'discharged'; admission: AdmissionRecordedV1; discharge: DischargeRecordedV1 }
  | {
      status: 'summary-sent';
      admission: AdmissionRecordedV1;
      discharge: DischargeRecordedV1;
      summary: DischargeSummarySentV1;
    };

export const streamIdForAdmission = (admissionId: string): string =>
  `health-admission-${admissionId}`;

export const initialAdmissionState = (): AdmissionState => ({ status: 'unknown' });

/** Folds one stored fact into the state; a fact that cannot follow the state leaves it as it was. */
export function evolveAdmission(state: AdmissionState, event: AdmissionEvent): AdmissionState {
  switch (event.type) {
    case admissionRecordedV1.type:
      return state.status === 'unknown' ? { status: 'admitted', admission: event.data } : state;
    case dischargeRecordedV1.type:
      return state.status === 'admitted'
        ? { status: 'discharged', admission: state.admission, discharge: event.data }
        : state;
    case dischargeSummarySentV1.type:
      return state.status === 'discharged'
        ? {
            status: 'summary-sent',
            admission: state.admission,
            discharge: state.discharge,
            summary: event.data,
          }
        : state;
    default: {
      const _: never = event;
      return state;
    }
  }
}
