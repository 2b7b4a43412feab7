import { deadLetterOfMessage, deadLetterOfStoredEvent, DLQ_HEADERS } from './dead-letter';

const at = new Date('2026-03-02T08:00:00Z');

describe('a dead letter', () => {
  it('keeps the message as it came and says why, where from and who gave up', () => {
    const letter = deadLetterOfMessage(
      {
        topic: 'health.events.v1',
        partition: 2,
        offset: '41',
        key: 'ref-1',
        value: Buffer.from('{oops'),
        headers: { ce_id: 'e-1' },
      },
      { code: 'bad-json', reason: 'message value is not JSON', rejectedBy: 'coordination', at },
    );

    expect(letter.key).toBe('ref-1');
    expect(String(letter.value)).toBe('{oops');
    expect(letter.headers).toEqual({
      ce_id: 'e-1',
      [DLQ_HEADERS.reason]: 'message value is not JSON',
      [DLQ_HEADERS.code]: 'bad-json',
      [DLQ_HEADERS.rejectedBy]: 'coordination',
      [DLQ_HEADERS.at]: '2026-03-02T08:00:00.000Z',
      [DLQ_HEADERS.originalTopic]: 'health.events.v1',
      [DLQ_HEADERS.originalPartition]: '2',
      [DLQ_HEADERS.originalOffset]: '41',
    });
  });

  it('shortens a very long reason', () => {
    const letter = deadLetterOfMessage(
      { topic: 't', partition: 0, offset: '0', key: null, value: null, headers: {} },
      { code: 'schema-violation', reason: 'x'.repeat(10_000), rejectedBy: 'g', at },
    );
    expect(letter.headers[DLQ_HEADERS.reason].length).toBe(2_000);
    expect(letter.value).toHaveLength(0);
  });

  it('of a stored event carries the whole event and where it lives in the store', () => {
    const letter = deadLetterOfStoredEvent(
      {
        eventId: 'e-9',
        type: 'x',
        data: { a: 1 },
        metadata: {},
        streamId: 'child-3',
        streamVersion: 4,
        position: '17',
        recordedAt: at,
      },
      'health.events.v1',
      {
        code: 'unpublishable',
        reason: 'metadata.subject is missing',
        rejectedBy: 'relay:health',
        at,
      },
    );
    expect(letter.key).toBe('child-3');
    expect(JSON.parse(String(letter.value))).toMatchObject({
      eventId: 'e-9',
      data: { a: 1 },
      position: '17',
    });
    expect(letter.headers).toMatchObject({
      [DLQ_HEADERS.streamId]: 'child-3',
      [DLQ_HEADERS.streamVersion]: '4',
      [DLQ_HEADERS.originalTopic]: 'health.events.v1',
    });
  });

  it('of a stored event the bus refused as too large leaves its data out, and says where it lives', () => {
    const letter = deadLetterOfStoredEvent(
      {
        eventId: 'e-9',
        type: 'x',
        data: { reason: 'x'.repeat(2_000) },
        metadata: {},
        streamId: 'child-3',
        streamVersion: 4,
        position: '17',
        recordedAt: at,
      },
      'health.events.v1',
      { code: 'refused-by-bus', reason: 'MESSAGE_TOO_LARGE', rejectedBy: 'relay:health', at },
      { withoutData: true },
    );
    expect(JSON.parse(String(letter.value))).toMatchObject({
      eventId: 'e-9',
      data: null,
      streamId: 'child-3',
      streamVersion: 4,
    });
    expect(letter.value.length).toBeLessThan(500);
  });
});
