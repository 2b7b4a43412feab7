import type { CatalogEvent } from '@samvirke/contracts';
import { given } from '@samvirke/event-sourcing/testing';
import type { ConcernReportState } from '../concern-report/concern-report';
import {
  investigationDecider,
  recordsInvestigationCommand,
  type ConcludeInvestigation,
  type ExtendInvestigation,
  type StartInvestigation,
} from './investigation.decide';
import { streamIdForInvestigation } from './investigation';

const report = {
  reportId: 'bm-1',
  receivedAt: '2026-03-04T10:20:00+01:00',
  reporter: 'school',
} as const;
const reviewedToInvestigate: ConcernReportState = {
  status: 'reviewed',
  report,
  review: { reportId: 'bm-1', reviewedAt: '2026-03-09T14:00:00+01:00', decision: 'investigate' },
};
const startWith = (state: ConcernReportState): StartInvestigation => ({
  type: 'StartInvestigation',
  data: {
    investigationId: 'us-1',
    reportId: 'bm-1',
    startedAt: '2026-03-10T09:00:00+01:00',
    report: state,
  },
});
const start = startWith(reviewedToInvestigate);
const started: CatalogEvent<'no.samvirke.childwelfare.investigation-started.v1'> = {
  type: 'no.samvirke.childwelfare.investigation-started.v1',
  data: { investigationId: 'us-1', reportId: 'bm-1', startedAt: '2026-03-10T09:00:00+01:00' },
};
const extend: ExtendInvestigation = {
  type: 'ExtendInvestigation',
  data: {
    investigationId: 'us-1',
    extendedAt: '2026-06-01T09:00:00+02:00',
    reason: 'Awaiting specialist assessment',
  },
};
const extended: CatalogEvent<'no.samvirke.childwelfare.investigation-extended.v1'> = {
  type: 'no.samvirke.childwelfare.investigation-extended.v1',
  data: extend.data,
};
const conclude: ConcludeInvestigation = {
  type: 'ConcludeInvestigation',
  data: { investigationId: 'us-1', concludedAt: '2026-06-20T12:00:00+02:00', outcome: 'measures' },
};
const concluded: CatalogEvent<'no.samvirke.childwelfare.investigation-concluded.v1'> = {
  type: 'no.samvirke.childwelfare.investigation-concluded.v1',
  data: conclude.data,
};

describe('investigation', () => {
  it('names its stream by the investigation id', () => {
    expect(streamIdForInvestigation('us-1')).toBe('childwelfare-investigation-us-1');
  });

  describe('start', () => {
    it('records the start after a review that decided to investigate', () => {
      given(investigationDecider, []).when(start).then([started]);
    });

    it('refuses to start on a report it does not know', () => {
      given(investigationDecider, [])
        .when(startWith({ status: 'unknown' }))
        .thenThrows('report-unknown');
    });

    it('refuses to start on a report that has not been reviewed', () => {
      given(investigationDecider, [])
        .when(startWith({ status: 'received', report }))
        .thenThrows('report-not-reviewed');
    });

    it('refuses to start on a report that was dismissed', () => {
      const dismissed: ConcernReportState = {
        ...reviewedToInvestigate,
        review: { ...reviewedToInvestigate.review, decision: 'dismiss' },
      };
      given(investigationDecider, []).when(startWith(dismissed)).thenThrows('report-dismissed');
    });

    it('refuses a start dated before the review', () => {
      given(investigationDecider, [])
        .when({ ...start, data: { ...start.data, startedAt: '2026-03-09T13:00:00+01:00' } })
        .thenThrows('investigation-before-review');
    });

    it('does nothing when the same start is recorded again, even after the conclusion', () => {
      given(investigationDecider, [started, extended, concluded]).when(start).thenNothingHappens();
    });

    it('refuses the same investigation id started at another time', () => {
      given(investigationDecider, [started])
        .when({ ...start, data: { ...start.data, startedAt: '2026-03-11T09:00:00+01:00' } })
        .thenThrows('investigation-conflict');
    });
  });

  describe('extend', () => {
    it('records one extension of a started investigation', () => {
      given(investigationDecider, [started]).when(extend).then([extended]);
    });

    it('refuses to extend an investigation that was not started', () => {
      given(investigationDecider, []).when(extend).thenThrows('investigation-not-started');
    });

    it('refuses an extension dated before the start', () => {
      given(investigationDecider, [started])
        .when({ ...extend, data: { ...extend.data, extendedAt: '2026-03-09T09:00:00+01:00' } })
        .thenThrows('extension-before-start');
    });

    it('does nothing when the same extension is recorded again', () => {
      given(investigationDecider, [started, extended]).when(extend).thenNothingHappens();
    });

    it('refuses a second extension', () => {
      const error = given(investigationDecider, [started, extended])
        .when({ ...extend, data: { ...extend.data, extendedAt: '2026-07-01T09:00:00+02:00' } })
        .thenThrows('already-extended');
      expect(error.message).toContain('only once');
    });

    it('refuses a second extension after the conclusion too', () => {
      given(investigationDecider, [started, extended, concluded])
        .when({ ...extend, data: { ...extend.data, reason: 'Another reason' } })
        .thenThrows('already-extended');
    });

    it('refuses to extend a concluded investigation', () => {
      given(investigationDecider, [started, concluded])
        .when(extend)
        .thenThrows('investigation-concluded');
    });
  });

  describe('conclude', () => {
    it('records the conclusion of a started investigation', () => {
      given(investigationDecider, [started]).when(conclude).then([concluded]);
    });

    it('records the conclusion of an extended investigation', () => {
      given(investigationDecider, [started, extended]).when(conclude).then([concluded]);
    });

    it('refuses to conclude an investigation that was not started', () => {
      given(investigationDecider, []).when(conclude).thenThrows('investigation-not-started');
    });

    it('refuses a conclusion dated before the start', () => {
      given(investigationDecider, [started])
        .when({ ...conclude, data: { ...conclude.data, concludedAt: '2026-03-01T09:00:00+01:00' } })
        .thenThrows('conclusion-before-start');
    });

    it('refuses a conclusion dated before the extension', () => {
      given(investigationDecider, [started, extended])
        .when({ ...conclude, data: { ...conclude.data, concludedAt: '2026-05-01T09:00:00+02:00' } })
        .thenThrows('conclusion-before-extension');
    });

    it('does nothing when the same conclusion is recorded again', () => {
      given(investigationDecider, [started, concluded]).when(conclude).thenNothingHappens();
    });

    it('refuses a second conclusion with another outcome', () => {
      given(investigationDecider, [started, concluded])
        .when({ ...conclude, data: { ...conclude.data, outcome: 'closed' } })
        .thenThrows('already-concluded');
    });
  });

  it('points a repeated command at the event that first recorded it', () => {
    const history = [started, extended, concluded];
    expect(history.find((e) => recordsInvestigationCommand(e, start))).toBe(started);
    expect(history.find((e) => recordsInvestigationCommand(e, extend))).toBe(extended);
    expect(history.find((e) => recordsInvestigationCommand(e, conclude))).toBe(concluded);
  });
});
