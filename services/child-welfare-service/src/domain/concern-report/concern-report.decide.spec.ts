import type { CatalogEvent } from '@samvirke/contracts';
import { given } from '@samvirke/event-sourcing/testing';
import {
  concernReportDecider,
  recordsConcernReportCommand,
  type ReceiveConcernReport,
  type ReviewConcernReport,
} from './concern-report.decide';
import { streamIdForConcernReport } from './concern-report';

const receive: ReceiveConcernReport = {
  type: 'ReceiveConcernReport',
  data: {
    reportId: 'bm-1',
    childRef: 'child-1',
    municipality: '4601',
    receivedAt: '2026-03-04T10:20:00+01:00',
    reporter: 'school',
  },
};
const received: CatalogEvent<'no.samvirke.childwelfare.concern-report-received.v1'> = {
  type: 'no.samvirke.childwelfare.concern-report-received.v1',
  data: { reportId: 'bm-1', receivedAt: '2026-03-04T10:20:00+01:00', reporter: 'school' },
};
const review: ReviewConcernReport = {
  type: 'ReviewConcernReport',
  data: { reportId: 'bm-1', reviewedAt: '2026-03-09T14:00:00+01:00', decision: 'investigate' },
};
const reviewed: CatalogEvent<'no.samvirke.childwelfare.concern-report-reviewed.v1'> = {
  type: 'no.samvirke.childwelfare.concern-report-reviewed.v1',
  data: review.data,
};

describe('concern report', () => {
  it('names its stream by the report id', () => {
    expect(streamIdForConcernReport('bm-1')).toBe('childwelfare-concern-report-bm-1');
  });

  describe('receive', () => {
    it('records a received report, without the child or municipality in the payload', () => {
      given(concernReportDecider, []).when(receive).then([received]);
    });

    it('does nothing when the same report is received again', () => {
      given(concernReportDecider, [received, reviewed]).when(receive).thenNothingHappens();
    });

    it('refuses the same report id from another reporter', () => {
      given(concernReportDecider, [received])
        .when({ ...receive, data: { ...receive.data, reporter: 'police' } })
        .thenThrows('report-conflict');
    });
  });

  describe('review', () => {
    it('records the review of a received report', () => {
      given(concernReportDecider, [received]).when(review).then([reviewed]);
    });

    it('refuses a review of a report it has not received', () => {
      given(concernReportDecider, []).when(review).thenThrows('report-not-received');
    });

    it('refuses a review dated before the report was received', () => {
      const error = given(concernReportDecider, [received])
        .when({ ...review, data: { ...review.data, reviewedAt: '2026-03-04T10:00:00+01:00' } })
        .thenThrows('review-before-receipt');
      expect(error.message).toContain('before the report was received');
    });

    it('does nothing when the same review is recorded again', () => {
      given(concernReportDecider, [received, reviewed]).when(review).thenNothingHappens();
    });

    it('refuses a second review with another decision', () => {
      given(concernReportDecider, [received, reviewed])
        .when({ ...review, data: { ...review.data, decision: 'dismiss' } })
        .thenThrows('already-reviewed');
    });

    it('refuses a second review at another time', () => {
      given(concernReportDecider, [received, reviewed])
        .when({ ...review, data: { ...review.data, reviewedAt: '2026-03-10T14:00:00+01:00' } })
        .thenThrows('already-reviewed');
    });
  });

  it('points a repeated command at the event that first recorded it', () => {
    const history = [received, reviewed];
    expect(history.find((e) => recordsConcernReportCommand(e, receive))).toBe(received);
    expect(history.find((e) => recordsConcernReportCommand(e, review))).toBe(reviewed);
  });
});
