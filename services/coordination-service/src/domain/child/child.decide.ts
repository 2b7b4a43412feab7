import { DomainError, type Decider } from '@samvirke/event-sourcing';
import {
  childEnrolledV1,
  childErasedV1,
  consentGivenV1,
  consentWithdrawnV1,
  coordinatorAssignedV1,
  coordinatorRequestedV1,
  planEstablishedV1,
  planRevisedV1,
  responsibilityGroupMetV1,
  type ChildEnrolledV1,
  type ChildErasedV1,
  type ConsentGivenV1,
  type ConsentWithdrawnV1,
  type CoordinatorAssignedV1,
  type CoordinatorRequestedV1,
  type PlanEstablishedV1,
  type PlanRevisedV1,
  type ResponsibilityGroupMetV1,
} from '@samvirke/contracts';
import { isBefore, sameInstant, sameOptionalInstant } from '@samvirke/contracts';
import {
  evolveChild,
  initialChildState,
  type ChildEvent,
  type ChildRecord,
  type ChildState,
  type Consent,
} from './child';
import {
  acceptTransfer,
  declineTransfer,
  recordsTransferCommand,
  requestTransfer,
  transferAcceptedAfter,
  type TransferCommand,
} from './transfer.decide';

export type Enrol = {
  type: 'Enrol';
  data: {
    /** What `child-enrolled` records: the name (and birth date) encrypted with the child's key. */
    enrolment: ChildEnrolledV1;
    /** The enrolling unit's municipality (the envelope's): the child's from now on. */
    municipality: string;
    /** The name in clear, to tell a repeated enrolment from a contradicting one. */
    name: string;
    /**
     * The recorded enrolment's name as the edge decrypted it before deciding. Ciphertexts of the
     * same name differ (a fresh IV each time), so only clear names can be compared.
     */
    recorded?: { nameCiphertext: string; name: string };
  };
};
export type RequestCoordinator = { type: 'RequestCoordinator'; data: CoordinatorRequestedV1 };
export type AssignCoordinator = { type: 'AssignCoordinator'; data: CoordinatorAssignedV1 };
/** The consent id is the server's: a new consent is a new id. */
export type GiveConsent = { type: 'GiveConsent'; data: ConsentGivenV1 };
export type WithdrawConsent = { type: 'WithdrawConsent'; data: ConsentWithdrawnV1 };
export type EstablishPlan = { type: 'EstablishPlan'; data: PlanEstablishedV1 };
export type RevisePlan = { type: 'RevisePlan'; data: PlanRevisedV1 };
export type RecordResponsibilityGroupMeeting = {
  type: 'RecordResponsibilityGroupMeeting';
  data: ResponsibilityGroupMetV1;
};
export type Erase = { type: 'Erase'; data: ChildErasedV1 };

export type ChildCommand =
  | Enrol
  | RequestCoordinator
  | AssignCoordinator
  | GiveConsent
  | WithdrawConsent
  | EstablishPlan
  | RevisePlan
  | RecordResponsibilityGroupMeeting
  | Erase
  | TransferCommand;

export function decideChild(command: ChildCommand, state: ChildState): ChildEvent[] {
  if (state.status === 'erased') {
    throw new DomainError(
      `the child was erased at ${state.erasedAt}; nothing more is recorded`,
      'child-erased',
    );
  }
  if (command.type === 'Enrol') return enrol(command.data, state);
  if (state.status === 'not-enrolled') {
    throw new DomainError('the child is not enrolled', 'not-enrolled');
  }
  switch (command.type) {
    case 'RequestCoordinator':
      return requestCoordinator(command.data, state);
    case 'AssignCoordinator':
      return assignCoordinator(command.data, state);
    case 'GiveConsent':
      return giveConsent(command.data, state);
    case 'WithdrawConsent':
      return withdrawConsent(command.data, state);
    case 'EstablishPlan':
      return establishPlan(command.data, state);
    case 'RevisePlan':
      return revisePlan(command.data, state);
    case 'RecordResponsibilityGroupMeeting':
      return recordMeeting(command.data, state);
    case 'Erase':
      return [{ type: childErasedV1.type, data: command.data }];
    case 'RequestTransfer':
      return requestTransfer(command.data, state);
    case 'AcceptTransfer':
      return acceptTransfer(command.data, state);
    case 'DeclineTransfer':
      return declineTransfer(command.data, state);
    default: {
      const _: never = command;
      throw new TypeError(`unknown child command ${JSON.stringify(_)}`);
    }
  }
}

function enrol(
  { enrolment, municipality, name, recorded }: Enrol['data'],
  state: ChildState,
): ChildEvent[] {
  if (state.status === 'not-enrolled')
    return [{ type: childEnrolledV1.type, data: enrolment, municipality }];
  // Enrolled in another municipality: not moved, and not compared, so the answer says nothing of it.
  if (state.municipality !== municipality) {
    throw new DomainError(
      'the child cannot be enrolled here; a child enrolled elsewhere moves only by a transfer from its coordinating unit',
      'enrolled-elsewhere',
    );
  }
  if (recordedName(state, recorded) === name) return [];
  throw new DomainError('the child is already enrolled, under another name', 'already-enrolled');
}

function recordedName(state: ChildRecord, recorded: Enrol['data']['recorded']): string | undefined {
  const was = state.enrolment;
  if ('name' in was) return was.name;
  return recorded?.nameCiphertext === was.nameCiphertext ? recorded.name : undefined;
}

function requestCoordinator(data: CoordinatorRequestedV1, state: ChildRecord): ChildEvent[] {
  // The family asking again (while waiting, or for another coordinator) is a fact of its own.
  if (state.coordinatorRequests.some((at) => sameInstant(at, data.requestedAt))) return [];
  return [{ type: coordinatorRequestedV1.type, data }];
}

function assignCoordinator(data: CoordinatorAssignedV1, state: ChildRecord): ChildEvent[] {
  const current = state.coordinator;
  if (current?.coordinatorId === data.coordinatorId) {
    if (sameInstant(current.assignedAt, data.assignedAt)) return [];
    throw new DomainError(
      `${data.coordinatorId} is already the child's coordinator (assigned ${current.assignedAt})`,
      'already-assigned',
    );
  }
  const arrival = transferAcceptedAfter(state, data.assignedAt);
  if (arrival) {
    throw new DomainError(
      `an assignment at ${data.assignedAt} is before the child came to ${state.municipality} (${arrival.acceptedAt})`,
      'assignment-before-transfer',
    );
  }
  if (current && isBefore(data.assignedAt, current.assignedAt)) {
    throw new DomainError(
      `an assignment at ${data.assignedAt} cannot replace the coordinator assigned later, at ${current.assignedAt}`,
      'assignment-before-current',
    );
  }
  return [{ type: coordinatorAssignedV1.type, data }];
}

/** A consent in force with the same facts as `given`: repeating the command gives no second consent. */
export function sameConsentAs(state: ChildRecord, given: ConsentGivenV1): Consent | undefined {
  return Object.values(state.consents).find(
    (consent) => consent.withdrawnAt === undefined && sameConsentFacts(consent, given),
  );
}

/** The same consent whatever its id: who gave it, when, for which sectors, until when. */
function sameConsentFacts(a: ConsentGivenV1, b: ConsentGivenV1): boolean {
  return (
    a.givenBy === b.givenBy &&
    sameInstant(a.givenAt, b.givenAt) &&
    sameOptionalInstant(a.expiresAt, b.expiresAt) &&
    [...a.sectors].sort().join() === [...b.sectors].sort().join()
  );
}

function giveConsent(data: ConsentGivenV1, state: ChildRecord): ChildEvent[] {
  if (sameConsentAs(state, data)) return [];
  if (state.consents[data.consentId]) {
    throw new DomainError(
      `consent ${data.consentId} is already recorded with other facts`,
      'consent-conflict',
    );
  }
  if (data.expiresAt !== undefined && !isBefore(data.givenAt, data.expiresAt)) {
    throw new DomainError(
      `a consent given at ${data.givenAt} cannot expire at ${data.expiresAt}`,
      'consent-expired-at-once',
    );
  }
  return [{ type: consentGivenV1.type, data }];
}

function withdrawConsent(data: ConsentWithdrawnV1, state: ChildRecord): ChildEvent[] {
  const consent = state.consents[data.consentId];
  if (!consent) {
    throw new DomainError(`the child has no consent ${data.consentId}`, 'unknown-consent');
  }
  if (consent.withdrawnAt !== undefined) {
    throw new DomainError(
      `consent ${data.consentId} was already withdrawn at ${consent.withdrawnAt}`,
      'consent-already-withdrawn',
    );
  }
  return [{ type: consentWithdrawnV1.type, data }];
}

function establishPlan(data: PlanEstablishedV1, state: ChildRecord): ChildEvent[] {
  const plan = state.plan?.established;
  if (plan) {
    if (
      sameInstant(plan.establishedAt, data.establishedAt) &&
      sameInstant(plan.reviewDueAt, data.reviewDueAt)
    )
      return [];
    throw new DomainError(
      `the child's individual plan was already established at ${plan.establishedAt}; record a revision instead`,
      'plan-already-established',
    );
  }
  if (!isBefore(data.establishedAt, data.reviewDueAt)) {
    throw new DomainError(
      `the plan's review (${data.reviewDueAt}) must come after it is established (${data.establishedAt})`,
      'review-before-plan',
    );
  }
  return [{ type: planEstablishedV1.type, data }];
}

function revisePlan(data: PlanRevisedV1, state: ChildRecord): ChildEvent[] {
  const plan = state.plan;
  if (!plan) {
    throw new DomainError(
      'the child has no individual plan to revise; establish it first',
      'no-plan',
    );
  }
  const same = plan.revisions.find((revision) => sameInstant(revision.revisedAt, data.revisedAt));
  if (same) {
    if (sameInstant(same.reviewDueAt, data.reviewDueAt)) return [];
    throw new DomainError(
      `a revision at ${data.revisedAt} is already recorded with another review date`,
      'revision-conflict',
    );
  }
  if (isBefore(data.revisedAt, plan.established.establishedAt)) {
    throw new DomainError(
      `a revision at ${data.revisedAt} is before the plan was established at ${plan.established.establishedAt}`,
      'revision-before-plan',
    );
  }
  if (!isBefore(data.revisedAt, data.reviewDueAt)) {
    throw new DomainError(
      `the next review (${data.reviewDueAt}) must come after the revision (${data.revisedAt})`,
      'review-before-revision',
    );
  }
  return [{ type: planRevisedV1.type, data }];
}

function recordMeeting(data: ResponsibilityGroupMetV1, state: ChildRecord): ChildEvent[] {
  if (state.responsibilityGroupMeetings.some((at) => sameInstant(at, data.heldAt))) return [];
  return [{ type: responsibilityGroupMetV1.type, data }];
}

/**
 * True for the stored event that recorded the fact a command states. When `decide` returns no
 * events (a repeat), the edge answers 200 with this event's id, as it answered the first time.
 */
export function recordsChildCommand(event: ChildEvent, command: ChildCommand): boolean {
  switch (command.type) {
    case 'Enrol':
      return event.type === childEnrolledV1.type;
    case 'RequestCoordinator':
      return (
        event.type === coordinatorRequestedV1.type &&
        sameInstant(event.data.requestedAt, command.data.requestedAt)
      );
    case 'AssignCoordinator':
      return (
        event.type === coordinatorAssignedV1.type &&
        event.data.coordinatorId === command.data.coordinatorId &&
        sameInstant(event.data.assignedAt, command.data.assignedAt)
      );
    case 'GiveConsent':
      return event.type === consentGivenV1.type && sameConsentFacts(event.data, command.data);
    case 'WithdrawConsent':
      return (
        event.type === consentWithdrawnV1.type && event.data.consentId === command.data.consentId
      );
    case 'EstablishPlan':
      return event.type === planEstablishedV1.type;
    case 'RevisePlan':
      return (
        event.type === planRevisedV1.type &&
        sameInstant(event.data.revisedAt, command.data.revisedAt)
      );
    case 'RecordResponsibilityGroupMeeting':
      return (
        event.type === responsibilityGroupMetV1.type &&
        sameInstant(event.data.heldAt, command.data.heldAt)
      );
    case 'Erase':
      return event.type === childErasedV1.type;
    case 'RequestTransfer':
    case 'AcceptTransfer':
    case 'DeclineTransfer':
      return recordsTransferCommand(event, command);
  }
}

export const childDecider: Decider<ChildCommand, ChildState, ChildEvent> = {
  decide: decideChild,
  evolve: evolveChild,
  initialState: initialChildState,
};
