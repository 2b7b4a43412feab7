import {
  addDays,
  addMonths,
  addMonthsToDate,
  addWorkingDays,
  endOfOsloDay,
  isWorkingDay,
  osloDate,
  startOfOsloDay,
  workingDaysBetween,
  workingDaysDeadline,
} from './calendar';

describe('the Oslo calendar', () => {
  it('gives the Oslo date of an instant, not the UTC date', () => {
    expect(osloDate(new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-02');
    expect(osloDate(new Date('2026-07-01T21:59:59Z'))).toBe('2026-07-01');
    expect(osloDate(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
  });

  it('starts an Oslo day at local midnight in winter and in summer', () => {
    expect(startOfOsloDay('2026-01-15').toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(startOfOsloDay('2026-06-15').toISOString()).toBe('2026-06-14T22:00:00.000Z');
    expect(endOfOsloDay('2026-03-28').toISOString()).toBe('2026-03-28T23:00:00.000Z'); // DST starts 29 Mar
    expect(endOfOsloDay('2026-03-29').toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('counts a day as exactly 24 hours across the clock change', () => {
    const friday = new Date('2026-03-27T12:00:00+01:00');
    expect(addDays(friday, 7).toISOString()).toBe('2026-04-03T11:00:00.000Z'); // 13:00 summer time
  });

  it('adds calendar months at the same Oslo wall-clock time, clamping the day', () => {
    expect(addMonths(new Date('2026-01-15T09:00:00+01:00'), 3).toISOString()).toBe(
      '2026-04-15T07:00:00.000Z',
    );
    expect(addMonths(new Date('2026-01-31T10:00:00+01:00'), 1).toISOString()).toBe(
      '2026-02-28T09:00:00.000Z',
    );
    expect(addMonths(new Date('2027-11-30T10:00:00+01:00'), 3).toISOString()).toBe(
      '2028-02-29T09:00:00.000Z',
    );
    expect(addMonthsToDate('2008-02-29', 18 * 12)).toBe('2026-02-28');
    expect(addMonths(new Date('2026-08-01T00:00:00+02:00'), -6).toISOString()).toBe(
      '2026-01-31T23:00:00.000Z',
    );
  });

  it('knows Norwegian public holidays, moving feasts included, and not Christmas Eve', () => {
    expect(isWorkingDay('2026-04-01')).toBe(true); // Wednesday before Easter
    expect(isWorkingDay('2026-04-02')).toBe(false); // Maundy Thursday
    expect(isWorkingDay('2026-04-03')).toBe(false); // Good Friday
    expect(isWorkingDay('2026-04-06')).toBe(false); // Easter Monday
    expect(isWorkingDay('2026-05-14')).toBe(false); // Ascension Day
    expect(isWorkingDay('2026-05-25')).toBe(false); // Whit Monday
    expect(isWorkingDay('2028-05-17')).toBe(false); // Constitution Day, a Wednesday
    expect(isWorkingDay('2026-12-24')).toBe(true); // Christmas Eve is not a public holiday
    expect(isWorkingDay('2026-04-04')).toBe(false); // Saturday
  });

  it('counts working days from the day after, skipping Easter', () => {
    expect(addWorkingDays('2026-04-01', 1)).toBe('2026-04-07');
    expect(addWorkingDays('2026-04-01', 10)).toBe('2026-04-20');
    expect(addWorkingDays('2026-04-07', -1)).toBe('2026-04-01');
    expect(workingDaysBetween('2026-04-01', '2026-04-20')).toBe(10);
  });

  it('puts a working-day deadline at the end of the last working day in Oslo', () => {
    const received = new Date('2026-04-01T15:00:00+02:00');
    expect(workingDaysDeadline(received, 10).toISOString()).toBe('2026-04-20T22:00:00.000Z');
  });
});
