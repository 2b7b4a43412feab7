import { createValidationPipe, ProblemException } from '@samvirke/platform';
import { encodeCursor } from '../cursor';
import { endOf, startOf } from './query-validation';
import { GapsQuery, TimelineQuery } from './read-queries.dto';

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

describe('query parameters', () => {
  const pipe = createValidationPipe();
  const namedFor = async (
    metatype: new () => object,
    query: Record<string, unknown>,
  ): Promise<string[]> => {
    try {
      await pipe.transform(query, { type: 'query', metatype });
      return [];
    } catch (error) {
      if (!(error instanceof ProblemException)) throw error;
      return (error.problem.errors ?? []).map((e) => e.field);
    }
  };

  it('takes bounds from 1900 to 2100', async () => {
    expect(
      await namedFor(TimelineQuery, { from: '1900-01-01', to: '2100-12-31T23:00:00Z' }),
    ).toEqual([]);
  });

  it.each([
    ['year 0000', { from: '0000-01-01' }, 'from'],
    ['a time before 1900', { to: '1899-06-30T23:00:00Z' }, 'to'],
    ['a date after 2100', { to: '2101-01-01' }, 'to'],
    ['a leap second', { from: '2016-12-31T23:59:60Z' }, 'from'],
    ['a repeated parameter', { from: ['2026-01-01', '2026-02-01'] }, 'from'],
    [
      'a cursor whose time is no time',
      { cursor: encodeCursor(['2026-13-45T25:61:00.000000Z', 'e']) },
      'cursor',
    ],
    [
      'a cursor from year 0000',
      { cursor: encodeCursor(['0000-01-01T00:00:00.000000Z', 'e']) },
      'cursor',
    ],
    [
      'a cursor with a NUL in its event id',
      { cursor: encodeCursor(['2026-03-02T07:15:00.123456Z', '\u0000']) },
      'cursor',
    ],
    ['an unknown sector', { sector: 'police' }, 'sector'],
  ])('refuses %s on the timeline, naming the parameter', async (_name, query, field) => {
    expect(await namedFor(TimelineQuery, query)).toEqual([field]);
  });

  it.each([
    ['an unknown status', { status: 'forgotten' }, 'status'],
    [
      'a cursor whose gap id is no UUID',
      { cursor: encodeCursor(['2026-03-02T07:15:00.123456Z', 'gap']) },
      'cursor',
    ],
    ['a limit that is no number', { limit: 'ten' }, 'limit'],
  ])('refuses %s on the gaps, naming the parameter', async (_name, query, field) => {
    expect(await namedFor(GapsQuery, query)).toEqual([field]);
  });
});
