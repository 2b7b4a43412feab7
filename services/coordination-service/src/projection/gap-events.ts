import type { EventDataOf, EventEnvelope, KnownEventType } from '@samvirke/contracts';

export const GAP_OPENED = 'no.samvirke.coordination.gap-opened.v1' satisfies KnownEventType;
export const GAP_ACKNOWLEDGED =
  'no.samvirke.coordination.gap-acknowledged.v2' satisfies KnownEventType;
export const GAP_RESOLVED = 'no.samvirke.coordination.gap-resolved.v2' satisfies KnownEventType;
// Read from the bus they are upcast to v2; a replay handed over as stored may hold v1.
export const GAP_ACKNOWLEDGED_V1 =
  'no.samvirke.coordination.gap-acknowledged.v1' satisfies KnownEventType;
export const GAP_RESOLVED_V1 = 'no.samvirke.coordination.gap-resolved.v1' satisfies KnownEventType;

export const GAP_EVENT_TYPES: ReadonlySet<string> = new Set([
  GAP_OPENED,
  GAP_ACKNOWLEDGED,
  GAP_RESOLVED,
  GAP_ACKNOWLEDGED_V1,
  GAP_RESOLVED_V1,
]);

/** Gap events whose data may carry a coordinator's note sealed with the child's key (`noteCiphertext`). */
export const GAP_NOTE_TYPES: ReadonlySet<string> = new Set([GAP_ACKNOWLEDGED, GAP_RESOLVED]);

/** A gap event's data as the rows take it: `note` is the clear note, a v1's or a v2's `noteCiphertext` opened by the projector (absent once erased). */
type WithClearNote<Data> = Omit<Data, 'noteCiphertext' | 'note'> & { note?: string };

export type GapOpenedData = EventDataOf<typeof GAP_OPENED>;
export type GapAcknowledgedData = WithClearNote<
  EventDataOf<typeof GAP_ACKNOWLEDGED | typeof GAP_ACKNOWLEDGED_V1>
>;
export type GapResolvedData = WithClearNote<
  EventDataOf<typeof GAP_RESOLVED | typeof GAP_RESOLVED_V1>
>;

/** The gap id an event of the gap engine or a coordinator is about. */
export function gapIdOfEvent(envelope: EventEnvelope): string {
  return (envelope.data as { gapId: string }).gapId;
}
