import {
  isKnownEventType,
  parseEventType,
  type EventEnvelope,
  type KnownEventName,
} from '@samvirke/contracts';
import type { TimelineSector } from '../read-model';

/** A row of `read_model.timeline_entries`, as the projection writes it. */
export interface TimelineRow {
  event_id: string;
  child_ref: string;
  municipality: string;
  sector: TimelineSector;
  type: string;
  occurred_at: string;
  recorded_at: string;
  summary: string;
  details: Record<string, unknown>;
}

const sectors = new Map<string, TimelineSector>();

/** The timeline's sector of an event type (`childwelfare` is spelt as consent spells it). */
export function sectorOf(type: string): TimelineSector {
  let sector = sectors.get(type);
  if (sector === undefined) {
    sector = parseSectorOf(type);
    // Known types only: the map stays as small as the catalog.
    if (isKnownEventType(type)) sectors.set(type, sector);
  }
  return sector;
}

function parseSectorOf(type: string): TimelineSector {
  const sector = parseEventType(type)?.sector;
  if (sector === 'childwelfare') return 'child-welfare';
  if (sector === 'health' || sector === 'school' || sector === 'coordination') return sector;
  throw new Error(`not a Samvirke event type: '${type}'`);
}

/**
 * Words a coordinator understands that say what kind of fact it was, never its content: shown
 * even where no consent covers the sector's details. In English, by the catalog's short name;
 * the coordinator web page has them in bokmål (its messages' `events`).
 */
export const TIMELINE_SUMMARIES: Readonly<Record<KnownEventName, string>> = {
  'admission-recorded': 'Hospital admission recorded',
  'discharge-recorded': 'Discharge from hospital recorded',
  'discharge-summary-sent': 'Discharge summary sent',
  'follow-up-recorded': 'Follow-up contact recorded',
  'referral-received': 'Referral received',
  'referral-assessed': 'Referral assessed',
  'treatment-started': 'Treatment started',
  'absence-recorded': 'School absence recorded',
  'meeting-held': 'School meeting held',
  'expert-assessment-requested': 'PPT expert assessment requested',
  'expert-assessment-completed': 'PPT expert assessment completed',
  'enrolment-recorded': 'School enrolment recorded',
  'concern-report-received': 'Concern report received',
  'concern-report-reviewed': 'Concern report reviewed',
  'investigation-started': 'Investigation started',
  'investigation-extended': 'Investigation extended',
  'investigation-concluded': 'Investigation concluded',
  'measure-decided': 'Support measure decided',
  'measure-evaluated': 'Support measure evaluated',
  'child-enrolled': 'Enrolled with the coordinating unit',
  'coordinator-requested': 'Coordinator requested',
  'coordinator-assigned': 'Coordinator assigned',
  'consent-given': 'Consent given',
  'consent-withdrawn': 'Consent withdrawn',
  'plan-established': 'Individual plan established',
  'plan-revised': 'Individual plan revised',
  'responsibility-group-met': 'Responsibility group met',
  'gap-opened': 'Gap opened',
  'gap-acknowledged': 'Gap acknowledged',
  'gap-resolved': 'Gap resolved',
  'child-erased': 'Personal data erased',
  'transfer-requested': 'Transfer to another municipality requested',
  'transfer-accepted': 'Transferred to another municipality',
  'transfer-declined': 'Transfer to another municipality declined',
};

/** Content-free words for the timeline, e.g. "Discharge from hospital recorded". */
export function summaryOf(envelope: EventEnvelope): string {
  const event = parseEventType(envelope.type)?.event ?? envelope.type;
  const words =
    (TIMELINE_SUMMARIES as Readonly<Record<string, string>>)[event] ??
    `${event.replaceAll('-', ' ')}`;
  if (event === 'gap-opened') {
    const ruleId = (envelope.data as { ruleId?: unknown }).ruleId;
    return typeof ruleId === 'string' ? `${words}: ${ruleId}` : words;
  }
  return words;
}

// The enrolment's personal data lives in `children` (and goes with erasure), not on the timeline.
const PERSONAL_FIELDS = ['name', 'nameCiphertext', 'birthDate', 'birthDateCiphertext'];

/** The event's data as the timeline shows it (where consent covers the sector). */
export function detailsOf(envelope: EventEnvelope, erased: boolean): Record<string, unknown> {
  if (erased) return {};
  const data = (envelope.data ?? {}) as Record<string, unknown>;
  // A sealed gap note is read from the gap, opened, never from the timeline.
  if ('noteCiphertext' in data)
    return Object.fromEntries(Object.entries(data).filter(([key]) => key !== 'noteCiphertext'));
  if (!envelope.type.startsWith('no.samvirke.coordination.child-enrolled.')) return data;
  return Object.fromEntries(Object.entries(data).filter(([key]) => !PERSONAL_FIELDS.includes(key)));
}

export function timelineRowOf(envelope: EventEnvelope, erased: boolean): TimelineRow {
  return {
    event_id: envelope.id,
    child_ref: envelope.subject,
    municipality: envelope.municipality,
    sector: sectorOf(envelope.type),
    type: envelope.type,
    occurred_at: new Date(envelope.time).toISOString(),
    recorded_at: new Date(envelope.recordedAt).toISOString(),
    summary: summaryOf(envelope),
    details: detailsOf(envelope, erased),
  };
}
