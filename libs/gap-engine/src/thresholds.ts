import type { RuleId } from './rule';

/**
 * Every rule's numbers. DOMAIN.md's defaults; a municipality may change any of them
 * (`thresholdsFor`). Where the law gives a number, the default is the law's.
 */
export interface Thresholds {
  'health.discharge-follow-up': { days: number };
  'health.discharge-summary': { days: number };
  'health.referral-assessment': { workingDays: number };
  /** The deadline is the one set at assessment; grace days are added to it (0 by default). */
  'health.treatment-deadline': { graceDays: number };
  'school.absence-follow-up': {
    /** The rolling window, in school days, ending on the day of the absence. */
    windowSchoolDays: number;
    /** Share of the window's school days absent that calls for follow-up... */
    share: number;
    /** ...but never fewer absent days than this. */
    minDays: number;
    /** Consecutive full school days absent that call for follow-up. */
    consecutiveDays: number;
    /** The follow-up meeting is due this many days after the threshold is reached. */
    meetingWithinDays: number;
  };
  'school.expert-assessment': { months: number };
  'childwelfare.report-review': { days: number };
  'childwelfare.investigation': { months: number; extendedMonths: number };
  'childwelfare.measure-evaluation': { months: number };
  'coordination.coordinator-request': { days: number };
  'coordination.multi-sector': { windowDays: number; graceDays: number };
  /** The deadline is the plan's review date; grace days are added to it (0 by default). */
  'coordination.plan-review': { graceDays: number };
  'coordination.responsibility-group': { days: number };
  'coordination.transition': { leadMonths: number };
}

export const defaultThresholds: Thresholds = deepFreeze({
  'health.discharge-follow-up': { days: 7 },
  'health.discharge-summary': { days: 7 },
  'health.referral-assessment': { workingDays: 10 },
  'health.treatment-deadline': { graceDays: 0 },
  'school.absence-follow-up': {
    windowSchoolDays: 20,
    share: 0.1,
    minDays: 2,
    consecutiveDays: 5,
    meetingWithinDays: 10,
  },
  'school.expert-assessment': { months: 3 },
  'childwelfare.report-review': { days: 7 },
  'childwelfare.investigation': { months: 3, extendedMonths: 6 },
  'childwelfare.measure-evaluation': { months: 3 },
  'coordination.coordinator-request': { days: 30 },
  'coordination.multi-sector': { windowDays: 90, graceDays: 0 },
  'coordination.plan-review': { graceDays: 0 },
  'coordination.responsibility-group': { days: 120 },
  'coordination.transition': { leadMonths: 6 },
});

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
