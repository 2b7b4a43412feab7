import { birthDateOf } from './birth-date';
import { SyntheticPersonalIdGenerator, syntheticPersonalIds } from './synthetic';
import { validatePersonalId } from './validate';

describe('syntheticPersonalIds', () => {
  it('makes N distinct numbers that the validator accepts as synthetic', () => {
    const ids = syntheticPersonalIds('demo', 500);
    expect(new Set(ids).size).toBe(500);
    for (const id of ids) {
      expect(validatePersonalId(id)).toMatchObject({
        valid: true,
        kind: 'synthetic',
        dNumber: false,
      });
    }
  });

  it('gives the same numbers for the same seed, and others for another seed', () => {
    expect(syntheticPersonalIds('demo', 20)).toEqual(syntheticPersonalIds('demo', 20));
    expect(syntheticPersonalIds(42, 20)).toEqual(syntheticPersonalIds(42, 20));
    expect(syntheticPersonalIds('demo', 20)).not.toEqual(syntheticPersonalIds('demo2', 20));
  });

  it('is a stream: asking for more extends the list without changing its start', () => {
    expect(syntheticPersonalIds('demo', 30).slice(0, 10)).toEqual(syntheticPersonalIds('demo', 10));
  });

  it('keeps the generator reproducible across calls of next()', () => {
    const a = new SyntheticPersonalIdGenerator('s');
    const b = new SyntheticPersonalIdGenerator('s');
    expect([a.next(), a.next(), a.next()]).toEqual([b.next(), b.next(), b.next()]);
  });

  it('shifts every month by 80, so no number can be a real person’s', () => {
    for (const id of syntheticPersonalIds('months', 200)) {
      expect(Number(id.slice(2, 4))).toBeGreaterThanOrEqual(81);
      expect(Number(id.slice(2, 4))).toBeLessThanOrEqual(92);
    }
  });

  it('draws birth dates only from the range asked for', () => {
    const ids = syntheticPersonalIds('range', 200, { bornBetween: ['2019-12-30', '2020-01-02'] });
    const dates = new Set(ids.map(birthDateOf));
    expect([...dates].sort()).toEqual(['2019-12-30', '2019-12-31', '2020-01-01', '2020-01-02']);
  });

  it('makes synthetic D-numbers on request', () => {
    for (const id of syntheticPersonalIds('d', 50, { dNumber: true })) {
      expect(validatePersonalId(id)).toMatchObject({
        valid: true,
        kind: 'synthetic',
        dNumber: true,
      });
    }
  });

  it('says so when a range has run out of distinct numbers', () => {
    const generator = new SyntheticPersonalIdGenerator('full', {
      bornBetween: ['1999-06-01', '1999-06-01'],
    });
    expect(() => {
      for (let i = 0; i < 1000; i++) generator.next();
    }).toThrow(/No more distinct synthetic numbers/);
  });

  it('refuses birth years it cannot encode and empty ranges', () => {
    expect(() =>
      syntheticPersonalIds('x', 1, { bornBetween: ['2040-01-01', '2041-01-01'] }),
    ).toThrow(RangeError);
    expect(() =>
      syntheticPersonalIds('x', 1, { bornBetween: ['2020-01-02', '2020-01-01'] }),
    ).toThrow(RangeError);
  });
});
