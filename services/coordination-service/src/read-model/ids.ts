import { v5 as uuidv5 } from 'uuid';

/** The UUID v5 namespace of gap ids and the gap engine's event ids (fixed forever: ids derive from it). */
export const GAP_NAMESPACE = '6f1c4a52-2d0e-5b1a-9f3c-8a7d2e4b6c10';

/** A gap's id: UUID v5 of `<childRef>:<gapKey>`, so a replay or another instance finds the same id. */
export function gapIdOf(childRef: string, gapKey: string): string {
  return uuidv5(`${childRef}:${gapKey}`, GAP_NAMESPACE);
}

/** The event store stream of a gap's events. */
export function gapStreamOf(gapId: string): string {
  return `coordination-gap-${gapId}`;
}

/**
 * The id of an event the gap engine writes about a gap: UUID v5 of `<gapId>:<kind>`. Written
 * again after a crash or in a rebuild, the store sees the same id and appends nothing.
 */
export function gapEventIdOf(gapId: string, kind: 'opened' | 'resolved'): string {
  return uuidv5(`${gapId}:${kind}`, GAP_NAMESPACE);
}
