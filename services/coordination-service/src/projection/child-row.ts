import type { ConsentGivenV1, EventEnvelope } from '@samvirke/contracts';
import {
  compareStamps,
  currentCoordinator,
  earliest,
  emptyChildFacts,
  evolveChildFacts,
  latestTransfer,
  municipalityOf,
  type ChildFacts,
} from '@samvirke/gap-engine';
import type { TimelineSector } from '../read-model';
import { sectorOf } from './timeline';

/** A row of `read_model.children` as the projection holds it between reading and writing. */
export interface ChildRow {
  child_ref: string;
  municipality: string | null;
  enrolled: boolean;
  enrolled_at: string | null;
  name_ciphertext: string | null;
  name: string | null;
  coordinator_id: string | null;
  coordinator_assigned_at: string | null;
  facts: ChildFacts;
  consents: Record<string, ConsentView>;
  plan: PlanView | null;
  sectors: TimelineSector[];
  last_event_at: string | null;
  event_count: number;
  erased_at: string | null;
  next_check_at: string | null;
}

/** A child's row without its facts: enough for events that change no facts (gap events). */
export type ChildSummaryRow = Omit<ChildRow, 'facts'>;

export interface ConsentView {
  sectors: string[];
  givenBy: ConsentGivenV1['givenBy'];
  givenAt: string;
  expiresAt?: string;
  withdrawnAt?: string;
}

export interface PlanView {
  establishedAt: string;
  reviewDueAt: string;
  revisedAt?: string;
  /** How many versions the plan has had (the establishment and each revision). */
  versions: number;
}

export function newChildRow(childRef: string): ChildRow {
  return {
    child_ref: childRef,
    municipality: null,
    enrolled: false,
    enrolled_at: null,
    name_ciphertext: null,
    name: null,
    coordinator_id: null,
    coordinator_assigned_at: null,
    facts: emptyChildFacts(),
    consents: {},
    plan: null,
    sectors: [],
    last_event_at: null,
    event_count: 0,
    erased_at: null,
    next_check_at: null,
  };
}

const ENROLLED = 'no.samvirke.coordination.child-enrolled.v1';

/**
 * Folds a child's new events into its row: the facts (order-independent, see child-facts), and
 * the summary the read API shows, derived from the facts alone so any order gives the same row.
 * `forFacts` is the envelope to fold (e.g. with the birth date decrypted); the row keeps what came.
 */
export function applyToChild(
  row: ChildRow,
  events: ReadonlyArray<{ envelope: EventEnvelope; forFacts?: EventEnvelope }>,
): ChildRow {
  let facts = row.facts;
  let { name, name_ciphertext: nameCiphertext, last_event_at: lastEventAt } = row;
  const sectors = new Set(row.sectors);
  for (const { envelope, forFacts } of events) {
    facts = evolveChildFacts(facts, forFacts ?? envelope);
    sectors.add(sectorOf(envelope.type));
    const occurredAt = new Date(envelope.time).toISOString();
    if (lastEventAt === null || occurredAt > lastEventAt) lastEventAt = occurredAt;
    // The name of the enrolment the facts keep (the earliest), so the order of two enrolments does not matter.
    if (envelope.type === ENROLLED && facts.enrolled?.eventId === envelope.id) {
      const data = envelope.data as { name?: string; nameCiphertext?: string };
      name = data.name ?? null;
      nameCiphertext = data.nameCiphertext ?? null;
    }
  }
  const summary = summaryOf(facts);
  const erased = facts.erased !== undefined;
  return {
    ...row,
    ...summary,
    facts,
    name: erased ? null : name,
    name_ciphertext: erased ? null : nameCiphertext,
    sectors: [...sectors].sort(),
    last_event_at: lastEventAt,
    event_count: row.event_count + events.length,
  };
}

/**
 * Counts events that change no facts (gap events) on a row read without its facts: the same
 * row as `applyToChild` gives for them, since the summary derives from the unchanged facts.
 */
export function applyWithoutFacts<Row extends ChildSummaryRow>(
  row: Row,
  events: ReadonlyArray<{ envelope: EventEnvelope }>,
): Row {
  let lastEventAt = row.last_event_at;
  const sectors = new Set(row.sectors);
  for (const { envelope } of events) {
    sectors.add(sectorOf(envelope.type));
    const occurredAt = new Date(envelope.time).toISOString();
    if (lastEventAt === null || occurredAt > lastEventAt) lastEventAt = occurredAt;
  }
  return {
    ...row,
    sectors: [...sectors].sort(),
    last_event_at: lastEventAt,
    event_count: row.event_count + events.length,
  };
}

/** The row without its facts: written so, it leaves the stored facts as they are. */
export function withoutFacts(row: ChildRow): ChildSummaryRow {
  const { facts: _facts, ...summary } = row;
  return summary;
}

type Summary = Pick<
  ChildRow,
  | 'municipality'
  | 'enrolled'
  | 'enrolled_at'
  | 'coordinator_id'
  | 'coordinator_assigned_at'
  | 'consents'
  | 'plan'
  | 'erased_at'
>;

/** What the read API shows of a child, from its facts. */
export function summaryOf(facts: ChildFacts): Summary {
  const coordinatorId = currentCoordinator(facts);
  const assignment = coordinatorId === undefined ? undefined : facts.coordinatorAssignments.at(-1);
  return {
    municipality: municipalityOf(facts) ?? null,
    enrolled: facts.enrolled !== undefined,
    enrolled_at: facts.enrolled?.at ?? null,
    coordinator_id: assignment?.coordinatorId ?? null,
    coordinator_assigned_at: assignment?.at ?? null,
    consents: consentsOf(facts),
    plan: planOf(facts),
    erased_at: facts.erased?.at ?? null,
  };
}

/** Consents as given and withdrawn; one given before the latest transfer ended with it (see `transferAccepted`). */
function consentsOf(facts: ChildFacts): Record<string, ConsentView> {
  const consents: Record<string, ConsentView> = {};
  const transfer = latestTransfer(facts);
  for (const id of Object.keys(facts.consents).sort()) {
    const { given } = facts.consents[id];
    if (!given) continue;
    const endedByTransfer = transfer && compareStamps(given, transfer) < 0 ? transfer : undefined;
    const withdrawn = earliest(facts.consents[id].withdrawn, endedByTransfer);
    consents[id] = {
      sectors: given.sectors,
      givenBy: given.givenBy,
      givenAt: given.at,
      ...(given.expiresAt !== undefined ? { expiresAt: given.expiresAt } : {}),
      ...(withdrawn ? { withdrawnAt: withdrawn.at } : {}),
    };
  }
  return consents;
}

function planOf(facts: ChildFacts): PlanView | null {
  const established = facts.plans.find((plan) => plan.kind === 'established');
  const latest = facts.plans.at(-1);
  if (!established || !latest) return null;
  return {
    establishedAt: established.at,
    reviewDueAt: latest.reviewDueAt,
    ...(latest.kind === 'revised' ? { revisedAt: latest.at } : {}),
    versions: facts.plans.filter((plan) => plan.at >= established.at).length,
  };
}
