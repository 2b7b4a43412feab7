import { validateEventData } from '@samvirke/contracts';
import type { Decider } from '@samvirke/event-sourcing';
import {
  attendanceDecider,
  enrolmentDecider,
  expertAssessmentDecider,
  meetingDecider,
} from './index';

/** Runs commands one after another on a fresh stream and returns every event they recorded. */
function record<C, S, E>(decider: Decider<C, S, E>, commands: C[]): E[] {
  let state = decider.initialState();
  return commands.flatMap((command) => {
    const events = decider.decide(command, state);
    state = events.reduce(decider.evolve, state);
    return events;
  });
}

const child = { childRef: 'child-1', municipality: '0301' };

describe('the school domain and the event catalog', () => {
  const events = [
    ...record(attendanceDecider, [
      {
        type: 'RecordAbsence',
        data: {
          ...child,
          schoolId: 's-1',
          date: '2026-03-03',
          scope: 'full-day',
          documented: true,
        },
      },
      {
        type: 'RecordAbsence',
        data: {
          ...child,
          schoolId: 's-1',
          date: '2026-03-04',
          scope: 'partial',
          hours: 1.5,
          documented: false,
        },
      },
    ]),
    ...record(meetingDecider, [
      {
        type: 'RecordMeeting',
        data: {
          ...child,
          meetingId: 'm-1',
          kind: 'transition',
          occurredAt: '2026-03-13T13:00:00+01:00',
        },
      },
    ]),
    ...record(expertAssessmentDecider, [
      {
        type: 'RequestExpertAssessment',
        data: { ...child, assessmentId: 'ppt-1', requestedAt: '2026-01-15T09:00:00+01:00' },
      },
      {
        type: 'CompleteExpertAssessment',
        data: {
          assessmentId: 'ppt-1',
          completedAt: '2026-04-01T15:00:00+02:00',
          recommendsSpecialEducation: false,
        },
      },
    ]),
    ...record(enrolmentDecider, [
      {
        type: 'RecordEnrolment',
        data: { ...child, schoolId: 's-1', stage: 'upper-secondary', from: '2026-08-17' },
      },
    ]),
  ];

  it('records one event per fact', () => {
    expect(events).toHaveLength(6);
  });

  it.each(events.map((event) => [event.type, event]))(
    'records %s as the catalog describes it',
    (_type, event) => {
      expect(validateEventData(event.type, event.data)).toEqual({ ok: true });
    },
  );
});
