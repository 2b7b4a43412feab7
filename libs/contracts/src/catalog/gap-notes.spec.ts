import { makeEnvelope } from '../envelope-schema';
import { fromKafkaMessage, toKafkaMessage } from '../kafka';
import { gapAcknowledgedV1, gapAcknowledgedV2, gapResolvedV1, gapResolvedV2 } from './coordination';
import { validateEventData } from './index';

const sealed = 'pd1.c2VhbGVkLW5vdGUtYnl0ZXMtMDEyMzQ1Njc4OQ';
const base = {
  gapId: '01958a40-0000-7000-8000-000000000001',
  acknowledgedAt: '2026-03-17T09:00:00+01:00',
  by: 'coord-kari',
};

function envelopeOf(type: string, data: unknown) {
  return makeEnvelope({
    type,
    data,
    source: '/samvirke/coordination-service',
    subject: 'c1_child',
    time: '2026-03-17T09:00:00+01:00',
    municipality: '0301',
    recordedAt: '2026-03-17T08:00:01.000Z',
  });
}

describe('gap notes, sealed from v2 on', () => {
  it('takes an acknowledgement with the note encrypted', () => {
    expect(validateEventData(gapAcknowledgedV2.type, { ...base, noteCiphertext: sealed })).toEqual({
      ok: true,
    });
  });

  it('refuses an acknowledgement with the note both sealed and in clear, or with clear text where the ciphertext belongs', () => {
    expect(
      validateEventData(gapAcknowledgedV2.type, {
        ...base,
        noteCiphertext: sealed,
        note: 'Called the nurse',
      }).ok,
    ).toBe(false);
    expect(
      validateEventData(gapAcknowledgedV2.type, { ...base, noteCiphertext: 'Called the nurse' }).ok,
    ).toBe(false);
  });

  it('reads a v1 acknowledgement from the bus as a v2 with its (clear) note', () => {
    const v1 = envelopeOf(gapAcknowledgedV1.type, { ...base, note: 'Called the nurse' });
    const read = fromKafkaMessage(toKafkaMessage(v1));
    expect(read).toMatchObject({
      id: v1.id,
      type: gapAcknowledgedV2.type,
      schemaVersion: 2,
      data: { ...base, note: 'Called the nurse' },
    });
  });

  it('reads a v1 resolution from the bus as a v2', () => {
    const data = {
      gapId: base.gapId,
      resolvedAt: '2026-03-18T10:00:00+01:00',
      how: 'manual',
      note: 'Sent by post',
      by: 'coord-kari',
      lateByMs: 0,
    };
    const read = fromKafkaMessage(toKafkaMessage(envelopeOf(gapResolvedV1.type, data)));
    expect(read).toMatchObject({ type: gapResolvedV2.type, data });
  });

  it('takes a manual resolution with the note sealed', () => {
    const data = {
      gapId: base.gapId,
      resolvedAt: '2026-03-18T10:00:00+01:00',
      how: 'manual',
      noteCiphertext: sealed,
      by: 'coord-kari',
      lateByMs: 0,
    };
    expect(fromKafkaMessage(toKafkaMessage(envelopeOf(gapResolvedV2.type, data)))).toMatchObject({
      type: gapResolvedV2.type,
      data,
    });
  });
});
