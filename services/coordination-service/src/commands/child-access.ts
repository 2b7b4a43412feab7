import { Inject, Injectable } from '@nestjs/common';
import { fold, type EventStore, type StoredEvent } from '@samvirke/event-sourcing';
import { ProblemException } from '@samvirke/platform';
import { EVENT_STORE } from '@samvirke/write-side';
import {
  sectorOfRule,
  viewOf,
  visibilityAt,
  visibilityOf,
  type Visibility,
} from '../reads/visibility';
import { CLOCK } from './clock';
import {
  accessTo,
  childDecider,
  childEventOf,
  gapDecider,
  streamIdForChild,
  streamIdForGap,
  type Caller,
  type ChildScope,
  type Clock,
  type ChildState,
  type GapEvent,
  type GapState,
} from '../domain';

/** A child as its stream records it, read from the event store (no projection lag). */
export interface LoadedChild {
  childRef: string;
  municipality: string;
  state: Exclude<ChildState, { status: 'not-enrolled' }>;
}

export interface LoadedGap {
  gapId: string;
  childRef: string;
  municipality: string;
  state: Exclude<GapState, { status: 'unknown' }>;
}

const domainEvent = <E>(event: StoredEvent): E => ({ type: event.type, data: event.data }) as E;

/** The one answer for a child that is not the caller's: not enrolled, another municipality's, another coordinator's. */
const NO_CHILD = 'No child with this reference is enrolled.';
const NO_GAP = 'No gap with this id.';
// Read in place of a gap's child when there is no gap, so both answers cost the same reads.
const NO_SUCH_CHILD_REF = 'no-such-child';

/**
 * Finds a child or gap in the event store and decides whether the caller may act on it or see
 * it. Decisions are taken on the streams themselves, not the read model, so an assignment or a
 * consent withdrawal counts from the moment it is recorded.
 */
@Injectable()
export class ChildAccess {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async loadChild(childRef: string): Promise<LoadedChild | undefined> {
    const { events } = await this.store.readStream(streamIdForChild(childRef));
    const state = fold(childDecider, events.map(childEventOf));
    if (state.status === 'not-enrolled') return undefined;
    // The enrolling unit's municipality, or the receiver's of the latest accepted transfer.
    return { childRef, municipality: state.municipality, state };
  }

  async loadGap(gapId: string): Promise<LoadedGap | undefined> {
    const { events } = await this.store.readStream(streamIdForGap(gapId));
    const state = fold(gapDecider, events.map(domainEvent<GapEvent>));
    if (state.status === 'unknown') return undefined;
    const first = events[0].metadata;
    return {
      gapId,
      childRef: String(first['subject']),
      municipality: String(first['municipality']),
      state,
    };
  }

  /**
   * For a command or a read: 404 alike for a child not enrolled, another municipality's child
   * and a child outside a coordinator's caseload, after the same one read of the child's stream,
   * so no answer tells a child elsewhere from no child at all.
   */
  async childForRead(
    caller: Caller,
    childRef: string,
    roles: readonly string[],
  ): Promise<LoadedChild> {
    const child = await this.loadChild(childRef);
    if (!child || accessTo(caller, scopeOf(child), roles) !== 'allowed')
      throw ProblemException.of(404, NO_CHILD);
    return child;
  }

  /** For a command: the same answer as for a read. */
  childForCommand(
    caller: Caller,
    childRef: string,
    roles: readonly string[],
  ): Promise<LoadedChild> {
    return this.childForRead(caller, childRef, roles);
  }

  /**
   * For a command on a gap: 404 alike for an unknown gap, another municipality's, one of a
   * child outside the caseload and one the caller may not see (child welfare without a basis),
   * after the same two stream reads.
   */
  async gapForCommand(caller: Caller, gapId: string, roles: readonly string[]): Promise<LoadedGap> {
    const gap = await this.loadGap(gapId);
    const child = await this.loadChild(gap?.childRef ?? NO_SUCH_CHILD_REF);
    if (!gap) throw ProblemException.of(404, NO_GAP);
    // A gap of a child not enrolled (the multi-sector rule) has no coordinator: the unit's alone.
    // An enrolled child's gaps are its municipality's, also those opened before a transfer.
    const municipality = child?.municipality ?? gap.municipality;
    const scope = { municipality, coordinatorId: child?.state.coordinator?.coordinatorId };
    const visibility = child ? visibilityAt(child.state, this.clock()) : visibilityOf([]);
    // Judged by the rule's sector: the gap's event does not say which sectors a multi-sector gap names.
    const unseen = viewOf(visibility, sectorOfRule(gap.state.gap.ruleId)) === 'nothing';
    if (accessTo(caller, scope, roles) !== 'allowed' || unseen) {
      throw ProblemException.of(404, NO_GAP);
    }
    return { ...gap, municipality };
  }

  /** How each child is seen now, by its own stream: the reads of lists judge every row by it. */
  async visibilities(childRefs: Iterable<string>): Promise<Map<string, Visibility>> {
    const now = this.clock();
    const refs = [...new Set(childRefs)];
    const children = await Promise.all(refs.map((ref) => this.loadChild(ref)));
    return new Map(
      refs.map((ref, i) => [
        ref,
        visibilityAt(children[i]?.state ?? { status: 'not-enrolled' }, now),
      ]),
    );
  }
}

function scopeOf(child: LoadedChild): ChildScope {
  return {
    municipality: child.municipality,
    coordinatorId: child.state.coordinator?.coordinatorId,
  };
}
