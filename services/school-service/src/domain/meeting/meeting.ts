import { meetingHeldV1, type MeetingHeldV1, type CatalogEvent } from '@samvirke/contracts';

/**
 * A meeting the school held about the child (absence follow-up, parents, support team,
 * transition). One stream per meeting id; a meeting is recorded once and never changes.
 */

export type MeetingEvent = CatalogEvent<typeof meetingHeldV1.type>;

export type MeetingState = { status: 'unknown' } | { status: 'held'; meeting: MeetingHeldV1 };

export const streamIdForMeeting = (meetingId: string): string => `school-meeting-${meetingId}`;

export const initialMeetingState = (): MeetingState => ({ status: 'unknown' });

/** Folds one stored fact into the state; a second record cannot follow and leaves it as it was. */
export function evolveMeeting(state: MeetingState, event: MeetingEvent): MeetingState {
  switch (event.type) {
    case meetingHeldV1.type:
      return state.status === 'unknown' ? { status: 'held', meeting: event.data } : state;
    default: {
      const _: never = event.type;
      return state;
    }
  }
}
