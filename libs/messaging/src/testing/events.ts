import { makeEnvelope, SOURCES, type EventEnvelope } from '@samvirke/contracts';
import type { EventStore } from '@samvirke/event-sourcing';
import { eventToAppend } from '../envelope-mapping';

export const FOLLOW_UP = 'no.samvirke.health.follow-up-recorded.v1';

/** A valid health event for `childRef`; `seq` (the child's stream version) rides in the follow-up id, unless one is given. */
export function followUp(
  childRef: string,
  seq: number,
  id?: string,
  followUpId = `${childRef}#${seq}`,
): EventEnvelope {
  return makeEnvelope({
    type: FOLLOW_UP,
    data: { followUpId, kind: 'gp', occurredAt: '2026-03-02T08:15:00+01:00' },
    subject: childRef,
    time: '2026-03-02T08:15:00+01:00',
    municipality: '0301',
    recordedAt: '2026-03-02T08:16:00+01:00',
    source: SOURCES.health,
    ...(id ? { id } : {}),
  });
}

/** A valid event as large as the catalog allows (a 2,000-character reason): about 2.5 kB, more than a small bus takes. */
export function longExtension(childRef: string): EventEnvelope {
  return makeEnvelope({
    type: 'no.samvirke.childwelfare.investigation-extended.v1',
    data: {
      investigationId: 'inv-1',
      extendedAt: '2026-03-02T08:15:00+01:00',
      reason: 'x'.repeat(2_000),
    },
    subject: childRef,
    time: '2026-03-02T08:15:00+01:00',
    municipality: '0301',
    recordedAt: '2026-03-02T08:16:00+01:00',
    source: SOURCES.childwelfare,
  });
}

/** The `seq` that `followUp` wrote into the event. */
export function seqOf(envelope: EventEnvelope): number {
  return Number(String((envelope.data as { followUpId: string }).followUpId).split('#')[1]);
}

/**
 * Appends events `firstSeq`..`lastSeq` to each of `children` streams (`child-<i>`, childRef
 * `ref-<i>`), in rounds of `eventsPerAppend` per stream, the streams of a round side by side.
 */
export async function appendFollowUps(
  store: EventStore,
  children: number,
  lastSeq: number,
  eventsPerAppend = lastSeq,
  firstSeq = 1,
): Promise<void> {
  for (let from = firstSeq; from <= lastSeq; from += eventsPerAppend) {
    const to = Math.min(lastSeq, from + eventsPerAppend - 1);
    await Promise.all(
      Array.from({ length: children }, (_, c) =>
        store.appendToStream(
          `child-${c}`,
          from - 1,
          Array.from({ length: to - from + 1 }, (_, i) =>
            eventToAppend(followUp(`ref-${c}`, from + i)),
          ),
        ),
      ),
    );
  }
}
