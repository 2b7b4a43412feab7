import { Inject, Injectable } from '@nestjs/common';
import { fold, type EventStore, type StoredEvent } from '@samvirke/event-sourcing';
import { ProblemException } from '@samvirke/platform';
import { EVENT_STORE } from '@samvirke/write-side';
import {
  accessTo,
  childDecider,
  childEventOf,
  gapDecider,
  streamIdForChild,
  streamIdForGap,
  type Caller,
  type ChildScope,
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

/**
 * Finds a child or gap in the event store and decides whether the caller may act on it or see
 * it. Decisions are taken on the streams themselves, not the read model, so an assignment or a
 * consent withdrawal counts from the moment it is recorded.
 */
@Injectable()
export class ChildAccess {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

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
    return { gapId, childRef: String(first['subject']), municipality: String(first['municipality']), state };
  }

  /**
   * For a command: 404 for a child not enrolled; 403 for another municipality's child, or a
   * coordinator's command on a child not assigned to them.
   */
  async childForCommand(caller: Caller, childRef: string, roles: readonly string[]): Promise<LoadedChild> {
    const child = await this.loadChild(childRef);
    if (!child) throw ProblemException.of(404, 'No child with this reference is enrolled.');
    assertAllowed(caller, scopeOf(child), roles);
    return child;
  }

  /**
   * For a read: 404 alike for a child not enrolled, another municipality's child and a child
   * outside a coordinator's caseload, so a read never confirms that a child exists elsewhere.
   */
  async childForRead(caller: Caller, childRef: string, roles: readonly string[]): Promise<LoadedChild> {
    const child = await this.loadChild(childRef);
    if (!child || accessTo(caller, scopeOf(child), roles) !== 'allowed') {
      throw ProblemException.of(404, 'No child with this reference is enrolled.');
    }
    return child;
  }

  /** For a command on a gap: 404 for an unknown gap; 403 as for its child. */
  async gapForCommand(caller: Caller, gapId: string, roles: readonly string[]): Promise<LoadedGap> {
    const gap = await this.loadGap(gapId);
    if (!gap) throw ProblemException.of(404, 'No gap with this id.');
    const child = await this.loadChild(gap.childRef);
    // A gap of a child not enrolled (the multi-sector rule) has no coordinator: the unit's alone.
    // An enrolled child's gaps are its municipality's, also those opened before a transfer.
    const municipality = child?.municipality ?? gap.municipality;
    assertAllowed(caller, { municipality, coordinatorId: child?.state.coordinator?.coordinatorId }, roles);
    return { ...gap, municipality };
  }
}

function scopeOf(child: LoadedChild): ChildScope {
  return { municipality: child.municipality, coordinatorId: child.state.coordinator?.coordinatorId };
}

function assertAllowed(caller: Caller, scope: ChildScope, roles: readonly string[]): void {
  switch (accessTo(caller, scope, roles)) {
    case 'allowed':
      return;
    case 'other-municipality':
      throw ProblemException.of(403, 'This child belongs to another municipality.');
    case 'not-their-child':
      throw ProblemException.of(403, 'Only the child’s own coordinator or the coordinating unit may do this.');
  }
}
