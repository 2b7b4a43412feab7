import { CONSENT_SECTORS, instant, type ConsentSector } from '@samvirke/contracts';
import { type ChildState, type Consent } from '../domain';

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
 * The sectors whose details a consent in force covers at `now`: given (not in the future),
 * not withdrawn, not expired. An erased child has none.
 */
export function coveredSectors(state: ChildState, now: Date): Set<ConsentSector> {
  const covered = new Set<ConsentSector>();
  if (state.status !== 'enrolled') return covered;
  for (const consent of Object.values(state.consents)) {
    if (consentInForce(consent, now)) for (const sector of consent.sectors) covered.add(sector);
  }
  return covered;
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

/**
 * What a reader sees of one timeline entry: coordination's own entries in full, a sector's
 * details only where a consent in force covers that sector; otherwise only that the sector was
 * involved (type, time and a content-free summary).
 */
export function visibleEntry(row: TimelineRow, covered: ReadonlySet<string>): TimelineEntry {
  const { details, ...entry } = row;
  if (row.sector === 'coordination') {
    return { ...entry, details: Object.fromEntries(Object.entries(details).filter(([key]) => !PERSONAL_FIELDS.has(key))) };
  }
  return (CONSENT_SECTORS as readonly string[]).includes(row.sector) && covered.has(row.sector) ? { ...entry, details } : entry;
}
