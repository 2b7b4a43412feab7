import { DomainError, type Decider } from '@samvirke/event-sourcing';
import {
  referralAssessedV1,
  referralReceivedV1,
  treatmentStartedV1,
  type ReferralAssessedV1,
  type ReferralReceivedV1,
  type TreatmentStartedV1,
} from '@samvirke/contracts';
import { isBefore, sameInstant } from '@samvirke/contracts';
import {
  evolveReferral,
  initialReferralState,
  type ReferralEvent,
  type ReferralState,
} from './referral';

type Child = { childRef: string; municipality: string };

/** Only an accepted referral carries a treatment deadline; the edge refuses one on a rejection (400). */
type Assessment = Omit<ReferralAssessedV1, 'outcome' | 'treatmentDeadline'> &
  (
    | { outcome: 'accepted'; treatmentDeadline?: string }
    | { outcome: 'rejected'; treatmentDeadline?: never }
  );

export type ReceiveReferral = { type: 'ReceiveReferral'; data: ReferralReceivedV1 & Child };
export type AssessReferral = { type: 'AssessReferral'; data: Assessment };
export type StartTreatment = { type: 'StartTreatment'; data: TreatmentStartedV1 };
export type ReferralCommand = ReceiveReferral | AssessReferral | StartTreatment;

export function decideReferral(command: ReferralCommand, state: ReferralState): ReferralEvent[] {
  switch (command.type) {
    case 'ReceiveReferral':
      return receive(command.data, state);
    case 'AssessReferral':
      return assess(command.data, state);
    case 'StartTreatment':
      return startTreatment(command.data, state);
    default: {
      const _: never = command;
      throw new TypeError(`unknown referral command ${JSON.stringify(_)}`);
    }
  }
}

function receive(
  { referralId, service, receivedAt }: ReceiveReferral['data'],
  state: ReferralState,
): ReferralEvent[] {
  if (state.status !== 'unknown') {
    const was = state.referral;
    if (was.service === service && sameInstant(was.receivedAt, receivedAt)) return [];
    throw new DomainError(
      `referral ${referralId} is already recorded (to ${was.service}, received ${was.receivedAt}) with other facts`,
      'referral-conflict',
    );
  }
  return [{ type: referralReceivedV1.type, data: { referralId, service, receivedAt } }];
}

function assess(assessment: Assessment, state: ReferralState): ReferralEvent[] {
  const { referralId, assessedAt, outcome, treatmentDeadline } = assessment;
  if (state.status === 'unknown') {
    throw new DomainError(
      `referral ${referralId} has not been received, so it cannot be assessed`,
      'referral-not-received',
    );
  }
  if (state.status !== 'received') {
    const was = state.assessment;
    if (
      sameInstant(was.assessedAt, assessedAt) &&
      was.outcome === outcome &&
      was.treatmentDeadline === treatmentDeadline
    ) {
      return [];
    }
    throw new DomainError(
      `referral ${referralId} was already assessed at ${was.assessedAt} (${was.outcome})`,
      'already-assessed',
    );
  }
  if (isBefore(assessedAt, state.referral.receivedAt)) {
    throw new DomainError(
      `assessment at ${assessedAt} is before the referral was received at ${state.referral.receivedAt}`,
      'assessment-before-receipt',
    );
  }
  const data: ReferralAssessedV1 =
    treatmentDeadline === undefined
      ? { referralId, assessedAt, outcome }
      : { referralId, assessedAt, outcome, treatmentDeadline };
  return [{ type: referralAssessedV1.type, data }];
}

function startTreatment(
  { referralId, startedAt }: TreatmentStartedV1,
  state: ReferralState,
): ReferralEvent[] {
  switch (state.status) {
    case 'unknown':
      throw new DomainError(
        `referral ${referralId} has not been received`,
        'referral-not-received',
      );
    case 'received':
      throw new DomainError(
        `referral ${referralId} has not been assessed; treatment starts only after it is accepted`,
        'not-accepted',
      );
    case 'rejected':
      throw new DomainError(
        `referral ${referralId} was rejected at ${state.assessment.assessedAt}`,
        'referral-rejected',
      );
    case 'in-treatment':
      if (sameInstant(state.treatment.startedAt, startedAt)) return [];
      throw new DomainError(
        `treatment for referral ${referralId} already started at ${state.treatment.startedAt}`,
        'treatment-already-started',
      );
    case 'accepted':
      if (isBefore(startedAt, state.assessment.assessedAt)) {
        throw new DomainError(
          `treatment start at ${startedAt} is before the referral was accepted at ${state.assessment.assessedAt}`,
          'treatment-before-acceptance',
        );
      }
      return [{ type: treatmentStartedV1.type, data: { referralId, startedAt } }];
  }
}

/** True for the stored event that recorded the fact a command states (the edge's 200 answer). */
export function recordsReferralCommand(event: ReferralEvent, command: ReferralCommand): boolean {
  switch (command.type) {
    case 'ReceiveReferral':
      return event.type === referralReceivedV1.type;
    case 'AssessReferral':
      return event.type === referralAssessedV1.type;
    case 'StartTreatment':
      return event.type === treatmentStartedV1.type;
  }
}

export const referralDecider: Decider<ReferralCommand, ReferralState, ReferralEvent> = {
  decide: decideReferral,
  evolve: evolveReferral,
  initialState: initialReferralState,
};
