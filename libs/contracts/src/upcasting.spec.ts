import { Type } from '@sinclair/typebox';
import {
  defineEvent,
  registerEventDefinition,
  unregisterEventDefinition,
  type DischargeRecordedV1,
  type EventDefinition,
} from './catalog';
import { makeEnvelope, SOURCES } from './envelope-schema';
import { UndecodableEventError } from './errors';
import { fromKafkaMessage, toKafkaMessage } from './kafka';
import { registerUpcaster, unregisterUpcaster, upcast, UpcasterRegistry } from './upcasting';

// A test-only v2: `destination` becomes `dischargedTo`, and `followUpNeeded` gains a reason.
const DischargeRecordedV2 = Type.Object(
  {
    admissionId: Type.String({ minLength: 1 }),
    dischargedAt: Type.String({ format: 'date-time' }),
    followUpNeeded: Type.Boolean(),
    followUpReason: Type.Union([Type.String(), Type.Null()]),
    dischargedTo: Type.Union([
      Type.Literal('home'),
      Type.Literal('institution'),
      Type.Literal('other'),
    ]),
  },
  { additionalProperties: false },
);
const dischargeRecordedV2 = defineEvent({
  type: 'no.samvirke.health.discharge-recorded.v2',
  sector: 'health',
  event: 'discharge-recorded',
  version: 2,
  schema: DischargeRecordedV2,
  description: 'test only',
  example: {
    admissionId: 'a',
    dischargedAt: '2026-03-09T14:00:00+01:00',
    followUpNeeded: false,
    followUpReason: null,
    dischargedTo: 'home',
  },
});

const V1 = 'no.samvirke.health.discharge-recorded.v1';
const V2 = 'no.samvirke.health.discharge-recorded.v2';

const v1ToV2 = (data: unknown) => {
  const { destination, ...rest } = data as DischargeRecordedV1;
  return { ...rest, dischargedTo: destination, followUpReason: null };
};

const v1 = makeEnvelope({
  id: '01958a3f-aaaa-7bbb-8ccc-000000000042',
  type: V1,
  source: SOURCES.health,
  subject: 'cr_5dJ3kq9Xb2',
  time: '2026-03-09T14:00:00+01:00',
  municipality: '5001',
  recordedAt: '2026-03-09T13:00:02Z',
  data: {
    admissionId: 'adm-1',
    dischargedAt: '2026-03-09T14:00:00+01:00',
    followUpNeeded: true,
    destination: 'institution',
  },
});

describe('upcasting', () => {
  beforeEach(() => registerEventDefinition(dischargeRecordedV2 as EventDefinition));
  afterEach(() => {
    unregisterUpcaster(V1);
    unregisterEventDefinition(V2);
  });

  it('leaves an event alone when no upcaster is registered for its type', () => {
    expect(fromKafkaMessage(toKafkaMessage(v1))).toEqual(v1);
  });

  it('reads a v1 message from the topic as v2 once a v1 → v2 upcaster is registered', () => {
    registerUpcaster(V1, V2, v1ToV2);

    expect(fromKafkaMessage(toKafkaMessage(v1))).toEqual({
      ...v1,
      type: V2,
      schemaVersion: 2,
      data: {
        admissionId: 'adm-1',
        dischargedAt: '2026-03-09T14:00:00+01:00',
        followUpNeeded: true,
        followUpReason: null,
        dischargedTo: 'institution',
      },
    });
  });

  it('still checks the v1 message against the v1 schema before upcasting it', () => {
    registerUpcaster(V1, V2, v1ToV2);
    const message = toKafkaMessage(v1);
    const value = Buffer.from(JSON.stringify({ ...v1.data, destination: 'mars' }));

    expect(() => fromKafkaMessage({ ...message, value })).toThrow(
      `${V1} breaks its schema: /data/destination: Expected one of "home", "institution", "other"`,
    );
  });

  it('dead-letters an upcaster that produces data the v2 schema refuses', () => {
    registerUpcaster(V1, V2, (data) => ({ ...(data as object), followUpReason: null }));

    expect(() => fromKafkaMessage(toKafkaMessage(v1))).toThrow(
      expect.objectContaining({
        code: 'schema-violation',
        message: expect.stringContaining(`${V2} breaks its schema`),
      }),
    );
  });

  it('dead-letters an upcaster that throws, with its message', () => {
    registerUpcaster(V1, V2, () => {
      throw new Error('no mapping for this admission');
    });

    let error: unknown;
    try {
      fromKafkaMessage(toKafkaMessage(v1));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UndecodableEventError);
    expect((error as UndecodableEventError).code).toBe('upcast-failed');
    expect((error as UndecodableEventError).message).toBe(
      `upcasting ${V1} failed: no mapping for this admission`,
    );
  });

  it('chains upcasters v1 → v2 → v3 in a registry of its own', () => {
    const registry = new UpcasterRegistry()
      .register('no.samvirke.school.x.v1', 'no.samvirke.school.x.v2', (d) => ({
        ...(d as object),
        b: 2,
      }))
      .register('no.samvirke.school.x.v2', 'no.samvirke.school.x.v3', (d) => ({
        ...(d as object),
        c: 3,
      }));

    const result = upcast(
      { ...v1, type: 'no.samvirke.school.x.v1', schemaVersion: 1, data: { a: 1 } },
      registry,
    );

    expect(result.type).toBe('no.samvirke.school.x.v3');
    expect(result.schemaVersion).toBe(3);
    expect(result.data).toEqual({ a: 1, b: 2, c: 3 });
    expect(registry.finalTypeOf('no.samvirke.school.x.v1')).toBe('no.samvirke.school.x.v3');
  });

  it('refuses a second upcaster from the same type', () => {
    registerUpcaster(V1, V2, v1ToV2);
    expect(() => registerUpcaster(V1, V2, v1ToV2)).toThrow(/already registered/);
  });

  it('refuses to register a new version under a type the catalog already defines', () => {
    expect(() =>
      registerEventDefinition({ ...dischargeRecordedV2, type: V1 } as unknown as EventDefinition),
    ).toThrow(/already in the catalog/);
  });
});
