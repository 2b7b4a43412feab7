import { ageOn, birthDateOf, centuryOf, dateTurning } from './birth-date';
import { InvalidPersonalIdError } from './validate';

describe('birthDateOf', () => {
  it('reads a fødselsnummer from the 1900s', () => {
    expect(birthDateOf('13097248022')).toBe('1972-09-13');
  });

  it('takes 40 off the day of a D-number', () => {
    expect(birthDateOf('53097248016')).toBe('1972-09-13');
  });

  it('takes 80 off the month of a synthetic number and reads the 900-series as 1940-1999', () => {
    expect(birthDateOf('10915596784')).toBe('1955-11-10');
  });

  it('reads a child born after 2000 from the 500-999 series', () => {
    expect(birthDateOf('29821669977')).toBe('2016-02-29');
  });

  it('refuses an invalid number', () => {
    expect(() => birthDateOf('13097248023')).toThrow(InvalidPersonalIdError);
  });
});

describe('centuryOf', () => {
  it.each([
    [0, 72, 1900],
    [499, 5, 1900],
    [500, 5, 2000],
    [999, 39, 2000],
    [600, 60, 1800],
    [950, 60, 1900],
  ])('individual number %i with year %i is from the %i s', (individual, yy, century) => {
    expect(centuryOf(individual, yy)).toBe(century);
  });

  it('names no century for an unassigned combination', () => {
    expect(centuryOf(800, 45)).toBeUndefined();
  });
});

describe('ageOn and dateTurning', () => {
  it('counts completed years, the birthday itself included', () => {
    expect(ageOn('2010-05-17', '2028-05-16')).toBe(17);
    expect(ageOn('2010-05-17', '2028-05-17')).toBe(18);
  });

  it('gives the date a child turns 6, 16 and 18', () => {
    expect(dateTurning('2010-05-17', 6)).toBe('2016-05-17');
    expect(dateTurning('2010-05-17', 16)).toBe('2026-05-17');
    expect(dateTurning('2010-05-17', 18)).toBe('2028-05-17');
  });

  it('lets a child born 29 February turn a year older on 1 March in common years', () => {
    expect(dateTurning('2016-02-29', 18)).toBe('2034-03-01');
    expect(ageOn('2016-02-29', '2034-02-28')).toBe(17);
    expect(ageOn('2016-02-29', '2034-03-01')).toBe(18);
    expect(dateTurning('2016-02-29', 4)).toBe('2020-02-29');
  });

  it('refuses dates that are not YYYY-MM-DD calendar dates', () => {
    expect(() => ageOn('2010-02-30', '2020-01-01')).toThrow(RangeError);
    expect(() => dateTurning('17.05.2010', 6)).toThrow(RangeError);
  });
});
