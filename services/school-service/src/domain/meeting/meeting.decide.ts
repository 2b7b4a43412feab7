import { DomainError, type Decider } from '@samvirke/event-sourcing';
import { meetingHeldV1, type MeetingHeldV1 } from '@samvirke/contracts';
import { sameInstant } from '@samvirke/contracts';
import {
  evolveMeeting,
  initialMeetingState,
  type MeetingEvent,
  type MeetingState,
} from './meeting';

type Child = { childRef: string; municipality: string };

export type RecordMeeting = { type: 'RecordMeeting'; data: MeetingHeldV1 & Child };
export type MeetingCommand = RecordMeeting;

export function decideMeeting(command: MeetingCommand, state: MeetingState): MeetingEvent[] {
  switch (command.type) {
    case 'RecordMeeting':
      return recordMeeting(command.data, state);
    default: {
      const _: never = command.type;
      throw new TypeError(`unknown meeting command ${JSON.stringify(command)}`);
    }
  }
}

function recordMeeting(
  { meetingId, kind, occurredAt }: RecordMeeting['data'],
  state: MeetingState,
): MeetingEvent[] {
  if (state.status === 'held') {
    const was = state.meeting;
    if (was.kind === kind && sameInstant(was.occurredAt, occurredAt)) return [];
    throw new DomainError(
      `meeting ${meetingId} is already recorded (${was.kind} at ${was.occurredAt}) with other facts`,
      'meeting-conflict',
    );
  }
  return [{ type: meetingHeldV1.type, data: { meetingId, kind, occurredAt } }];
}

/** True for the stored event that recorded the fact a command states (the edge's 200 answer). */
export function recordsMeetingCommand(event: MeetingEvent, command: MeetingCommand): boolean {
  return event.type === meetingHeldV1.type && command.type === 'RecordMeeting';
}

export const meetingDecider: Decider<MeetingCommand, MeetingState, MeetingEvent> = {
  decide: decideMeeting,
  evolve: evolveMeeting,
  initialState: initialMeetingState,
};
