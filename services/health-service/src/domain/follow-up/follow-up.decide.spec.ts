import type { CatalogEvent } from '@samvirke/contracts';
import { given } from '@samvirke/event-sourcing/testing';
import { followUpDecider, recordsFollowUpCommand, type RecordFollowUp } from './follow-up.decide';
import { streamIdForFollowUp } from './follow-up';

const record: RecordFollowUp = {
  type: 'RecordFollowUp',
  data: {
    followUpId: 'fu-1',
    childRef: 'child-1',
    municipality: '5001',
    kind: 'health-nurse',
    occurredAt: '2026-03-12T10:00:00+01:00',
    admissionId: 'adm-1',
  },
};
const recorded: CatalogEvent<'no.samvirke.health.follow-up-recorded.v1'> = {
  type: 'no.samvirke.health.follow-up-recorded.v1',
  data: {
    followUpId: 'fu-1',
    kind: 'health-nurse',
    occurredAt: '2026-03-12T10:00:00+01:00',
    admissionId: 'adm-1',
  },
};

describe('follow-up', () => {
  it('names its stream by the follow-up id', () => {
    expect(streamIdForFollowUp('fu-1')).toBe('health-follow-up-fu-1');
  });

  it('records a follow-up of an admission this service has never seen', () => {
    given(followUpDecider, []).when(record).then([recorded]);
  });

  it('records a follow-up that names no admission, with no admissionId in the payload', () => {
    const { admissionId: _, ...withoutAdmission } = record.data;
    const { admissionId: __, ...recordedWithout } = recorded.data;
    given(followUpDecider, [])
      .when({ type: 'RecordFollowUp', data: withoutAdmission })
      .then([{ ...recorded, data: recordedWithout }]);
  });

  it('does nothing when the same follow-up is recorded again', () => {
    given(followUpDecider, [recorded]).when(record).thenNothingHappens();
  });

  it('refuses the same follow-up id with another kind', () => {
    given(followUpDecider, [recorded])
      .when({ ...record, data: { ...record.data, kind: 'gp' } })
      .thenThrows('follow-up-conflict');
  });

  it('refuses the same follow-up id tied to another admission', () => {
    given(followUpDecider, [recorded])
      .when({ ...record, data: { ...record.data, admissionId: 'adm-2' } })
      .thenThrows('follow-up-conflict');
  });

  it('points a repeated command at the event that first recorded it', () => {
    expect(recordsFollowUpCommand(recorded, record)).toBe(true);
  });
});
