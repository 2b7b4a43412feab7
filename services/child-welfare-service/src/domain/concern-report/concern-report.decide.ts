import { DomainError, type Decider } from '@samvirke/event-sourcing';
import {
  concernReportReceivedV1,
  concernReportReviewedV1,
  type ConcernReportReceivedV1,
  type ConcernReportReviewedV1,
} from '@samvirke/contracts';
import { isBefore, sameInstant } from '@samvirke/contracts';
import {
  evolveConcernReport,
  initialConcernReportState,
  type ConcernReportEvent,
  type ConcernReportState,
} from './concern-report';

type Child = { childRef: string; municipality: string };

export type ReceiveConcernReport = {
  type: 'ReceiveConcernReport';
  data: ConcernReportReceivedV1 & Child;
};
export type ReviewConcernReport = { type: 'ReviewConcernReport'; data: ConcernReportReviewedV1 };
export type ConcernReportCommand = ReceiveConcernReport | ReviewConcernReport;

export function decideConcernReport(
  command: ConcernReportCommand,
  state: ConcernReportState,
): ConcernReportEvent[] {
  switch (command.type) {
    case 'ReceiveConcernReport':
      return receive(command.data, state);
    case 'ReviewConcernReport':
      return review(command.data, state);
    default: {
      const _: never = command;
      throw new TypeError(`unknown concern report command ${JSON.stringify(_)}`);
    }
  }
}

function receive(
  { reportId, receivedAt, reporter }: ReceiveConcernReport['data'],
  state: ConcernReportState,
): ConcernReportEvent[] {
  if (state.status !== 'unknown') {
    const was = state.report;
    if (was.reporter === reporter && sameInstant(was.receivedAt, receivedAt)) return [];
    throw new DomainError(
      `concern report ${reportId} is already recorded (from ${was.reporter}, received ${was.receivedAt}) with other facts`,
      'report-conflict',
    );
  }
  return [{ type: concernReportReceivedV1.type, data: { reportId, receivedAt, reporter } }];
}

function review(
  { reportId, reviewedAt, decision }: ConcernReportReviewedV1,
  state: ConcernReportState,
): ConcernReportEvent[] {
  switch (state.status) {
    case 'unknown':
      throw new DomainError(
        `concern report ${reportId} has not been received, so it cannot be reviewed`,
        'report-not-received',
      );
    case 'reviewed': {
      const was = state.review;
      if (was.decision === decision && sameInstant(was.reviewedAt, reviewedAt)) return [];
      throw new DomainError(
        `concern report ${reportId} was already reviewed at ${was.reviewedAt} (decision: ${was.decision})`,
        'already-reviewed',
      );
    }
    case 'received':
      if (isBefore(reviewedAt, state.report.receivedAt)) {
        throw new DomainError(
          `review at ${reviewedAt} is before the report was received at ${state.report.receivedAt}`,
          'review-before-receipt',
        );
      }
      return [{ type: concernReportReviewedV1.type, data: { reportId, reviewedAt, decision } }];
  }
}

/** True for the stored event that recorded the fact a command states (the edge's 200 answer). */
export function recordsConcernReportCommand(
  event: ConcernReportEvent,
  command: ConcernReportCommand,
): boolean {
  switch (command.type) {
    case 'ReceiveConcernReport':
      return event.type === concernReportReceivedV1.type;
    case 'ReviewConcernReport':
      return event.type === concernReportReviewedV1.type;
  }
}

export const concernReportDecider: Decider<
  ConcernReportCommand,
  ConcernReportState,
  ConcernReportEvent
> = {
  decide: decideConcernReport,
  evolve: evolveConcernReport,
  initialState: initialConcernReportState,
};
