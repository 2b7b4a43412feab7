import { DomainError, type Decider } from '@samvirke/event-sourcing';
import {
  admissionRecordedV1,
  dischargeRecordedV1,
  dischargeSummarySentV1,
  type AdmissionRecordedV1,
  type DischargeRecordedV1,
  type DischargeSummarySentV1,
} from '@samvirke/contracts';
import { isBefore, sameInstant } from '@samvirke/contracts';
import {
  evolveAdmission,
  initialAdmissionState,
  type AdmissionEvent,
  type AdmissionState,
} from './admission';

/** Who the stay belongs to: goes to the envelope (subject, municipality), not the payload. */
type Child = { childRef: string; municipality: string };

export type Admit = { type: 'Admit'; data: AdmissionRecordedV1 & Child };
export type Discharge = { type: 'Discharge'; data: DischargeRecordedV1 };
export type SendDischargeSummary = { type: 'SendDischargeSummary'; data: DischargeSummarySentV1 };
export type AdmissionCommand = Admit | Discharge | SendDischargeSummary;

export function decideAdmission(
  command: AdmissionCommand,
  state: AdmissionState,
): AdmissionEvent[] {
  switch (command.type) {
    case 'Admit':
      return admit(command.data, state);
    case 'Discharge':
      return discharge(command.data, state);
    case 'SendDischargeSummary':
      return sendDischargeSummary(command.data, state);
    default: {
      const _: never = command;
      throw new TypeError(`unknown admission command ${JSON.stringify(_)}`);
    }
  }
}

function admit(
  { admissionId, facility, kind, admittedAt }: Admit['data'],
  state: AdmissionState,
): AdmissionEvent[] {
  const admission: AdmissionRecordedV1 = { admissionId, facility, kind, admittedAt };
  if (state.status !== 'unknown') {
    const was = state.admission;
    if (was.facility === facility && was.kind === kind && sameInstant(was.admittedAt, admittedAt))
      return [];
    throw new DomainError(
      `admission ${admissionId} is already recorded (${was.kind} at ${was.facility}, admitted ${was.admittedAt}) with other facts`,
      'admission-conflict',
    );
  }
  return [{ type: admissionRecordedV1.type, data: admission }];
}

function discharge(data: DischargeRecordedV1, state: AdmissionState): AdmissionEvent[] {
  const { admissionId, dischargedAt, followUpNeeded, destination } = data;
  if (state.status === 'unknown') {
    throw new DomainError(
      `admission ${admissionId} has not been recorded, so it cannot be discharged`,
      'not-admitted',
    );
  }
  if (state.status !== 'admitted') {
    const was = state.discharge;
    if (
      sameInstant(was.dischargedAt, dischargedAt) &&
      was.followUpNeeded === followUpNeeded &&
      was.destination === destination
    ) {
      return [];
    }
    throw new DomainError(
      `admission ${admissionId} was already discharged at ${was.dischargedAt} (to ${was.destination})`,
      'already-discharged',
    );
  }
  if (isBefore(dischargedAt, state.admission.admittedAt)) {
    throw new DomainError(
      `discharge at ${dischargedAt} is before the admission at ${state.admission.admittedAt}`,
      'discharge-before-admission',
    );
  }
  return [
    {
      type: dischargeRecordedV1.type,
      data: { admissionId, dischargedAt, followUpNeeded, destination },
    },
  ];
}

function sendDischargeSummary(
  { admissionId, sentAt }: DischargeSummarySentV1,
  state: AdmissionState,
): AdmissionEvent[] {
  switch (state.status) {
    case 'unknown':
      throw new DomainError(`admission ${admissionId} has not been recorded`, 'not-admitted');
    case 'admitted':
      throw new DomainError(
        `admission ${admissionId} has no recorded discharge; a discharge summary follows the discharge`,
        'not-discharged',
      );
    case 'summary-sent':
      if (sameInstant(state.summary.sentAt, sentAt)) return [];
      throw new DomainError(
        `the discharge summary for admission ${admissionId} was already sent at ${state.summary.sentAt}`,
        'summary-already-sent',
      );
    case 'discharged':
      if (isBefore(sentAt, state.discharge.dischargedAt)) {
        throw new DomainError(
          `discharge summary sent at ${sentAt} is before the discharge at ${state.discharge.dischargedAt}`,
          'summary-before-discharge',
        );
      }
      return [{ type: dischargeSummarySentV1.type, data: { admissionId, sentAt } }];
  }
}

/**
 * True for the stored event that recorded the fact a command states. When `decide` returns no
 * events (a repeat), the edge answers 200 with this event's id, as it answered the first time.
 */
export function recordsAdmissionCommand(event: AdmissionEvent, command: AdmissionCommand): boolean {
  switch (command.type) {
    case 'Admit':
      return event.type === admissionRecordedV1.type;
    case 'Discharge':
      return event.type === dischargeRecordedV1.type;
    case 'SendDischargeSummary':
      return event.type === dischargeSummarySentV1.type;
  }
}

export const admissionDecider: Decider<AdmissionCommand, AdmissionState, AdmissionEvent> = {
  decide: decideAdmission,
  evolve: evolveAdmission,
  initialState: initialAdmissionState,
};
