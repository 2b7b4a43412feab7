import { fold, type StoredEvent } from '@samvirke/event-sourcing';
import type { StreamChild } from '@samvirke/write-side';
import { concernReportDecider, type ConcernReportEvent, type ConcernReportState } from '../domain';

export interface ConcernReportFacts {
  /** The report's folded state, for the decider's rule that an investigation follows a review. */
  state: ConcernReportState;
  /** The child and municipality of the report; absent when the report is not known here. */
  child?: StreamChild;
}

/**
 * What starting an investigation needs from the report's stream: the body names only the
 * report, so the child and municipality are the ones its first event was recorded with.
 */
export function concernReportOf(events: readonly StoredEvent[]): ConcernReportFacts {
  const state = fold(
    concernReportDecider,
    events.map((event) => ({ type: event.type, data: event.data }) as ConcernReportEvent),
  );
  const first = events[0];
  if (!first) return { state };
  return {
    state,
    child: {
      childRef: String(first.metadata['subject']),
      municipality: String(first.metadata['municipality']),
    },
  };
}
