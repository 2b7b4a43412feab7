import { childFactsFrom } from './child-facts';
import { evaluateAll } from './evaluate-all';
import { gapRules, RULE_IDS } from './rules';
import { defaultThresholds } from './thresholds';
import { events as e, seededRandom, shuffle } from './testing';

describe('evaluateAll', () => {
  const history = [
    e.childEnrolled('2025-09-01T09:00:00+02:00', '2020-03-10'),
    e.admitted('adm-1', '2026-03-02T08:15:00+01:00'),
    e.discharged('adm-1', '2026-03-09T14:00:00+01:00', true),
    e.summarySent('adm-1', '2026-03-20T09:00:00+01:00'), // late
    e.reportReceived('bm-1', '2026-03-04T10:20:00+01:00'), // never reviewed
    e.referralReceived('ref-1', '2026-04-01T15:00:00+02:00'), // assessed in time
    e.referralAssessed('ref-1', '2026-04-14T10:00:00+02:00', '2026-06-30'),
  ];

  it('has one rule for every id in the gap table', () => {
    expect(gapRules.map((r) => r.id)).toEqual([...RULE_IDS]);
  });

  it('runs every rule and merges the findings by key, with the earliest next check', () => {
    const result = evaluateAll(
      childFactsFrom(history),
      new Date('2026-03-20T12:00:00+01:00'),
      defaultThresholds,
    );
    expect(result.gaps.map((g) => [g.key, g.status, g.escalated])).toEqual([
      ['childwelfare.report-review:bm-1', 'open', true],
      ['coordination.transition:school-start:2026-08-01', 'open', false],
      ['health.discharge-follow-up:adm-1', 'open', false],
      ['health.discharge-summary:adm-1', 'resolved-late', false],
    ]);
    // The follow-up gap escalates 14 days after the discharge: the earliest change ahead.
    expect(result.nextCheckAt).toEqual(new Date('2026-03-23T14:00:00+01:00'));
  });

  it('gives the same findings for any delivery order (a replay keeps history true)', () => {
    const now = new Date('2026-08-01T00:00:00+02:00');
    const expected = evaluateAll(childFactsFrom(history), now, defaultThresholds);
    const random = seededRandom(42);
    for (let run = 0; run < 50; run += 1) {
      expect(evaluateAll(childFactsFrom(shuffle(history, random)), now, defaultThresholds)).toEqual(
        expected,
      );
    }
  });

  it('finds no gaps for an erased child', () => {
    const facts = childFactsFrom([...history, e.childErased('2026-03-21T09:00:00+01:00')]);
    expect(evaluateAll(facts, new Date('2026-08-01T00:00:00+02:00'), defaultThresholds)).toEqual({
      gaps: [],
    });
  });
});
