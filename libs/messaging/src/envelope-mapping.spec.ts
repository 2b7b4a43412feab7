import type { StoredEvent } from '@samvirke/event-sourcing';
import { envelopeOf, eventToAppend, UnpublishableEventError } from './envelope-mapping';
import { followUp } from './testing/events';

const stored = (overrides: Partial<StoredEvent> = {}): StoredEvent => {
  const appended = eventToAppend(followUp('ref-1', 1));
  return {
    ...appended,
    metadata: appended.metadata ?? {},
    streamId: 'child-1',
    streamVersion: 1,
    position: '1',
    recordedAt: new Date('2026-03-02T07:16:30Z'),
    ...overrides,
  };
};

describe('the envelope kept in a stored event', () => {
  it('comes back whole from what was appended', () => {
    const envelope = followUp('ref-1', 1);
    const appended = eventToAppend(envelope);

    expect(appended).toMatchObject({
      eventId: envelope.id,
      type: envelope.type,
      data: envelope.data,
    });
    expect(envelopeOf(stored({ ...appended, metadata: appended.metadata }))).toEqual(envelope);
  });

  it("takes the store's timestamp when the writer left recordedAt out", () => {
    const { recordedAt: _recordedAt, ...metadata } = stored().metadata;
    expect(envelopeOf(stored({ metadata })).recordedAt).toBe('2026-03-02T07:16:30.000Z');
  });

  it('takes the schema version from the type when the writer left it out', () => {
    const { schemaVersion: _schemaVersion, ...metadata } = stored().metadata;
    expect(envelopeOf(stored({ metadata })).schemaVersion).toBe(1);
  });

  it('refuses a stored event without the child reference, naming it', () => {
    const { subject: _subject, ...metadata } = stored().metadata;
    expect(() => envelopeOf(stored({ metadata }))).toThrow(UnpublishableEventError);
    expect(() => envelopeOf(stored({ metadata }))).toThrow(/metadata\.subject/);
  });
});
