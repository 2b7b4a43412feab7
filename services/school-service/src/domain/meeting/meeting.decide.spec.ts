import type { CatalogEvent } from '@samvirke/contracts';
import { given } from '@samvirke/event-sourcing/testing';
import { meetingDecider, recordsMeetingCommand, type RecordMeeting } from './meeting.decide';
import { streamIdForMeeting } from './meeting';

const recordMeeting: RecordMeeting = {
  type: 'RecordMeeting',
  data: {
    meetingId: 'mtg-1',
    childRef: 'child-1',
    municipality: '0301',
    kind: 'absence-follow-up',
    occurredAt: '2026-03-13T13:00:00+01:00',
  },
};
const held: CatalogEvent<'no.samvirke.school.meeting-held.v1'> = {
  type: 'no.samvirke.school.meeting-held.v1',
  data: { meetingId: 'mtg-1', kind: 'absence-follow-up', occurredAt: '2026-03-13T13:00:00+01:00' },
};

describe('meeting', () => {
  it('names its stream by the meeting id', () => {
    expect(streamIdForMeeting('mtg-1')).toBe('school-meeting-mtg-1');
  });

  it('records a held meeting', () => {
    given(meetingDecider, []).when(recordMeeting).then([held]);
  });

  it('does nothing when the same meeting is recorded again', () => {
    given(meetingDecider, [held]).when(recordMeeting).thenNothingHappens();
  });

  it('treats the same moment written in UTC as the same meeting', () => {
    given(meetingDecider, [held])
      .when({
        ...recordMeeting,
        data: { ...recordMeeting.data, occurredAt: '2026-03-13T12:00:00Z' },
      })
      .thenNothingHappens();
  });

  it('refuses the same meeting id with another kind', () => {
    given(meetingDecider, [held])
      .when({ ...recordMeeting, data: { ...recordMeeting.data, kind: 'parents' } })
      .thenThrows('meeting-conflict');
  });

  it('refuses the same meeting id at another time', () => {
    given(meetingDecider, [held])
      .when({
        ...recordMeeting,
        data: { ...recordMeeting.data, occurredAt: '2026-03-14T13:00:00+01:00' },
      })
      .thenThrows('meeting-conflict');
  });

  it('points a repeated command at the event that first recorded it', () => {
    expect(recordsMeetingCommand(held, recordMeeting)).toBe(true);
  });
});
