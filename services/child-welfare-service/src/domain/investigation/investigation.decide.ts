import { DomainError, type Decider } from '@samvirke/event-sourcing';
import {
  investigationConcludedV1,
  investigationExtendedV1,
  investigationStartedV1,
  type InvestigationConcludedV1,
  type InvestigationExtendedV1,
  type InvestigationStartedV1,
} from '@samvirke/contracts';
import type { ConcernReportState } from '../concern-report/concern-report';
import { isBefore, sameInstant } from '@samvirke/contracts';
import {
  evolveInvestigation,
  initialInvestigationState,
  type InvestigationEvent,
  type InvestigationState,
} from './investigation';

/**
 * The body names only the report, so the edge reads the report's stream: it takes the child
 * and municipality from it and passes the report's folded state here, where the rule is.
 */
export type StartInvestigation = {
  type: 'StartInvestigation';
  data: InvestigationStartedV1 & { report: ConcernReportState };
};
export type ExtendInvestigation = { type: 'ExtendInvestigation'; data: InvestigationExtendedV1 };
export type ConcludeInvestigation = {
  type: 'ConcludeInvestigation';
  data: InvestigationConcludedV1;
};
export type InvestigationCommand = StartInvestigation | ExtendInvestigation | ConcludeInvestigation;

export function decideInvestigation(
  command: InvestigationCommand,
  state: InvestigationState,
): InvestigationEvent[] {
  switch (command.type) {
    case 'StartInvestigation':
      return start(command.data, state);
    case 'ExtendInvestigation':
      return extend(command.data, state);
    case 'ConcludeInvestigation':
      return conclude(command.data, state);
    default: {
      const _: never = command;
      throw new TypeError(`unknown investigation command ${JSON.stringify(_)}`);
    }
  }
}

function start(
  { investigationId, reportId, startedAt, report }: StartInvestigation['data'],
  state: InvestigationState,
): InvestigationEvent[] {
  // A repeat is answered from this stream alone, whatever has happened to the report since.
  if (state.status !== 'unknown') {
    const was = state.start;
    if (was.reportId === reportId && sameInstant(was.startedAt, startedAt)) return [];
    throw new DomainError(
      `investigation ${investigationId} already started at ${was.startedAt} (report ${was.reportId})`,
      'investigation-conflict',
    );
  }
  // An investigation follows a review that decided to investigate (barnevernsloven §2-1, §2-2).
  switch (report.status) {
    case 'unknown':
      throw new DomainError(`concern report ${reportId} is not known here`, 'report-unknown');
    case 'received':
      throw new DomainError(
        `concern report ${reportId} has not been reviewed; an investigation follows a review that decided to investigate`,
        'report-not-reviewed',
      );
    case 'reviewed':
      if (report.review.decision !== 'investigate') {
        throw new DomainError(
          `concern report ${reportId} was reviewed at ${report.review.reviewedAt} with the decision to dismiss it`,
          'report-dismissed',
        );
      }
      if (isBefore(startedAt, report.review.reviewedAt)) {
        throw new DomainError(
          `investigation start at ${startedAt} is before the review of report ${reportId} at ${report.review.reviewedAt}`,
          'investigation-before-review',
        );
      }
      return [
        { type: investigationStartedV1.type, data: { investigationId, reportId, startedAt } },
      ];
  }
}

function extend(
  { investigationId, extendedAt, reason }: InvestigationExtendedV1,
  state: InvestigationState,
): InvestigationEvent[] {
  if (state.status === 'unknown') {
    throw new DomainError(
      `investigation ${investigationId} has not been started`,
      'investigation-not-started',
    );
  }
  const was = state.status === 'extended' || state.status === 'concluded' ? state.extension : null;
  if (was) {
    if (sameInstant(was.extendedAt, extendedAt) && was.reason === reason) return [];
    throw new DomainError(
      `investigation ${investigationId} was already extended at ${was.extendedAt}; it can be extended only once`,
      'already-extended',
    );
  }
  if (state.status === 'concluded') {
    throw new DomainError(
      `investigation ${investigationId} was concluded at ${state.conclusion.concludedAt}`,
      'investigation-concluded',
    );
  }
  if (isBefore(extendedAt, state.start.startedAt)) {
    throw new DomainError(
      `extension at ${extendedAt} is before the investigation started at ${state.start.startedAt}`,
      'extension-before-start',
    );
  }
  return [{ type: investigationExtendedV1.type, data: { investigationId, extendedAt, reason } }];
}

function conclude(
  { investigationId, concludedAt, outcome }: InvestigationConcludedV1,
  state: InvestigationState,
): InvestigationEvent[] {
  switch (state.status) {
    case 'unknown':
      throw new DomainError(
        `investigation ${investigationId} has not been started, so it cannot be concluded`,
        'investigation-not-started',
      );
    case 'concluded': {
      const was = state.conclusion;
      if (was.outcome === outcome && sameInstant(was.concludedAt, concludedAt)) return [];
      throw new DomainError(
        `investigation ${investigationId} was already concluded at ${was.concludedAt} (${was.outcome})`,
        'already-concluded',
      );
    }
    case 'started':
    case 'extended':
      if (isBefore(concludedAt, state.start.startedAt)) {
        throw new DomainError(
          `conclusion at ${concludedAt} is before the investigation started at ${state.start.startedAt}`,
          'conclusion-before-start',
        );
      }
      if (state.status === 'extended' && isBefore(concludedAt, state.extension.extendedAt)) {
        throw new DomainError(
          `conclusion at ${concludedAt} is before the extension at ${state.extension.extendedAt}`,
          'conclusion-before-extension',
        );
      }
      return [
        { type: investigationConcludedV1.type, data: { investigationId, concludedAt, outcome } },
      ];
  }
}

/** True for the stored event that recorded the fact a command states (the edge's 200 answer). */
export function recordsInvestigationCommand(
  event: InvestigationEvent,
  command: InvestigationCommand,
): boolean {
  switch (command.type) {
    case 'StartInvestigation':
      return event.type === investigationStartedV1.type;
    case 'ExtendInvestigation':
      return event.type === investigationExtendedV1.type;
    case 'ConcludeInvestigation':
      return event.type === investigationConcludedV1.type;
  }
}

export const investigationDecider: Decider<
  InvestigationCommand,
  InvestigationState,
  InvestigationEvent
> = {
  decide: decideInvestigation,
  evolve: evolveInvestigation,
  initialState: initialInvestigationState,
};
