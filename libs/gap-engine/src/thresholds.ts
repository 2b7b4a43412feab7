import { gapRules, type RuleId } from './rules';

type AnyRule = (typeof gapRules)[number];

/**
 * Every rule's numbers, by rule id: each rule's `defaults` (DOMAIN.md's; where the law gives a
 * number, the law's). A municipality may change any of them (`thresholdsFor`).
 */
export type Thresholds = { readonly [Rule in AnyRule as Rule['id']]: Rule['defaults'] };

export const defaultThresholds: Thresholds = deepFreeze(
  Object.fromEntries(gapRules.map((rule) => [rule.id, rule.defaults])) as Thresholds,
);

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const inner of Object.values(value)) if (typeof inner === 'object') deepFreeze(inner);
  return Object.freeze(value);
}

// Settings where 0 makes no sense: a window or a run of no days.
const AT_LEAST_ONE = new Set(['windowSchoolDays', 'consecutiveDays', 'leadMonths', 'windowDays']);

/** A municipality's changes: any rule, any number of its settings. */
export type ThresholdOverrides = { [K in RuleId]?: Partial<Thresholds[K]> };

/** Overrides by kommunenummer. */
export type MunicipalityOverrides = Readonly<Record<string, ThresholdOverrides>>;

/** The thresholds that apply in a municipality: the defaults, with its overrides laid over them. */
export function thresholdsFor(
  municipality: string | undefined,
  overrides: MunicipalityOverrides = {},
  defaults: Thresholds = defaultThresholds,
): Thresholds {
  const own =
    municipality !== undefined && Object.hasOwn(overrides, municipality)
      ? overrides[municipality]
      : undefined;
  if (!own) return defaults;
  const merged = { ...defaults } as Record<RuleId, Record<string, number>>;
  for (const [ruleId, settings] of Object.entries(own) as Array<[RuleId, Record<string, number>]>) {
    if (settings) merged[ruleId] = { ...merged[ruleId], ...settings };
  }
  return merged as unknown as Thresholds;
}

/**
 * Problems in an override table, one line each (empty when sound): unknown rules or settings,
 * and numbers that are not finite and ≥ 0 (a share must also be ≤ 1; whole units for counts).
 * The service refuses to start on any.
 */
export function checkOverrides(overrides: MunicipalityOverrides): string[] {
  const problems: string[] = [];
  for (const [municipality, rules] of Object.entries(overrides)) {
    if (!/^[0-9]{4}$/.test(municipality)) problems.push(`${municipality}: not a kommunenummer`);
    for (const [ruleId, settings] of Object.entries(rules ?? {})) {
      if (!Object.hasOwn(defaultThresholds, ruleId)) {
        problems.push(`${municipality}.${ruleId}: unknown rule`);
        continue;
      }
      const known = defaultThresholds[ruleId as RuleId] as Record<string, number>;
      for (const [name, value] of Object.entries((settings ?? {}) as Record<string, unknown>)) {
        const where = `${municipality}.${ruleId}.${name}`;
        if (!Object.hasOwn(known, name)) problems.push(`${where}: unknown setting`);
        else if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
          problems.push(`${where}: must be a number ≥ 0`);
        } else if (AT_LEAST_ONE.has(name) && value < 1) {
          problems.push(`${where}: must be at least 1`);
        } else if (name === 'share' ? value > 1 : !Number.isInteger(value)) {
          problems.push(`${where}: ${name === 'share' ? 'must be ≤ 1' : 'must be a whole number'}`);
        }
      }
    }
  }
  return problems;
}
