import type { CatalogEnvelope } from './catalog';
import { makeEnvelope, SOURCES, validateEnvelope } from './envelope-schema';
import { InvalidEnvelopeError } from './errors';

const input = {
  type: 'no.samvirke.childwelfare.concern-report-received.v1' as const,
  source: SOURCES.childwelfare,
  subject: 'cr_x1',
  time: '2026-03-04T10:20:00+01:00',
  municipality: '0301',
  recordedAt: '2026-03-04T09:20:01Z',
  data: { reportId: 'bm-1', receivedAt: '2026-03-04T10:20:00+01:00', reporter: 'school' as const },
};

describe('envelope', () => {
  it('builds an envelope with a fresh UUID v7 id, the version of its type, and its own id as correlation and causation', () => {
    const envelope = makeEnvelope(input);

    expect(envelope.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(envelope.schemaVersion).toBe(1);
    expect(envelope.correlationId).toBe(envelope.id);
    expect(envelope.causationId).toBe(envelope.id);
    expect(validateEnvelope(envelope)).toEqual({ ok: true });
  });

  it('keeps a given id, correlation and causation; causation defaults to the correlation', () => {
    expect(makeEnvelope({ ...input, id: 'e-1', correlationId: 'c-1' })).toMatchObject({
      id: 'e-1',
      correlationId: 'c-1',
      causationId: 'c-1',
    });
    expect(
      makeEnvelope({ ...input, id: 'e-1', correlationId: 'c-1', causationId: 'k-1' }).causationId,
    ).toBe('k-1');
  });

  it('refuses to build an envelope that breaks the contract, naming each field', () => {
    let error: unknown;
    try {
      makeEnvelope({
        ...input,
        municipality: '301',
        data: { ...input.data, reporter: 'neighbour' as 'school' },
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidEnvelopeError);
    expect((error as InvalidEnvelopeError).errors.map((e) => e.path)).toEqual(['/municipality']);

    expect(() =>
      makeEnvelope({ ...input, data: { ...input.data, reporter: 'neighbour' as 'school' } }),
    ).toThrow(
      'invalid no.samvirke.childwelfare.concern-report-received.v1 envelope: /data/reporter: Expected one of',
    );
  });

  it('names missing attributes and a time without offset', () => {
    const envelope = makeEnvelope(input);
    const { subject: _subject, ...withoutSubject } = envelope;
    expect(validateEnvelope(withoutSubject)).toMatchObject({
      ok: false,
      errors: [{ path: '/subject' }],
    });
    expect(validateEnvelope({ ...envelope, time: '2026-03-04T10:20:00' })).toMatchObject({
      ok: false,
      errors: [{ path: '/time' }],
    });
  });

  it('refuses an unknown type, a malformed type, and a schema version that disagrees with the type', () => {
    const envelope = makeEnvelope(input);
    expect(
      validateEnvelope({ ...envelope, type: 'no.samvirke.childwelfare.rumour-heard.v1' }),
    ).toEqual({
      ok: false,
      errors: [
        { path: '/type', message: 'unknown event type no.samvirke.childwelfare.rumour-heard.v1' },
      ],
    });
    expect(validateEnvelope({ ...envelope, type: 'ConcernReportReceived' })).toMatchObject({
      ok: false,
      errors: [{ path: '/type' }],
    });
    expect(validateEnvelope({ ...envelope, schemaVersion: 2 })).toMatchObject({
      ok: false,
      errors: [{ path: '/schemaVersion' }],
    });
  });

  it('types a known envelope so that a switch on its type narrows its data', () => {
    const envelope: CatalogEnvelope = makeEnvelope(input);
    const reporter = (e: CatalogEnvelope): string | undefined => {
      switch (e.type) {
        case 'no.samvirke.childwelfare.concern-report-received.v1':
          return e.data.reporter;
        default:
          return undefined;
      }
    };
    expect(reporter(envelope)).toBe('school');
  });

  it('refuses something that is not an envelope at all', () => {
    expect(validateEnvelope(null).ok).toBe(false);
    expect(validateEnvelope('event').ok).toBe(false);
  });
});
