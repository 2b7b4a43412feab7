import { DomainError, type Decider } from '@samvirke/event-sourcing';
import { enrolmentRecordedV1, type EnrolmentRecordedV1 } from '@samvirke/contracts';
import {
  enrolmentFrom,
  evolveEnrolment,
  initialEnrolmentState,
  type EnrolmentEvent,
  type EnrolmentState,
} from './enrolment';

type Child = { childRef: string; municipality: string };

export type RecordEnrolment = { type: 'RecordEnrolment'; data: EnrolmentRecordedV1 & Child };
export type EnrolmentCommand = RecordEnrolment;

export function decideEnrolment(
  command: EnrolmentCommand,
  state: EnrolmentState,
): EnrolmentEvent[] {
  switch (command.type) {
    case 'RecordEnrolment':
      return recordEnrolment(command.data, state);
    default: {
      const _: never = command.type;
      throw new TypeError(`unknown enrolment command ${JSON.stringify(command)}`);
    }
  }
}

function recordEnrolment(
  { schoolId, stage, from }: RecordEnrolment['data'],
  state: EnrolmentState,
): EnrolmentEvent[] {
  const was = enrolmentFrom(state, from);
  if (was) {
    if (was.schoolId === schoolId && was.stage === stage) return [];
    throw new DomainError(
      `an enrolment from ${from} is already recorded (${was.stage} at ${was.schoolId}); a change is a new enrolment from a later date`,
      'enrolment-conflict',
    );
  }
  return [{ type: enrolmentRecordedV1.type, data: { schoolId, stage, from } }];
}

/** True for the stored event that recorded the fact a command states (the edge's 200 answer). */
export function recordsEnrolmentCommand(event: EnrolmentEvent, command: EnrolmentCommand): boolean {
  return event.type === enrolmentRecordedV1.type && event.data.from === command.data.from;
}

export const enrolmentDecider: Decider<EnrolmentCommand, EnrolmentState, EnrolmentEvent> = {
  decide: decideEnrolment,
  evolve: evolveEnrolment,
  initialState: initialEnrolmentState,
};
