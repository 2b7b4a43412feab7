import { endOf, startOf } from './query-validation';

describe('timeline bounds', () => {
  it('starts a date at midnight in Norway, winter and summer', () => {
    expect(startOf('2026-01-15')).toBe('2026-01-14T23:00:00.000Z');
    expect(startOf('2026-07-15')).toBe('2026-07-14T22:00:00.000Z');
  });

  it('ends a date at the next midnight in Norway, across the clock change', () => {
    expect(endOf('2026-03-28')).toBe('2026-03-28T23:00:00.000Z');
    expect(endOf('2026-03-29')).toBe('2026-03-29T22:00:00.000Z');
    expect(endOf('2026-10-24')).toBe('2026-10-24T22:00:00.000Z');
    expect(endOf('2026-10-25')).toBe('2026-10-25T23:00:00.000Z');
  });

  it('takes a time as it is', () => {
    expect(startOf('2026-03-02T08:15:00+01:00')).toBe('2026-03-02T08:15:00+01:00');
    expect(endOf('2026-03-02T08:15:00Z')).toBe('2026-03-02T08:15:00Z');
  });
});
