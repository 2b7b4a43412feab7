import { toKafkaMessage } from '@samvirke/contracts';
import { deadLetterOfMessage, deadLetterOfStoredEvent, DLQ_HEADERS } from './dead-letter';
import { replayOf } from './replay';
import { followUp } from './testing/events';
import type { ReceivedMessage } from './transport';

const at = new Date('2026-03-02T10:00:00Z');
const consumed = (): ReceivedMessage => ({
  topic: 'health.events.v1',
  partition: 2,
  offset: '41',
  ...toKafkaMessage(followUp('ref-1', 1)),
});
const asReceived = (
  letter: ReturnType<typeof deadLetterOfMessage>,
  offset = '0',
): ReceivedMessage => ({ topic: 'health.events.v1.dlq', partition: 0, offset, ...letter });

describe('replaying a dead letter', () => {
  it('gives back the message as it came, on its original topic, without the dead-letter headers', () => {
    const original = consumed();
    const letter = asReceived(
      deadLetterOfMessage(original, {
        code: 'handler-failed',
        reason: 'QueryFailedError: …',
        rejectedBy: 'coordination',
        at,
      }),
    );
    expect(replayOf(letter)).toEqual({
      topic: 'health.events.v1',
      message: { key: original.key, value: original.value, headers: original.headers },
    });
  });

  it('keeps to the filter: code, group, event ids and time', () => {
    const original = consumed();
    const letter = asReceived(
      deadLetterOfMessage(original, {
        code: 'handler-failed',
        reason: 'x',
        rejectedBy: 'coordination',
        at,
      }),
    );
    expect(replayOf(letter, { code: 'bad-json' })).toBeUndefined();
    expect(replayOf(letter, { rejectedBy: 'another-group' })).toBeUndefined();
    expect(replayOf(letter, { eventIds: ['someone-else'] })).toBeUndefined();
    expect(replayOf(letter, { since: new Date('2026-03-02T10:00:01Z') })).toBeUndefined();
    expect(
      replayOf(letter, {
        code: 'handler-failed',
        rejectedBy: 'coordination',
        eventIds: [original.headers['ce_id']],
        since: at,
      }),
    ).toBeDefined();
  });

  it("leaves the relay's letters alone: they are stored events, to be mended at the source", () => {
    const stored = {
      eventId: 'e-9',
      type: 'x',
      data: { a: 1 },
      metadata: {},
      streamId: 'child-1',
      streamVersion: 1,
      position: '17',
      recordedAt: at,
    };
    const letter = asReceived(
      deadLetterOfStoredEvent(stored, 'health.events.v1', {
        code: 'refused-by-bus',
        reason: 'too large',
        rejectedBy: 'relay:health',
        at,
      }),
    );
    expect(letter.headers[DLQ_HEADERS.originalTopic]).toBe('health.events.v1');
    expect(replayOf(letter)).toBeUndefined();
  });
});
