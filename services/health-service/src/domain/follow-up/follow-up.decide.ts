import { DomainError, type Decider } from '@samvirke/event-sourcing';
import { followUpRecordedV1, type FollowUpRecordedV1 } from '@samvirke/contracts';
import { sameInstant } from '@samvirke/contracts';
import {
  evolveFollowUp,
  initialFollowUpState,
  type FollowUpEvent,
  type FollowUpState,
} from './follow-up';

type Child = { childRef: string; municipality: string };

export type RecordFollowUp = { type: 'RecordFollowUp'; data: FollowUpRecordedV1 & Child };
export type FollowUpCommand = RecordFollowUp;

export function decideFollowUp(command: FollowUpCommand, state: FollowUpState): FollowUpEvent[] {
  switch (command.type) {
    case 'RecordFollowUp':
      return record(command.data, state);
    default: {
      const _: never = command.type;
      throw new TypeError(`unknown follow-up command ${JSON.stringify(command)}`);
    }
  }
}

function record(
  { followUpId, kind, occurredAt, admissionId }: RecordFollowUp['data'],
  state: FollowUpState,
): FollowUpEvent[] {
  if (state.status === 'recorded') {
    const was = state.followUp;
    if (
      was.kind === kind &&
      sameInstant(was.occurredAt, occurredAt) &&
      was.admissionId === admissionId
    )
      return [];
    throw new DomainError(
      `follow-up ${followUpId} is already recorded (${was.kind} at ${was.occurredAt}) with other facts`,
      'follow-up-conflict',
    );
  }
  // No check of admissionId: the stay it follows up may be unknown here (see follow-up.ts).
  const data: FollowUpRecordedV1 =
    admissionId === undefined
      ? { followUpId, kind, occurredAt }
      : { followUpId, kind, occurredAt, admissionId };
  return [{ type: followUpRecordedV1.type, data }];
}

/** True for the stored event that recorded the fact a command states (the edge's 200 answer). */
export function recordsFollowUpCommand(event: FollowUpEvent, command: FollowUpCommand): boolean {
  return event.type === followUpRecordedV1.type && command.type === 'RecordFollowUp';
}

export const followUpDecider: Decider<FollowUpCommand, FollowUpState, FollowUpEvent> = {
  decide: decideFollowUp,
  evolve: evolveFollowUp,
  initialState: initialFollowUpState,
};
