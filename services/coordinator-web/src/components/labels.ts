import { isRestricted, type ListedGap, type TimelineEntry } from '../api/types';
import type { Messages } from '../i18n/messages';

/** The sector whose rule found a gap, from its rule id (`childwelfare.…` is child welfare). */
export function sectorOfRule(ruleId: string): string {
  const prefix = ruleId.split('.')[0];
  return prefix === 'childwelfare' ? 'child-welfare' : prefix;
}

export const ruleLabel = (t: Messages, ruleId: string) => t.rules[ruleId] ?? ruleId;
export const sectorLabel = (t: Messages, sector: string) => t.sectors[sector] ?? sector;

/** The sector of a gap: its rule's, or the one a restricted gap names. */
export const gapSector = (gap: ListedGap) =>
  isRestricted(gap) ? gap.sector : sectorOfRule(gap.ruleId);

/** What a gap is called: its rule, or, without consent for its sector, only that a deadline there passed. */
export const gapLabel = (t: Messages, gap: ListedGap) =>
  isRestricted(gap) ? t.gaps.restricted(sectorLabel(t, gap.sector)) : ruleLabel(t, gap.ruleId);
export const roleLabel = (t: Messages, role: string) => t.roles[role] ?? role;

/**
 * What kind of fact a timeline entry is, in the page's language: the words for its event's short
 * name, with the gap rule the service's summary names after a colon; else that summary (English).
 */
export function entrySummary(t: Messages, entry: Pick<TimelineEntry, 'type' | 'summary'>): string {
  const words = t.events[entry.type.split('.')[3] ?? ''];
  if (words === undefined) return entry.summary;
  const ruleId = /: (.+)$/.exec(entry.summary)?.[1];
  return ruleId === undefined ? words : `${words}: ${ruleLabel(t, ruleId)}`;
}

/** A datetime-local input's value as RFC 3339 (the browser's own offset), or undefined when empty. */
export function isoOfLocal(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Now, as a datetime-local input's value in the browser's time zone. */
export function localNow(): string {
  const now = new Date();
  now.setSeconds(0, 0);
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
