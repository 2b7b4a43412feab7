import type { EventEnvelope } from '@samvirke/contracts';
import { childFactsFrom, municipalityOf, type ChildFacts } from '../child-facts';
import type { GapFinding, GapRule, RuleResult } from '../rule';
import { thresholdsFor, type MunicipalityOverrides } from '../thresholds';

/** One minute before an instant: "not a minute before" the deadline. */
export function minuteBefore(instant: string): Date {
  return new Date(new Date(instant).getTime() - 60_000);
}

export const HOURS = 3_600_000;
export const DAYS = 24 * HOURS;

/** What a test expects of a finding: any subset of its fields, times as RFC 3339 strings. */
export type GapExpectation = {
  [K in keyof GapFinding]?: GapFinding[K] extends Date | undefined ? string | Date : unknown;
} & { resolvedAt?: string | Date; lateByMs?: number; resolvingEventId?: string };

const TIMES = ['triggeredAt', 'dueAt', 'escalatesAt', 'resolvedAt'] as const;

function asMatcher(expected: GapExpectation): unknown {
  const fields: Record<string, unknown> = { ...expected };
  for (const name of TIMES) {
    const value = fields[name];
    if (typeof value === 'string') fields[name] = new Date(value);
  }
  return expect.objectContaining(fields);
}

export interface Then {
  result: RuleResult;
  facts: ChildFacts;
  /** Asserts the next check (the scheduler's timer); `undefined` for none. */
  andNextCheckAt(expected: string | undefined): Then;
}

/**
 * `ruleSpec(rule).given([events]).when(now).then([gaps])`: the rule's findings, as a
 * specification. The thresholds are the child's municipality's (overrides may be given).
 */
export function ruleSpec(rule: GapRule) {
  return {
    given(history: readonly EventEnvelope[]) {
      return {
        when(now: string | Date, options: { overrides?: MunicipalityOverrides } = {}) {
          const facts = childFactsFrom(history);
          const thresholds = thresholdsFor(municipalityOf(facts), options.overrides);
          const result = rule.evaluate(facts, new Date(now), thresholds[rule.id]);
          return {
            result,
            facts,
            then(expected: readonly GapExpectation[]): Then {
              expect(result.gaps).toEqual(expected.map(asMatcher));
              const then: Then = {
                result,
                facts,
                andNextCheckAt(next) {
                  expect(result.nextCheckAt).toEqual(
                    next === undefined ? undefined : new Date(next),
                  );
                  return then;
                },
              };
              return then;
            },
          };
        },
      };
    },
  };
}
