import {
  gapAcknowledgedV1,
  gapAcknowledgedV2,
  gapOpenedV1,
  gapResolvedV1,
  gapResolvedV2,
  type CatalogEvent,
  type GapAcknowledgedV1,
  type GapAcknowledgedV2,
  type GapOpenedV1,
  type GapResolvedV1,
  type GapResolvedV2,
} from '@samvirke/contracts';

/**
 * A gap found by the gap engine: open → acknowledged → resolved, or resolved straight from open
 * (by a person, or automatically when the missing fact arrives). The engine appends
 * `gap-opened` and automatic resolutions; people acknowledge and resolve by hand. One stream
 * per gap; the envelope's subject is the child's reference. Notes are sealed with the child's
 * key from v2 on; a stream may still hold v1 events written before.
 */

export type GapEvent = CatalogEvent<
  | typeof gapOpenedV1.type
  | typeof gapAcknowledgedV2.type
  | typeof gapAcknowledgedV1.type
  | typeof gapResolvedV2.type
  | typeof gapResolvedV1.type
>;

export type GapState =
  | { status: 'unknown' }
  | { status: 'open'; gap: GapOpenedV1 }
  | {
      status: 'acknowledged';
      gap: GapOpenedV1;
      acknowledgement: GapAcknowledgedV2 | GapAcknowledgedV1;
    }
  | { status: 'resolved'; gap: GapOpenedV1; resolution: GapResolvedV2 | GapResolvedV1 };

export const streamIdForGap = (gapId: string): string => `coordination-gap-${gapId}`;

export const initialGapState = (): GapState => ({ status: 'unknown' });

export function evolveGap(state: GapState, event: GapEvent): GapState {
  switch (event.type) {
    case gapOpenedV1.type:
      return state.status === 'unknown' ? { status: 'open', gap: event.data } : state;
    case gapAcknowledgedV1.type:
    case gapAcknowledgedV2.type:
      return state.status === 'open'
        ? { status: 'acknowledged', gap: state.gap, acknowledgement: event.data }
        : state;
    case gapResolvedV1.type:
    case gapResolvedV2.type:
      return state.status === 'open' || state.status === 'acknowledged'
        ? { status: 'resolved', gap: state.gap, resolution: event.data }
        : state;
    default: {
      const _: never = event;
      return state;
    }
  }
}
