import {
  referralAssessedV1,
  referralReceivedV1,
  treatmentStartedV1,
  type ReferralAssessedV1,
  type ReferralReceivedV1,
  type TreatmentStartedV1,
  type CatalogEvent,
} from '@samvirke/contracts';

/**
 * A referral to specialist health care (BUP, habilitation, paediatrics): received, assessed
 * (accepted with a treatment deadline, or rejected), treatment started. One stream per referral.
 */

export type ReferralEvent = CatalogEvent<
  typeof referralReceivedV1.type | typeof referralAssessedV1.type | typeof treatmentStartedV1.type
>;

export type ReferralState =
  | { status: 'unknown' }
  | { status: 'received'; referral: ReferralReceivedV1 }
  | { status: 'rejected'; referral: ReferralReceivedV1; assessment: ReferralAssessedV1 }
  | { status: 'accepted'; referral: ReferralReceivedV1; assessment: ReferralAssessedV1 }
  | {
      status: 'in-treatment';
      referral: ReferralReceivedV1;
      assessment: ReferralAssessedV1;
      treatment: TreatmentStartedV1;
    };

export const streamIdForReferral = (referralId: string): string => `health-referral-${referralId}`;

export const initialReferralState = (): ReferralState => ({ status: 'unknown' });

/** Folds one stored fact into the state; a fact that cannot follow the state leaves it as it was. */
export function evolveReferral(state: ReferralState, event: ReferralEvent): ReferralState {
  switch (event.type) {
    case referralReceivedV1.type:
      return state.status === 'unknown' ? { status: 'received', referral: event.data } : state;
    case referralAssessedV1.type:
      return state.status === 'received'
        ? { status: event.data.outcome, referral: state.referral, assessment: event.data }
        : state;
    case treatmentStartedV1.type:
      return state.status === 'accepted'
        ? {
            status: 'in-treatment',
            referral: state.referral,
            assessment: state.assessment,
            treatment: event.data,
          }
        : state;
    default: {
      const _: never = event;
      return state;
    }
  }
}
