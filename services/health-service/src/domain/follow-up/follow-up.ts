import {
  followUpRecordedV1,
  type FollowUpRecordedV1,
  type CatalogEvent,
} from '@samvirke/contracts';

/**
 * A follow-up contact with the child (GP, health nurse, home visit, ...). Its own aggregate:
 * `admissionId` only points at a stay, which may live in another system or not have reached
 * this one yet, so the follow-up never waits for or checks the admission.
 */

export type FollowUpEvent = CatalogEvent<typeof followUpRecordedV1.type>;

export type FollowUpState =
  { status: 'unknown' } | { status: 'recorded'; followUp: FollowUpRecordedV1 };

export const streamIdForFollowUp = (followUpId: string): string => `health-follow-up-${followUpId}`;

export const initialFollowUpState = (): FollowUpState => ({ status: 'unknown' });

/** Folds one stored fact into the state; a second record cannot follow and leaves it as it was. */
export function evolveFollowUp(state: FollowUpState, event: FollowUpEvent): FollowUpState {
  switch (event.type) {
    case followUpRecordedV1.type:
      return state.status === 'unknown' ? { status: 'recorded', followUp: event.data } : state;
    default: {
      const _: never = event.type;
      return state;
    }
  }
}
