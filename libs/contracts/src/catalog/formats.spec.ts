import {
  isIsoDate,
  isRecordableDate,
  isRecordableTime,
  isRfc3339DateTime,
  isUuid,
} from './formats';

describe('string formats', () => {
  it.each([
    '2026-03-02T08:15:00+01:00',
    '2026-03-02T07:15:00Z',
    '2026-03-02t07:15:00.123z',
    '2024-02-29T00:00:00-05:30',
  ])('accepts the RFC 3339 time %s', (value) => expect(isRfc3339DateTime(value)).toBe(true));

  it.each([
    '2026-03-02T08:15:00',
    '2026-03-02 08:15:00Z',
    '2026-03-02',
    '2026-13-02T08:15:00Z',
    '2025-02-29T08:15:00Z',
    '2026-03-02T24:00:00Z',
    '2026-03-02T08:15:00+1:00',
    '',
  ])('refuses %j as a time', (value) => expect(isRfc3339DateTime(value)).toBe(false));

  it.each(['2026-03-02', '2024-02-29', '2000-02-29'])('accepts the date %s', (value) =>
    expect(isIsoDate(value)).toBe(true),
  );

  it.each(['2026-3-2', '1900-02-29', '2026-04-31', '2026-03-02T00:00:00Z', '20260302'])(
    'refuses %j as a date',
    (value) => expect(isIsoDate(value)).toBe(false),
  );

  it('recognises a UUID and refuses anything else', () => {
    expect(isUuid('01958a3c-1f2e-7c4a-9b1d-2f3e4a5b6c7d')).toBe(true);
    expect(isUuid('01958a3c-1f2e-7c4a-9b1d')).toBe(false);
  });

  describe('the span Samvirke records, 1900 to 2100', () => {
    it.each([
      '1900-01-01T00:00:00Z',
      '1900-01-01T00:00:00+01:00',
      '1900-01-01T00:00:00+14:00',
      '2026-03-02T08:15:00+01:00',
      '2100-12-31T23:59:59.999Z',
      '2100-12-31T23:59:59-12:00',
    ])('holds the time %s', (value) => expect(isRecordableTime(value)).toBe(true));

    it.each([
      ['year 0000', '0000-01-01T00:00:00Z'],
      ['a time before 1900-01-01 began anywhere', '1899-12-31T09:59:59Z'],
      ['the 19th century', '1899-06-30T12:00:00Z'],
      ['a time after 2100-12-31 ended everywhere', '2101-01-01T12:00:00Z'],
      ['year 9999', '9999-12-31T23:59:59Z'],
      ['a leap second, which JavaScript cannot hold', '2026-12-31T23:59:60Z'],
      ['a time that is not RFC 3339', '2026-03-02T08:15:00'],
    ])('refuses %s', (_name, value) => expect(isRecordableTime(value)).toBe(false));

    it.each(['1900-01-01', '2026-03-02', '2100-12-31'])('holds the date %s', (value) =>
      expect(isRecordableDate(value)).toBe(true),
    );

    it.each(['0000-01-01', '1899-12-31', '2101-01-01', '2026-02-30'])(
      'refuses the date %s',
      (value) => expect(isRecordableDate(value)).toBe(false),
    );
  });
});
