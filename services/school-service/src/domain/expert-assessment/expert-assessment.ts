import {
  expertAssessmentCompletedV1,
  expertAssessmentRequestedV1,
  type ExpertAssessmentCompletedV1,
  type ExpertAssessmentRequestedV1,
  type CatalogEvent,
} from '@samvirke/contracts';

/**
 * A PPT expert assessment (sakkyndig vurdering): requested, then completed. One stream per
 * assessment id.
 */

export type ExpertAssessmentEvent = CatalogEvent<
  typeof expertAssessmentRequestedV1.type | typeof expertAssessmentCompletedV1.type
>;

export type ExpertAssessmentState =
  | { status: 'unknown' }
  | { status: 'requested'; request: ExpertAssessmentRequestedV1 }
  | {
      status: 'completed';
      request: ExpertAssessmentRequestedV1;
      completion: ExpertAssessmentCompletedV1;
    };

export const streamIdForExpertAssessment = (assessmentId: string): string =>
  `school-expert-assessment-${assessmentId}`;

export const initialExpertAssessmentState = (): ExpertAssessmentState => ({ status: 'unknown' });

/** Folds one stored fact into the state; a fact that cannot follow the state leaves it as it was. */
export function evolveExpertAssessment(
  state: ExpertAssessmentState,
  event: ExpertAssessmentEvent,
): ExpertAssessmentState {
  switch (event.type) {
    case expertAssessmentRequestedV1.type:
      return state.status === 'unknown' ? { status: 'requested', request: event.data } : state;
    case expertAssessmentCompletedV1.type:
      return state.status === 'requested'
        ? { status: 'completed', request: state.request, completion: event.data }
        : state;
    default: {
      const _: never = event;
      return state;
    }
  }
}
