import { childFactsFrom } from './child-facts';
import { diffGaps, type KnownGap } from './diff-gaps';
import { evaluateAll } from './evaluate-all';
import { defaultThresholds } from './thresholds';
import { events as e, HOURS } from './testing';

const findingsAt = (history: Parameters<typeof childFactsFrom>[0], now: string) =>
  evaluateAll(childFactsFrom(history), new Date(now), defaultThresholds).gaps;

describe('diffGaps', () => {
  const received = e.reportReceived('bm-1', '2026-03-04T10:20:00+01:00');
  const key = 'childwelfare.report-review:bm-1';
  const now = new Date('2026-03-12T00:00:00+01:00');

  it('opens a gap the projection does not know yet', () => {
    const changes = diffGaps([], findingsAt([received], '2026-03-12T00:00:00+01:00'), now);
    expect(changes.open.map((g) => g.key)).toEqual([key]);
    expect(changes).toMatchObject({ openResolved: [], resolve: [], escalate: [] });
  });

  it('never opens the same gap twice', () => {
    const known: KnownGap[] = [{ key, status: 'open', escalated: false }];
    expect(diffGaps(known, findingsAt([received], '2026-03-12T00:00:00+01:00'), now)).toEqual({
      open: [],
      openResolved: [],
      resolve: [],
      escalate: [],
    });
  });

  it('auto-resolves an open or acknowledged gap when the missing fact arrives late, with how late', () => {
    const reviewed = e.reportReviewed('bm-1', '2026-03-11T12:20:00+01:00');
    const findings = findingsAt([received, reviewed], '2026-03-12T00:00:00+01:00');
    for (const status of ['open', 'acknowledged'] as const) {
      expect(diffGaps([{ key, status, escalated: false }], findings, now).resolve).toEqual([
        {
          key,
          reason: 'fact-arrived',
          resolvedAt: new Date('2026-03-11T12:20:00+01:00'),
          resolvingEventId: reviewed.id,
          lateByMs: 2 * HOURS,
        },
      ]);
    }
  });

  it('records a deadline missed in history as opened and resolved at once', () => {
    const findings = findingsAt(
      [received, e.reportReviewed('bm-1', '2026-03-12T10:20:00+01:00')],
      '2026-04-01T00:00:00+02:00',
    );
    const changes = diffGaps([], findings, new Date('2026-04-01T00:00:00+02:00'));
    expect(changes.open).toEqual([]);
    expect(changes.openResolved.map((g) => [g.key, g.lateByMs])).toEqual([[key, 24 * HOURS]]);
  });

  it('closes a gap the rules no longer find: the fact was in time but delivered late', () => {
    const findings = findingsAt(
      [received, e.reportReviewed('bm-1', '2026-03-05T09:00:00+01:00')],
      '2026-03-12T00:00:00+01:00',
    );
    expect(diffGaps([{ key, status: 'open', escalated: false }], findings, now).resolve).toEqual([
      { key, reason: 'no-longer-applies', resolvedAt: now, lateByMs: 0 },
    ]);
  });

  it('leaves a gap a person resolved alone, even while the fact is still missing', () => {
    const findings = findingsAt([received], '2026-03-20T00:00:00+01:00');
    expect(diffGaps([{ key, status: 'resolved', escalated: false }], findings, now)).toEqual({
      open: [],
      openResolved: [],
      resolve: [],
      escalate: [],
    });
  });

  it('flags an open gap once when it passes twice its threshold', () => {
    const findings = findingsAt([received], '2026-03-18T10:20:00+01:00');
    expect(
      diffGaps([{ key, status: 'acknowledged', escalated: false }], findings, now).escalate.map(
        (g) => g.key,
      ),
    ).toEqual([key]);
    expect(
      diffGaps([{ key, status: 'acknowledged', escalated: true }], findings, now).escalate,
    ).toEqual([]);
  });
});
