import type { ChildFacts } from './child-facts';
import { earliestDate } from './deadline';
import type { GapFinding, GapRule, RuleResult } from './rule';
import { gapRules } from './rules';
import type { Thresholds } from './thresholds';

/**
 * Runs every rule over one child's facts: all findings (sorted by key) and the earliest next
 * check, which the projection stores as the child's timer. An erased child has no gaps.
 */
export function evaluateAll(
  facts: ChildFacts,
  now: Date,
  thresholds: Thresholds,
  rules: readonly GapRule[] = gapRules,
): RuleResult {
  if (facts.erased) return { gaps: [] };
  const gaps: GapFinding[] = [];
  let nextCheckAt: Date | undefined;
  for (const rule of rules) {
    const result = rule.evaluate(facts, now, thresholds[rule.id]);
    gaps.push(...result.gaps);
    nextCheckAt = earliestDate(nextCheckAt, result.nextCheckAt);
  }
  gaps.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return nextCheckAt ? { gaps, nextCheckAt } : { gaps };
}
