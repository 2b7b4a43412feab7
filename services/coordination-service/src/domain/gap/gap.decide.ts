import { gapAcknowledgedV2, gapResolvedV2 } from '@samvirke/contracts';
import { DomainError, type Decider } from '@samvirke/event-sourcing';
import { instant } from '@samvirke/contracts';
import { evolveGap, initialGapState, type GapEvent, type GapState } from './gap';

/** A person takes a gap on: someone is on it. The note comes sealed with the child's key (`gapNoteContext`). */
export type AcknowledgeGap = {
  type: 'AcknowledgeGap';
  data: { gapId: string; acknowledgedAt: string; noteCiphertext: string; by: string };
};
/** A person closes a gap the engine cannot close itself (a stopped measure, a deferred school start). */
export type ResolveGap = {
  type: 'ResolveGap';
  data: { gapId: string; resolvedAt: string; noteCiphertext: string; by: string };
};
export type GapCommand = AcknowledgeGap | ResolveGap;

export function decideGap(command: GapCommand, state: GapState): GapEvent[] {
  const { gapId } = command.data;
  if (state.status === 'unknown') throw new DomainError(`gap ${gapId} is not known`, 'unknown-gap');
  switch (command.type) {
    case 'AcknowledgeGap':
      if (state.status !== 'open') {
        throw new DomainError(
          `gap ${gapId} is ${state.status}, not open: only an open gap is acknowledged`,
          'gap-not-open',
        );
      }
      return [{ type: gapAcknowledgedV2.type, data: command.data }];
    case 'ResolveGap': {
      if (state.status === 'resolved') {
        throw new DomainError(
          `gap ${gapId} was already resolved at ${state.resolution.resolvedAt}`,
          'gap-already-resolved',
        );
      }
      const { resolvedAt, noteCiphertext, by } = command.data;
      // A gap opens when its deadline has passed, so a resolution by hand is late by this much.
      const lateByMs = Math.max(0, instant(resolvedAt) - instant(state.gap.dueAt));
      return [
        {
          type: gapResolvedV2.type,
          data: { gapId, resolvedAt, how: 'manual', noteCiphertext, by, lateByMs },
        },
      ];
    }
    default: {
      const _: never = command;
      throw new TypeError(`unknown gap command ${JSON.stringify(_)}`);
    }
  }
}

/** Acknowledging or resolving again is refused, never a repeat: no stored event answers for it. */
export const recordsGapCommand = (): boolean => false;

export const gapDecider: Decider<GapCommand, GapState, GapEvent> = {
  decide: decideGap,
  evolve: evolveGap,
  initialState: initialGapState,
};
