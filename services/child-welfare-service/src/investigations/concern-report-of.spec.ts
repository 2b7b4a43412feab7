import type { StoredEvent } from '@samvirke/event-sourcing';
import { concernReportOf } from './concern-report-of';

const stored = (
  streamVersion: number,
  type: string,
  data: unknown,
  metadata: Record<string, unknown>,
): StoredEvent => ({
  eventId: `event-${streamVersion}`,
  type,
  data,
  metadata,
  streamId: 'childwelfare-concern-report-bm-1',
  streamVersion,
  position: String(streamVersion),
  recordedAt: new Date('2026-03-09T13:00:00Z'),
});

const received = stored(
  1,
  'no.samvirke.childwelfare.concern-report-received.v1',
  { reportId: 'bm-1', receivedAt: '2026-03-04T10:20:00+01:00', reporter: 'school' },
  { subject: 'c1_child', municipality: '4601' },
);
const reviewed = stored(
  2,
  'no.samvirke.childwelfare.concern-report-reviewed.v1',
  { reportId: 'bm-1', reviewedAt: '2026-03-09T14:00:00+01:00', decision: 'investigate' },
  { subject: 'c1_child', municipality: '4601' },
);

describe('the concern report an investigation follows', () => {
  it('is unknown, with no child, when its stream is empty', () => {
    expect(concernReportOf([])).toEqual({ state: { status: 'unknown' } });
  });

  it('takes the child and municipality from the report’s first event', () => {
    expect(concernReportOf([received]).child).toEqual({
      childRef: 'c1_child',
      municipality: '4601',
    });
  });

  it('folds the stored events into the report’s state, with its review', () => {
    expect(concernReportOf([received, reviewed]).state).toEqual({
      status: 'reviewed',
      report: received.data,
      review: reviewed.data,
    });
  });
});
