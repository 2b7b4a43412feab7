import type { EventEnvelope } from '@samvirke/contracts';
import type { SqlRunner } from '@samvirke/messaging';
import {
  evaluateAll,
  gapRules,
  thresholdsFor,
  type GapRule,
  type MunicipalityOverrides,
} from '@samvirke/gap-engine';
import { gapStreamOf } from '../read-model';
import {
  applyToChild,
  applyWithoutFacts,
  withoutFacts,
  type ChildRow,
  type ChildSummaryRow,
} from './child-row';
import type { GapRow } from './gap-row';
import { GAP_EVENT_TYPES, GAP_NOTE_TYPES, gapIdOfEvent } from './gap-events';
import { applyGapEvent } from './gap-rows-from-events';
import { reconcileGaps } from './gap-rows-from-findings';
import {
  claimDueChildren,
  enqueueGapEvents,
  eraseGapPersonalData,
  eraseTimelineDetails,
  gapsOfChildren,
  insertTimeline,
  lockChildren,
  moveOpenGaps,
  upsertGaps,
  upsertTransfers,
  writeChildren,
  writeNextChecks,
} from './sql';
import { timelineRowOf } from './timeline';
import { transferRowsOf } from './transfer-rows';

export interface ProjectorOptions {
  /** "Now" for the gap rules: injected, never read from the system clock inside the rules. */
  clock: () => Date;
  /** Thresholds per municipality (checked with `checkOverrides` by whoever loads them). */
  thresholds?: MunicipalityOverrides;
  /**
   * The clear birth date of an enrolment that carries it encrypted (`birthDateCiphertext`), for
   * the transition rule; undefined when it cannot be read (e.g. the key is forgotten).
   */
  revealBirthDate?: (envelope: EventEnvelope) => Promise<string | undefined>;
  /**
   * The clear note of a gap event that carries it sealed (`noteCiphertext`), for the read model;
   * undefined when it cannot be read (the child erased): the row then has no note.
   */
  revealNote?: (envelope: EventEnvelope) => Promise<string | undefined>;
  /** Told about events the projection must leave out (e.g. a gap event with a malformed id). */
  onSkipped?: (envelope: EventEnvelope, reason: string) => void;
  /** The gap rules (default: all of DOMAIN.md's). */
  rules?: readonly GapRule[];
  /** Told when the rules fail for a child: its facts and timeline are kept, it is judged again later. */
  onRuleError?: (childRef: string, error: unknown) => void;
}

/** How long a child whose rules failed waits before it is judged again. */
export const RULE_ERROR_RETRY_MS = 5 * 60_000;

export interface ProjectionOutcome {
  events: number;
  children: number;
  /** Whether the gap rules ran in this transaction (false while catching up: the scheduler runs them). */
  evaluated: boolean;
  opened: number;
  resolved: number;
  /** Gap events queued for the event store. */
  gapEvents: number;
  /** Gap events from the bus applied in this batch (coordinators', or the engine's replayed in a rebuild). */
  gapEventsIn: number;
  /**
   * Events of the batch already on the timeline, so left alone: redeliveries, repeats, and the
   * engine's own gap events coming back from the bus.
   */
  repeats: number;
}

/** The outcome of a batch that changed nothing. */
export function nothingDone(evaluated: boolean): ProjectionOutcome {
  return {
    events: 0,
    repeats: 0,
    children: 0,
    evaluated,
    opened: 0,
    resolved: 0,
    gapEvents: 0,
    gapEventsIn: 0,
  };
}

/** A timer that is due at once: set while catching up, so the scheduler judges the child when live. */
export const DUE_NOW = '1970-01-01T00:00:00.000Z';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENROLLED = 'no.samvirke.coordination.child-enrolled.v1';

/**
 * The read model's writes for a batch of new events, in the caller's transaction: the children
 * (facts and summary), the timeline, gap events from coordinators, and, when `evaluate`, the
 * gap rules for the children touched with the gaps they open and resolve and each child's next
 * timer. No Kafka here: the consumer and the scheduler call it, and so do tests.
 */
export class Projector {
  constructor(private readonly options: ProjectorOptions) {}

  /** The projection's now (its injected clock). */
  now(): Date {
    return this.options.clock();
  }

  /** One batch, in the caller's transaction: its steps in the order they run (README, "One batch"). */
  async project(
    envelopes: readonly EventEnvelope[],
    sql: SqlRunner,
    { evaluate }: { evaluate: boolean },
  ): Promise<ProjectionOutcome> {
    const now = this.options.clock();
    const { events, repeats } = await this.takeNew(envelopes, sql, now);
    if (events.length === 0) return { ...nothingDone(evaluate), repeats };
    const children = await this.foldFacts(events, sql);
    // An erased child's timeline keeps no content: the erasure empties it, and entries that came after it too.
    await eraseTimelineDetails(sql, [...children.erased]);
    const gaps = await this.applyGapEvents(events, sql, evaluate ? [...children.withFacts] : []);
    const judged = this.judgeOrDefer(children.changed, gaps.byChild, evaluate, now);
    await countOnTimeline(sql, judged.events, children, now);
    const batch: Batch = { events, children, gaps, judged };
    await writeBatch(sql, batch, now);
    return outcomeOf(batch, repeats, evaluate);
  }

  /**
   * The scheduler's step: claims children whose timer is due (skipping those another instance
   * holds), runs the gap rules for them at `now`, and writes what changed and the next timers.
   */
  async evaluateDue(sql: SqlRunner, limit: number): Promise<ProjectionOutcome> {
    const now = this.options.clock();
    const children = await claimDueChildren(sql, now, limit);
    if (children.length === 0) return nothingDone(true);
    const gaps = await this.loadGaps(
      sql,
      children.map((child) => child.child_ref),
      [],
    );
    const judged = judge(children, gaps, now, this.options);
    const erased = new Set(
      children.filter((child) => child.erased_at !== null).map((child) => child.child_ref),
    );
    const counted = await putOnTimeline(sql, judged.events, erased, now);
    // A child with new gap events gets its count too (its facts stay as stored); the others only their timer.
    await writeChildren(
      sql,
      children
        .filter((child) => counted.has(child.child_ref))
        .map((child) => applyWithoutFacts(withoutFacts(child), counted.get(child.child_ref) ?? [])),
      now,
    );
    await writeNextChecks(
      sql,
      children.filter((child) => !counted.has(child.child_ref)),
      now,
    );
    await upsertGaps(sql, judged.rows, now);
    await enqueueGapEvents(sql, judged.events.map(toOutbox));
    return {
      ...nothingDone(true),
      children: children.length,
      opened: judged.opened,
      resolved: judged.resolved,
      gapEvents: judged.events.length,
    };
  }

  /**
   * The batch's events not seen before, put on the timeline: each event id once (the first, as the
   * consumer hands them), and only those the projection can take.
   */
  private async takeNew(
    envelopes: readonly EventEnvelope[],
    sql: SqlRunner,
    now: Date,
  ): Promise<{ events: EventEnvelope[]; repeats: number }> {
    const ids = new Set<string>();
    const accepted = envelopes.filter(
      (envelope) => !ids.has(envelope.id) && ids.add(envelope.id) && this.acceptable(envelope),
    );
    // The timeline holds every event the projection took, under its id: an event already there (a
    // redelivery, a repeat, or the engine's own gap event coming back from the bus, written when
    // it was made) changes nothing more. An erased child's new entries are emptied later.
    const fresh = await insertTimeline(
      sql,
      accepted.map((envelope) => timelineRowOf(envelope, false)),
      now,
    );
    const events =
      fresh.size === accepted.length
        ? accepted
        : accepted.filter((envelope) => fresh.has(envelope.id));
    return { events, repeats: accepted.length - events.length };
  }

  /** Locks the batch's children and folds their events into their rows. */
  private async foldFacts(
    events: readonly EventEnvelope[],
    sql: SqlRunner,
  ): Promise<FoldedChildren> {
    const byChild = new Map<string, EventEnvelope[]>();
    for (const envelope of events) {
      const list = byChild.get(envelope.subject);
      if (list) list.push(envelope);
      else byChild.set(envelope.subject, [envelope]);
    }
    // Gap events change no facts: a child that got only those (a coordinator's acknowledgement) is
    // read and written without its facts (the bulk of its row), and keeps its findings and timer.
    const withFacts = new Set(
      events
        .filter((envelope) => !GAP_EVENT_TYPES.has(envelope.type))
        .map((envelope) => envelope.subject),
    );
    const locked = await lockChildren(sql, [...byChild.keys()], withFacts);
    const rows = new Map<string, ChildRow | ChildSummaryRow>();
    const changed: ChildRow[] = [];
    const moved: string[] = [];
    for (const [childRef, own] of byChild) {
      const before = locked.get(childRef) as ChildRow | ChildSummaryRow;
      if (!withFacts.has(childRef)) {
        rows.set(
          childRef,
          applyWithoutFacts(
            before,
            own.map((envelope) => ({ envelope })),
          ),
        );
        continue;
      }
      const prepared = await Promise.all(
        own.map(async (envelope) => ({ envelope, forFacts: await this.forFacts(envelope) })),
      );
      const after = applyToChild(before as ChildRow, prepared);
      rows.set(childRef, after);
      changed.push(after);
      if (before.municipality !== null && after.municipality !== before.municipality)
        moved.push(childRef);
    }
    const erased = new Set(
      [...rows.values()]
        .filter((child) => child.erased_at !== null)
        .map((child) => child.child_ref),
    );
    return { rows, withFacts, changed, moved, erased };
  }

  /**
   * Gap events from the bus applied to their rows: the coordinators' acknowledgements and
   * resolutions, and the engine's own when they were not made here (a rebuild replaying them).
   * The rules need all of a judged child's gaps; a gap event only its own.
   */
  private async applyGapEvents(
    events: readonly EventEnvelope[],
    sql: SqlRunner,
    judgedChildren: string[],
  ): Promise<BatchGaps> {
    const gapEvents = events.filter((envelope) => GAP_EVENT_TYPES.has(envelope.type));
    const byChild = await this.loadGaps(sql, judgedChildren, gapEvents.map(gapIdOfEvent));
    const changed = new Map<string, GapRow>();
    for (const envelope of gapEvents) {
      const id = gapIdOfEvent(envelope);
      const known = byChild.get(envelope.subject) ?? new Map<string, GapRow>();
      const next = applyGapEvent(known.get(id), await this.withClearNote(envelope));
      if (next === undefined) {
        this.options.onSkipped?.(envelope, 'a gap event for a gap this projection does not hold');
      } else if (next !== known.get(id)) {
        known.set(id, next);
        byChild.set(envelope.subject, known);
        changed.set(id, next);
      }
    }
    return { byChild, changed, applied: gapEvents.length };
  }

  /** When live, the rules for each child with new facts; while catching up, its timer "due now" instead. */
  private judgeOrDefer(
    children: ChildRow[],
    gaps: Map<string, Map<string, GapRow>>,
    evaluate: boolean,
    now: Date,
  ): Judged {
    if (evaluate) return judge(children, gaps, now, this.options);
    for (const child of children) child.next_check_at = DUE_NOW;
    return { rows: [], events: [], opened: 0, resolved: 0 };
  }

  private acceptable(envelope: EventEnvelope): boolean {
    if (
      GAP_EVENT_TYPES.has(envelope.type) &&
      !UUID.test(String((envelope.data as { gapId?: unknown }).gapId))
    ) {
      this.options.onSkipped?.(envelope, 'a gap event whose gapId is not a gap id of this service');
      return false;
    }
    return true;
  }

  private async forFacts(envelope: EventEnvelope): Promise<EventEnvelope | undefined> {
    if (envelope.type !== ENROLLED || !this.options.revealBirthDate) return undefined;
    const data = envelope.data as { birthDate?: string; birthDateCiphertext?: string };
    if (data.birthDate !== undefined || data.birthDateCiphertext === undefined) return undefined;
    const birthDate = await this.options.revealBirthDate(envelope);
    return birthDate === undefined ? undefined : { ...envelope, data: { ...data, birthDate } };
  }

  /** The gap event with its sealed note opened (in memory only: the store and the topic keep the ciphertext). */
  private async withClearNote(envelope: EventEnvelope): Promise<EventEnvelope> {
    const data = envelope.data as { noteCiphertext?: unknown; note?: unknown };
    if (!GAP_NOTE_TYPES.has(envelope.type) || typeof data.noteCiphertext !== 'string')
      return envelope;
    const note = await this.options.revealNote?.(envelope);
    const { noteCiphertext: _sealed, ...rest } = data;
    return { ...envelope, data: note === undefined ? rest : { ...rest, note } };
  }

  private async loadGaps(
    sql: SqlRunner,
    childRefs: string[],
    gapIds: string[],
  ): Promise<Map<string, Map<string, GapRow>>> {
    const byChild = new Map<string, Map<string, GapRow>>();
    for (const row of await gapsOfChildren(sql, childRefs, gapIds)) {
      const rows = byChild.get(row.child_ref) ?? new Map<string, GapRow>();
      rows.set(row.gap_id, row);
      byChild.set(row.child_ref, rows);
    }
    return byChild;
  }
}

/** The batch's children after the fold. */
interface FoldedChildren {
  /** Every child the batch touched, as it will be written. */
  rows: Map<string, ChildRow | ChildSummaryRow>;
  /** Children with events other than gap events: read and written with their facts. */
  withFacts: ReadonlySet<string>;
  /** Their rows after the fold (in `rows` too): the ones the rules judge. */
  changed: ChildRow[];
  /** Children whose municipality changed: their unresolved gaps move with them. */
  moved: string[];
  erased: ReadonlySet<string>;
}

/** The gaps the batch read, by child then id, with the bus's gap events applied. */
interface BatchGaps {
  byChild: Map<string, Map<string, GapRow>>;
  /** The rows those events changed. */
  changed: Map<string, GapRow>;
  /** How many gap events from the bus the batch had. */
  applied: number;
}

interface Batch {
  events: readonly EventEnvelope[];
  children: FoldedChildren;
  gaps: BatchGaps;
  judged: Judged;
}

interface Judged {
  rows: GapRow[];
  events: EventEnvelope[];
  opened: number;
  resolved: number;
}

/** Runs the rules for each child at `now`: changed gap rows, the engine's events, and each child's timer (set on the row). */
function judge(
  children: ChildRow[],
  gaps: Map<string, Map<string, GapRow>>,
  now: Date,
  options: Pick<ProjectorOptions, 'thresholds' | 'onRuleError' | 'rules'>,
): Judged {
  const judged: Judged = { rows: [], events: [], opened: 0, resolved: 0 };
  for (const child of children) {
    let outcome: ReturnType<typeof reconcileGaps>;
    let nextCheckAt: Date | undefined;
    try {
      const thresholds = thresholdsFor(child.municipality ?? undefined, options.thresholds);
      const result = evaluateAll(child.facts, now, thresholds, options.rules ?? gapRules);
      nextCheckAt = result.nextCheckAt;
      const known = [...(gaps.get(child.child_ref)?.values() ?? [])];
      outcome = reconcileGaps({
        childRef: child.child_ref,
        municipality: child.municipality,
        findings: result.gaps,
        known,
        now,
      });
    } catch (error) {
      // A rule that fails on one child's facts must not stop the stream for every child.
      options.onRuleError?.(child.child_ref, error);
      child.next_check_at = new Date(now.getTime() + RULE_ERROR_RETRY_MS).toISOString();
      continue;
    }
    judged.rows.push(...outcome.rows);
    judged.events.push(...outcome.events);
    judged.opened += outcome.opened;
    judged.resolved += outcome.resolved;
    // A timer never lies in the past (a rule's bug would otherwise keep the scheduler spinning on the child).
    const next = nextCheckAt && nextCheckAt <= now ? new Date(now.getTime() + 1000) : nextCheckAt;
    child.next_check_at = next ? next.toISOString() : null;
  }
  return judged;
}

/**
 * Puts the engine's new gap events on their children's timelines at once (so when they come back
 * from the bus they are repeats and cost nothing more), and answers the ones inserted by child, to
 * be counted on the children's rows. An event already on the timeline (the rules finding again
 * what a replay brought back) is not counted twice.
 */
async function putOnTimeline(
  sql: SqlRunner,
  events: readonly EventEnvelope[],
  erased: ReadonlySet<string>,
  now: Date,
): Promise<Map<string, Array<{ envelope: EventEnvelope }>>> {
  const byChild = new Map<string, Array<{ envelope: EventEnvelope }>>();
  if (events.length === 0) return byChild;
  const fresh = await insertTimeline(
    sql,
    events.map((envelope) => timelineRowOf(envelope, erased.has(envelope.subject))),
    now,
  );
  for (const envelope of events) {
    if (fresh.has(envelope.id))
      byChild.set(envelope.subject, [...(byChild.get(envelope.subject) ?? []), { envelope }]);
  }
  return byChild;
}

/** The engine's new gap events on their children's timelines, counted on the children's rows. */
async function countOnTimeline(
  sql: SqlRunner,
  events: readonly EventEnvelope[],
  children: FoldedChildren,
  now: Date,
): Promise<void> {
  for (const [childRef, own] of await putOnTimeline(sql, events, children.erased, now)) {
    children.rows.set(
      childRef,
      applyWithoutFacts(children.rows.get(childRef) as ChildRow | ChildSummaryRow, own),
    );
  }
}

/** The batch's writes, one statement each: children, gaps, moved gaps, transfers, an erasure's gap data, the outbox. */
async function writeBatch(
  sql: SqlRunner,
  { events, children, gaps, judged }: Batch,
  now: Date,
): Promise<void> {
  // A gap the bus's events and the rules both changed is written once, as the rules left it.
  const gapRows = new Map(gaps.changed);
  for (const row of judged.rows) gapRows.set(row.gap_id, row);
  await writeChildren(sql, [...children.rows.values()], now);
  await upsertGaps(sql, [...gapRows.values()], now);
  await moveOpenGaps(sql, children.moved, now);
  await upsertTransfers(sql, transferRowsOf(events), now);
  // After the upsert, so a gap written in this batch (or a late note) is stripped too.
  await eraseGapPersonalData(sql, [...children.erased]);
  await enqueueGapEvents(sql, judged.events.map(toOutbox));
}

function outcomeOf(
  { events, children, gaps, judged }: Batch,
  repeats: number,
  evaluated: boolean,
): ProjectionOutcome {
  return {
    events: events.length,
    repeats,
    children: children.rows.size,
    evaluated,
    opened: judged.opened,
    resolved: judged.resolved,
    gapEvents: judged.events.length,
    gapEventsIn: gaps.applied,
  };
}

function toOutbox(envelope: EventEnvelope): {
  event_id: string;
  stream_id: string;
  envelope: EventEnvelope;
} {
  return { event_id: envelope.id, stream_id: gapStreamOf(gapIdOfEvent(envelope)), envelope };
}
