import { DomainError, type Decider } from '@samvirke/event-sourcing';
import {
  expertAssessmentCompletedV1,
  expertAssessmentRequestedV1,
  type ExpertAssessmentCompletedV1,
  type ExpertAssessmentRequestedV1,
} from '@samvirke/contracts';
import { isBefore, sameInstant } from '@samvirke/contracts';
import {
  evolveExpertAssessment,
  initialExpertAssessmentState,
  type ExpertAssessmentEvent,
  type ExpertAssessmentState,
} from './expert-assessment';

type Child = { childRef: string; municipality: string };

export type RequestExpertAssessment = {
  type: 'RequestExpertAssessment';
  data: ExpertAssessmentRequestedV1 & Child;
};
export type CompleteExpertAssessment = {
  type: 'CompleteExpertAssessment';
  data: ExpertAssessmentCompletedV1;
};
export type ExpertAssessmentCommand = RequestExpertAssessment | CompleteExpertAssessment;

export function decideExpertAssessment(
  command: ExpertAssessmentCommand,
  state: ExpertAssessmentState,
): ExpertAssessmentEvent[] {
  switch (command.type) {
    case 'RequestExpertAssessment':
      return request(command.data, state);
    case 'CompleteExpertAssessment':
      return complete(command.data, state);
    default: {
      const _: never = command;
      throw new TypeError(`unknown expert assessment command ${JSON.stringify(_)}`);
    }
  }
}

function request(
  { assessmentId, requestedAt }: RequestExpertAssessment['data'],
  state: ExpertAssessmentState,
): ExpertAssessmentEvent[] {
  if (state.status !== 'unknown') {
    if (sameInstant(state.request.requestedAt, requestedAt)) return [];
    throw new DomainError(
      `expert assessment ${assessmentId} was already requested at ${state.request.requestedAt}`,
      'assessment-conflict',
    );
  }
  return [{ type: expertAssessmentRequestedV1.type, data: { assessmentId, requestedAt } }];
}

function complete(
  { assessmentId, completedAt, recommendsSpecialEducation }: ExpertAssessmentCompletedV1,
  state: ExpertAssessmentState,
): ExpertAssessmentEvent[] {
  switch (state.status) {
    case 'unknown':
      throw new DomainError(
        `expert assessment ${assessmentId} has not been requested, so it cannot be completed`,
        'assessment-not-requested',
      );
    case 'completed': {
      const was = state.completion;
      if (
        sameInstant(was.completedAt, completedAt) &&
        was.recommendsSpecialEducation === recommendsSpecialEducation
      ) {
        return [];
      }
      throw new DomainError(
        `expert assessment ${assessmentId} was already completed at ${was.completedAt}`,
        'assessment-already-completed',
      );
    }
    case 'requested':
      if (isBefore(completedAt, state.request.requestedAt)) {
        throw new DomainError(
          `completion at ${completedAt} is before the request at ${state.request.requestedAt}`,
          'completion-before-request',
        );
      }
      return [
        {
          type: expertAssessmentCompletedV1.type,
          data: { assessmentId, completedAt, recommendsSpecialEducation },
        },
      ];
  }
}

/** True for the stored event that recorded the fact a command states (the edge's 200 answer). */
export function recordsExpertAssessmentCommand(
  event: ExpertAssessmentEvent,
  command: ExpertAssessmentCommand,
): boolean {
  switch (command.type) {
    case 'RequestExpertAssessment':
      return event.type === expertAssessmentRequestedV1.type;
    case 'CompleteExpertAssessment':
      return event.type === expertAssessmentCompletedV1.type;
  }
}

export const expertAssessmentDecider: Decider<
  ExpertAssessmentCommand,
  ExpertAssessmentState,
  ExpertAssessmentEvent
> = {
  decide: decideExpertAssessment,
  evolve: evolveExpertAssessment,
  initialState: initialExpertAssessmentState,
};
