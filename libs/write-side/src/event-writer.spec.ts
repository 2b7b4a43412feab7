import { osloMidnight } from './event-writer';

describe('osloMidnight (when a date-only fact happened)', () => {
  it.each([
    ['2026-01-15', '2026-01-15T00:00:00+01:00'],
    ['2026-07-01', '2026-07-01T00:00:00+02:00'],
    // Summer time begins at 02:00 on 29 March 2026: midnight is still winter time.
    ['2026-03-29', '2026-03-29T00:00:00+01:00'],
    ['2026-03-30', '2026-03-30T00:00:00+02:00'],
    // It ends at 03:00 on 25 October 2026: midnight is still summer time.
    ['2026-10-25', '2026-10-25T00:00:00+02:00'],
    ['2026-10-26', '2026-10-26T00:00:00+01:00'],
  ])('puts %s at %s', (date, expected) => {
    expect(osloMidnight(date)).toBe(expected);
  });
});
