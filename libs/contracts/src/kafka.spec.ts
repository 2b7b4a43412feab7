import { Kafka, type KafkaMessage } from 'cloudevents';
import type { EventEnvelope } from './envelope';
import { makeEnvelope, SOURCES } from './envelope-schema';
import { UndecodableEventError } from './errors';
import {
  cloudEventToEnvelope,
  decodeKafkaMessage,
  fromKafkaMessage,
  toKafkaMessage,
  type IncomingKafkaMessage,
} from './kafka';

const discharge = makeEnvelope({
  id: '01958a3f-aaaa-7bbb-8ccc-000000000042',
  type: 'no.samvirke.health.discharge-recorded.v1',
  source: SOURCES.health,
  subject: 'cr_5dJ3kq9Xb2',
  time: '2026-03-09T14:00:00+01:00',
  municipality: '5001',
  correlationId: 'req-77',
  causationId: 'cmd-78',
  recordedAt: '2026-03-09T13:00:02.123Z',
  data: {
    admissionId: 'adm-2026-0042',
    dischargedAt: '2026-03-09T14:00:00+01:00',
    followUpNeeded: true,
    destination: 'home',
  },
});

/** As kafkajs hands a consumed message over: Buffers everywhere. */
function asConsumed(envelope: EventEnvelope): IncomingKafkaMessage {
  const message = toKafkaMessage(envelope);
  return {
    key: Buffer.from(message.key),
    value: message.value,
    headers: Object.fromEntries(
      Object.entries(message.headers).map(([k, v]) => [k, Buffer.from(v)]),
    ),
  };
}

function reasonOf(message: IncomingKafkaMessage): { code: string; reason: string } {
  try {
    fromKafkaMessage(message);
  } catch (error) {
    if (error instanceof UndecodableEventError) return { code: error.code, reason: error.message };
    throw error;
  }
  throw new Error('expected the message to be undecodable');
}

function withHeaders(
  message: IncomingKafkaMessage,
  change: (headers: Record<string, Buffer | string | (Buffer | string)[] | undefined>) => void,
): IncomingKafkaMessage {
  const headers = { ...message.headers };
  change(headers);
  return { ...message, headers };
}

describe('Kafka binary mode', () => {
  it('writes every attribute as a ce_ header, the childRef as key and the data as JSON', () => {
    const message = toKafkaMessage(discharge);

    expect(message.key).toBe('cr_5dJ3kq9Xb2');
    expect(JSON.parse(message.value.toString('utf8'))).toEqual(discharge.data);
    expect(message.headers).toEqual({
      ce_id: '01958a3f-aaaa-7bbb-8ccc-000000000042',
      ce_type: 'no.samvirke.health.discharge-recorded.v1',
      ce_source: '/samvirke/health-service',
      ce_specversion: '1.0',
      ce_time: '2026-03-09T14:00:00+01:00',
      ce_subject: 'cr_5dJ3kq9Xb2',
      ce_municipality: '5001',
      ce_correlationid: 'req-77',
      ce_causationid: 'cmd-78',
      ce_recordedat: '2026-03-09T13:00:02.123Z',
      ce_schemaversion: '1',
      'content-type': 'application/json',
    });
  });

  it('reads back the same envelope from Buffer headers as kafkajs delivers them', () => {
    expect(fromKafkaMessage(asConsumed(discharge))).toEqual(discharge);
  });

  it('reads back the same envelope from string headers and single-element header arrays', () => {
    const message = toKafkaMessage(discharge);
    const arrays = Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, [v]]));
    expect(fromKafkaMessage(message)).toEqual(discharge);
    expect(fromKafkaMessage({ ...message, headers: arrays })).toEqual(discharge);
  });

  it('produces a message the cloudevents SDK itself decodes to the same event', () => {
    const message = toKafkaMessage(discharge);
    const event = Kafka.toEvent({
      key: message.key,
      value: message.value,
      headers: message.headers,
      body: message.value,
    } as KafkaMessage);
    if (Array.isArray(event)) throw new Error('expected one event');

    expect(event.specversion).toBe('1.0');
    expect(event.id).toBe(discharge.id);
    expect(event.type).toBe(discharge.type);
    expect(event.subject).toBe(discharge.subject);
    expect(event['partitionkey']).toBe(discharge.subject);
    // The SDK normalises time to UTC; the instant is the same.
    expect(Date.parse(event.time as string)).toBe(Date.parse(discharge.time));
    expect(cloudEventToEnvelope(event)).toEqual({ ...discharge, time: event.time });
  });

  it('decodes a message the cloudevents SDK encoded from the same attributes', () => {
    const fromSdk = Kafka.binary({
      specversion: '1.0',
      id: discharge.id,
      type: discharge.type,
      source: discharge.source,
      subject: discharge.subject,
      time: discharge.time,
      datacontenttype: 'application/json',
      data: discharge.data,
      municipality: discharge.municipality,
      correlationid: discharge.correlationId,
      causationid: discharge.causationId,
      recordedat: discharge.recordedAt,
      schemaversion: '1',
      partitionkey: discharge.subject,
    });
    const headers = Object.fromEntries(
      Object.entries(fromSdk.headers)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
    expect(
      fromKafkaMessage({ key: String(fromSdk.key), value: JSON.stringify(fromSdk.value), headers }),
    ).toEqual(discharge);
  });

  it('refuses to encode an envelope that breaks its schema', () => {
    const bad = { ...discharge, data: { ...discharge.data, destination: 'mars' } };
    expect(() => toKafkaMessage(bad)).toThrow(/\/data\/destination/);
  });

  describe('undecodable messages carry a reason for the dead-letter topic', () => {
    const good = asConsumed(discharge);

    it('names a missing header', () => {
      expect(reasonOf(withHeaders(good, (h) => delete h['ce_municipality']))).toEqual({
        code: 'missing-header',
        reason: 'missing header ce_municipality',
      });
      expect(reasonOf(withHeaders(good, (h) => (h['ce_time'] = undefined)))).toEqual({
        code: 'missing-header',
        reason: 'missing header ce_time',
      });
    });

    it('names every missing header at once', () => {
      expect(reasonOf({ key: null, value: good.value, headers: {} }).reason).toBe(
        'missing headers ce_id, ce_type, ce_source, ce_specversion, ce_time, ce_subject, ce_municipality, ' +
          'ce_correlationid, ce_causationid, ce_recordedat, ce_schemaversion, content-type',
      );
    });

    it('says the value is not JSON', () => {
      const result = reasonOf({ ...good, value: Buffer.from('{"admissionId": ') });
      expect(result.code).toBe('bad-json');
      expect(result.reason).toMatch(/^message value is not JSON: /);
      expect(reasonOf({ ...good, value: null })).toEqual({
        code: 'bad-json',
        reason: 'message value is empty',
      });
    });

    it('says the type is unknown', () => {
      expect(
        reasonOf(
          withHeaders(good, (h) => (h['ce_type'] = 'no.samvirke.health.teleportation-recorded.v1')),
        ),
      ).toEqual({
        code: 'unknown-type',
        reason: 'unknown event type no.samvirke.health.teleportation-recorded.v1',
      });
      expect(reasonOf(withHeaders(good, (h) => (h['ce_type'] = 'com.example.thing')))).toEqual({
        code: 'unknown-type',
        reason: 'unknown event type com.example.thing',
      });
    });

    it('names the fields that break the schema', () => {
      const value = Buffer.from(
        JSON.stringify({ ...discharge.data, followUpNeeded: 'yes', destination: 'mars' }),
      );
      expect(reasonOf({ ...good, value })).toEqual({
        code: 'schema-violation',
        reason:
          'no.samvirke.health.discharge-recorded.v1 breaks its schema: /data/followUpNeeded: Expected boolean; ' +
          '/data/destination: Expected one of "home", "institution", "other"',
      });
    });

    it('finds a time PostgreSQL cannot hold undecodable, in the data and in ce_time', () => {
      const value = Buffer.from(
        JSON.stringify({ ...discharge.data, dischargedAt: '0000-01-01T00:00:00Z' }),
      );
      expect(reasonOf({ ...good, value })).toMatchObject({
        code: 'schema-violation',
        reason: expect.stringContaining('/data/dischargedAt'),
      });
      expect(
        reasonOf(withHeaders(good, (h) => (h['ce_time'] = '1899-06-30T12:00:00Z'))),
      ).toMatchObject({
        code: 'schema-violation',
        reason: expect.stringContaining('ce_time'),
      });
    });

    it('names a malformed attribute by its header', () => {
      expect(reasonOf(withHeaders(good, (h) => (h['ce_municipality'] = 'Oslo')))).toEqual({
        code: 'schema-violation',
        reason:
          "no.samvirke.health.discharge-recorded.v1 breaks its schema: ce_municipality: Expected string to match '^[0-9]{4}$'",
      });
      expect(reasonOf(withHeaders(good, (h) => (h['ce_schemaversion'] = '2')))).toEqual({
        code: 'schema-violation',
        reason:
          'no.samvirke.health.discharge-recorded.v1 breaks its schema: ce_schemaversion: schemaVersion 2 does not match type no.samvirke.health.discharge-recorded.v1',
      });
    });

    it('refuses another spec version, another content type, conflicting duplicates and a key that is not the subject', () => {
      expect(reasonOf(withHeaders(good, (h) => (h['ce_specversion'] = '0.3'))).reason).toBe(
        'header ce_specversion is "0.3", expected "1.0"',
      );
      expect(
        reasonOf(withHeaders(good, (h) => (h['content-type'] = 'application/avro'))).reason,
      ).toBe('header content-type is "application/avro", expected "application/json"');
      expect(
        reasonOf(withHeaders(good, (h) => (h['ce_type'] = [discharge.type, 'x']))).reason,
      ).toBe('header ce_type has conflicting values');
      expect(reasonOf({ ...good, key: Buffer.from('someone-else') })).toEqual({
        code: 'bad-key',
        reason: 'message key differs from header ce_subject',
      });
    });

    it('keeps the event id and type it could read, for the dead-letter record', () => {
      const result = decodeKafkaMessage({ ...good, value: Buffer.from('not json') });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.eventId).toBe(discharge.id);
      expect(result.error.type).toBe(discharge.type);
    });
  });

  it('accepts a content type with a charset and header names in any case', () => {
    const message = toKafkaMessage(discharge);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(message.headers)) headers[k.toUpperCase()] = v;
    headers['CONTENT-TYPE'] = 'application/json; charset=utf-8';
    expect(fromKafkaMessage({ ...message, headers })).toEqual(discharge);
  });
});
