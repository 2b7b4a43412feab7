import type { EventEnvelope } from '@samvirke/contracts';
import {
  childFactsFrom,
  defaultThresholds,
  evaluateAll,
  type GapFinding,
} from '@samvirke/gap-engine';
import { envelopesOf } from './envelopes';
import { DEMO_RULE_IDS, demoScenario, type DemoCase, type DemoChild } from './scenario';

/**
 * The demo against the gap engine itself: the scenario's facts, as the events the services
 * publish, folded and judged as the coordination service does.
 */
describe('the demo, judged by the gap engine', () => {
  const judge = (events: EventEnvelope[], at: Date) =>
    evaluateAll(childFactsFrom(events), at, defaultThresholds).gaps;
  const now = new Date('2026-11-24T15:00:00Z');

  function judged(seed: string, children: number, at: Date) {
    const scenario = demoScenario({ seed, children, municipality: '0301', now: at });
    const events = new Map<string, EventEnvelope[]>();
    for (const event of envelopesOf(scenario)) {
      const list = events.get(event.subject) ?? [];
      list.push(event);
      events.set(event.subject, list);
    }
    return scenario.children.map((child) => {
      const own = events.get(child.key) ?? [];
      return { child, events: own, gaps: judge(own, at) };
    });
  }

  /** Whether the engine sees the case as designed. */
  function verdict(child: DemoChild, k: DemoCase, gaps: GapFinding[]): string {
    const ofRule = gaps.filter((g) => g.ruleId === k.rule);
    // Multi-sector and transition gaps are the child's, whatever fact began them.
    const mine =
      k.rule === 'coordination.multi-sector' || k.rule === 'coordination.transition'
        ? ofRule
        : ofRule.filter((g) => g.evidence.includes(k.trigger));
    const seen = mine.map((g) => `${g.status} ${g.key}`).join(', ') || 'none';
    if (k.variant === 'open')
      return mine.some((g) => g.status === 'open') ? 'as designed' : `no open gap (${seen})`;
    if (k.variant === 'late') {
      return mine.some((g) => g.status === 'resolved-late' && g.resolvingEventId === k.resolution)
        ? 'as designed'
        : `not resolved late by ${k.resolution} (${seen})`;
    }
    return mine.length === 0 ? 'as designed' : `a gap although met in time (${seen})`;
  }

  let children: ReturnType<typeof judged>;
  beforeAll(() => {
    children = judged('samvirke', 200, now);
  });

  it('finds every rule open for some children and resolved late for others', () => {
    const found = new Set(
      children.flatMap(({ gaps }) => gaps.map((g) => `${g.ruleId} ${g.status}`)),
    );
    const missing = DEMO_RULE_IDS.flatMap((rule) => [
      `${rule} open`,
      `${rule} resolved-late`,
    ]).filter((x) => !found.has(x));
    expect(missing).toEqual([]);
  });

  it('sees every designed case as designed: open, met in time (no gap), met late', () => {
    const wrong = children.flatMap(({ child, gaps }) =>
      child.cases
        .filter((k) => k.primary)
        .map((k) => `${child.key} ${k.rule} ${k.variant}: ${verdict(child, k, gaps)}`),
    );
    expect(wrong.filter((v) => !v.endsWith('as designed'))).toEqual([]);
  });

  it('sees the cases on top of them as designed too', () => {
    const wrong = children.flatMap(({ child, gaps }) =>
      child.cases
        .filter((k) => !k.primary)
        .map((k) => `${child.key} ${k.rule} ${k.variant}: ${verdict(child, k, gaps)}`),
    );
    expect(wrong.filter((v) => !v.endsWith('as designed'))).toEqual([]);
  });

  it('would find a gap for an in-time case of every rule without its resolving fact, so "in time" is earned', () => {
    const earned = new Set<string>();
    for (const { child, events } of children) {
      for (const k of child.cases.filter(
        (c) => c.variant === 'in-time' && c.resolution !== undefined,
      )) {
        if (earned.has(k.rule)) continue;
        const without = judge(
          events.filter((e) => e.id !== k.resolution),
          now,
        );
        if (without.some((g) => g.ruleId === k.rule)) earned.add(k.rule);
      }
    }
    expect(DEMO_RULE_IDS.filter((rule) => !earned.has(rule))).toEqual([]);
  });

  it.each([
    ['a1', '2026-03-15T10:00:00Z'],
    ['b2', '2026-07-01T10:00:00Z'],
    ['c3', '2026-12-31T23:30:00Z'],
  ])('sees every designed case as designed for seed %s on %s', (seed, at) => {
    const wrong = judged(seed, 42, new Date(at)).flatMap(({ child, gaps }) =>
      child.cases.map((k) => `${child.key} ${k.rule} ${k.variant}: ${verdict(child, k, gaps)}`),
    );
    expect(wrong.filter((v) => !v.endsWith('as designed'))).toEqual([]);
  });
});
