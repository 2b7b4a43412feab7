import {
  concernReportReceivedV1,
  concernReportReviewedV1,
  type ConcernReportReceivedV1,
  type ConcernReportReviewedV1,
  type CatalogEvent,
} from '@samvirke/contracts';

/**
 * A concern report (bekymringsmelding): received, then reviewed once, with the decision to
 * investigate or to dismiss (barnevernsloven §2-1). One stream per report id.
 */

export type ConcernReportEvent = CatalogEvent<
  typeof concernReportReceivedV1.type | typeof concernReportReviewedV1.type
>;

export type ConcernReportState =
  | { status: 'unknown' }
  | { status: 'received'; report: ConcernReportReceivedV1 }
  | { status: 'reviewed'; report: ConcernReportReceivedV1; review: ConcernReportReviewedV1 };

export const streamIdForConcernReport = (reportId: string): string =>
  `childwelfare-concern-report-${reportId}`;

export const initialConcernReportState = (): ConcernReportState => ({ status: 'unknown' });

/** Folds one stored fact into the state; a fact that cannot follow the state leaves it as it was. */
export function evolveConcernReport(
  state: ConcernReportState,
  event: ConcernReportEvent,
): ConcernReportState {
  switch (event.type) {
    case concernReportReceivedV1.type:
      return state.status === 'unknown' ? { status: 'received', report: event.data } : state;
    case concernReportReviewedV1.type:
      return state.status === 'received'
        ? { status: 'reviewed', report: state.report, review: event.data }
        : state;
    default: {
      const _: never = event;
      return state;
    }
  }
}
