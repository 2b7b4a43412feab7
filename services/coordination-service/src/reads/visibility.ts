import { CONSENT_SECTORS, instant, type ConsentSector } from '@samvirke/contracts';
import { type ChildState, type Consent } from '../domain';
import type { TimelineSector } from '../read-model';

/** Given (not dated in the future), not withdrawn, not expired. */
export function consentInForce(consent: Consent, now: Date): boolean {
  const at = now.getTime();
  return (
    consent.withdrawnAt === undefined &&
    instant(consent.givenAt) <= at &&
    (consent.expiresAt === undefined || instant(consent.expiresAt) > at)
  );
}

/**
 * A recorded ground for seeing a sector's content. Today only a consent in force; another kind
 * (a legal basis recorded by a command, e.g. a duty to share) is added here as a new `kind`,
 * with its own line in `basesInForce`, and `visibilityOf` needs no change.
 */
export interface Basis {
  kind: 'consent';
  sectors: readonly ConsentSector[];
}

/** The bases in force for the child at `now`: each consent given, not withdrawn, not expired. An erased child has none. */
export function basesInForce(state: ChildState, now: Date): Basis[] {
  if (state.status !== 'enrolled') return [];
  return Object.values(state.consents)
    .filter((consent) => consentInForce(consent, now))
    .map((consent) => ({ kind: 'consent', sectors: consent.sectors }));
}

/**
 * What a reader may see of one sector of a child: `content` (entries, gaps, details),
 * `involvement` (only that the sector is involved, and that a deadline there has passed), or
 * `nothing` (not even that: child welfare neither confirms nor denies a case without a basis).
 */
export type SectorView = 'content' | 'involvement' | 'nothing';
export type Visibility = Readonly<Record<TimelineSector, SectorView>>;

/** Without a basis: health and school as involvement only, child welfare not at all. */
const WITHOUT_BASIS: Record<ConsentSector, Exclude<SectorView, 'content'>> = {
  health: 'involvement',
  school: 'involvement',
  'child-welfare': 'nothing',
};

/**
 * The one rule every read of a child goes through: coordination's own records in full; a
 * sector's content only where a basis covers it; otherwise that sector as `WITHOUT_BASIS` says.
 */
export function visibilityOf(bases: readonly Basis[]): Visibility {
  const covered = new Set(bases.flatMap((basis) => basis.sectors));
  const view = (sector: ConsentSector): SectorView =>
    covered.has(sector) ? 'content' : WITHOUT_BASIS[sector];
  return {
    coordination: 'content',
    health: view('health'),
    school: view('school'),
    'child-welfare': view('child-welfare'),
  };
}

/** The child's visibility at `now`, from its own stream. */
export function visibilityAt(state: ChildState, now: Date): Visibility {
  return visibilityOf(basesInForce(state, now));
}

/** The sectors whose content is shown (the summary's `consentCovers`). */
export function coveredSectors(visibility: Visibility): ConsentSector[] {
  return CONSENT_SECTORS.filter((sector) => visibility[sector] === 'content');
}

const isSector = (sector: string): sector is TimelineSector =>
  Object.hasOwn(WITHOUT_BASIS, sector) || sector === 'coordination';

/** How a sector is seen; a sector we do not know is seen as nothing. */
export function viewOf(visibility: Visibility, sector: string): SectorView {
  return isSector(sector) ? visibility[sector] : 'nothing';
}

/** The involved sectors a reader may know of (child welfare only with a basis). */
export function involvedSectors(sectors: readonly string[], visibility: Visibility): string[] {
  return sectors.filter((sector) => viewOf(visibility, sector) !== 'nothing');
}

/** The involved sectors whose entries are hidden: the page draws a lane mark for each. */
export function restrictedSectors(sectors: readonly string[], visibility: Visibility): string[] {
  return sectors.filter((sector) => viewOf(visibility, sector) === 'involvement');
}

/** A rule's sector: rule ids start with it, child welfare's without the hyphen (`childwelfare.report-review`). */
export function sectorOfRule(ruleId: string): string {
  const prefix = ruleId.split('.')[0] ?? '';
  return prefix === 'childwelfare' ? 'child-welfare' : prefix;
}

/** What a gap shows of its facts: the rule, its evidence and its content-free detail. */
export interface GapFacts {
  ruleId: string;
  evidence: readonly string[];
  detail?: Record<string, unknown> | null;
}

/**
 * How a reader sees one gap: `shown` (with the facts as they may be seen), `restricted` (only
 * that a deadline in `sector` has passed) or `hidden` (not at all). The multi-sector gap lists
 * which sectors are active: a sector seen as nothing is taken out of it, with its evidence, and
 * the gap is shown only while two or more sectors still justify it.
 */
export type GapSight<G> =
  { as: 'shown'; gap: G } | { as: 'restricted'; sector: string } | { as: 'hidden' };

export function gapAsSeen<G extends GapFacts>(gap: G, visibility: Visibility): GapSight<G> {
  const sector = sectorOfRule(gap.ruleId);
  const view = viewOf(visibility, sector);
  if (view === 'nothing') return { as: 'hidden' };
  if (view === 'involvement') return { as: 'restricted', sector };
  if (gap.ruleId !== 'coordination.multi-sector' || visibility['child-welfare'] !== 'nothing')
    return { as: 'shown', gap };
  // Without the sectors it names, it cannot be told whether child welfare made it.
  if (!Array.isArray(gap.detail?.['sectors'])) return { as: 'hidden' };
  const sectors = (gap.detail['sectors'] as unknown[]).map(String);
  const seen = involvedSectors(sectors, visibility);
  if (seen.length === sectors.length) return { as: 'shown', gap };
  if (seen.length < 2) return { as: 'hidden' };
  // The engine lists one evidence per sector, in the same order; keep those of sectors still shown.
  const evidence =
    gap.evidence.length === sectors.length
      ? gap.evidence.filter((_, i) => seen.includes(sectors[i] ?? ''))
      : [];
  return { as: 'shown', gap: { ...gap, evidence, detail: { ...gap.detail, sectors: seen } } };
}

export interface TimelineRow {
  eventId: string;
  type: string;
  sector: string;
  occurredAt: string;
  recordedAt: string;
  summary: string;
  /** The municipality the fact named (the envelope's): it need not be the child's, and never moves the child. */
  municipality?: string;
  details: Record<string, unknown>;
}

export type TimelineEntry = Omit<TimelineRow, 'details'> & { details?: Record<string, unknown> };

// The enrolment's personal data stays behind the summary's access rules and the child's key.
const PERSONAL_FIELDS = new Set(['name', 'nameCiphertext', 'birthDate', 'birthDateCiphertext']);

const GAP_EVENT = /^no\.samvirke\.coordination\.gap-[a-z]+\.v\d+$/;

/**
 * What a reader sees of one timeline entry, or undefined where it is not shown at all: a
 * sector's entries only where its content is seen (the lane mark tells the rest);
 * coordination's own in full, minus the enrolment's personal data; an entry of a gap as the gap
 * itself is seen (`gap`: its facts, from the read model), a restricted gap's without its rule.
 */
export function visibleEntry(
  row: TimelineRow,
  visibility: Visibility,
  gap?: GapFacts,
): TimelineEntry | undefined {
  const { details, ...entry } = row;
  if (row.sector !== 'coordination')
    return viewOf(visibility, row.sector) === 'content' ? row : undefined;
  if (GAP_EVENT.test(row.type)) {
    const facts: GapFacts | undefined =
      gap ?? (typeof details['ruleId'] === 'string' ? (details as unknown as GapFacts) : undefined);
    if (facts === undefined) return undefined;
    const sight = gapAsSeen(facts, visibility);
    if (sight.as === 'hidden') return undefined;
    if (sight.as === 'restricted')
      return {
        ...entry,
        summary: row.summary.replace(/:.*$/, ''),
        details: { gapId: details['gapId'], sector: sight.sector },
      };
    if (sight.gap !== facts && 'ruleId' in details)
      return {
        ...entry,
        details: { ...details, evidence: sight.gap.evidence, detail: sight.gap.detail },
      };
  }
  return {
    ...entry,
    details: Object.fromEntries(
      Object.entries(details).filter(([key]) => !PERSONAL_FIELDS.has(key)),
    ),
  };
}
