import { nestsDeeperThan, unstorableFields } from './json-limits';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('nestsDeeperThan', () => {
  it('counts arrays and objects, and nothing inside strings', () => {
    expect(nestsDeeperThan(bytes('{"a": [1, {"b": []}]}'), 4)).toBe(false);
    expect(nestsDeeperThan(bytes('{"a": [1, {"b": []}]}'), 3)).toBe(true);
    expect(nestsDeeperThan(bytes('{"a": "[[[[[[{{{{"}'), 1)).toBe(false);
  });

  it('is not fooled by an escaped quote inside a string', () => {
    expect(nestsDeeperThan(bytes('{"a": "\\"[[[[", "b": "\\\\"}'), 1)).toBe(false);
    expect(nestsDeeperThan(bytes('["\\\\", [[]]]'), 2)).toBe(true);
  });

  it('reads multi-byte UTF-8 text as it is', () => {
    expect(nestsDeeperThan(bytes('{"navn": "Ærlig Øvre Å 😀 [["}'), 1)).toBe(false);
  });

  it('scans a body of twenty thousand brackets without recursion', () => {
    expect(nestsDeeperThan(bytes('['.repeat(20_000)), 32)).toBe(true);
  });
});

describe('unstorableFields', () => {
  it('names each string with a NUL or a lone surrogate by its path', () => {
    expect(
      unstorableFields({
        fine: 'ok 😀',
        note: 'a\u0000b',
        sectors: ['health', '\ud800'],
        nested: { kind: '\udc00x' },
      })
        .map((e) => e.field)
        .sort(),
    ).toEqual(['nested.kind', 'note', 'sectors[1]']);
  });

  it('names a key that holds one, shown without the bad character', () => {
    expect(unstorableFields({ 'a\u0000b': 1 })).toEqual([
      { field: 'a\uFFFDb', message: expect.stringContaining('name of') },
    ]);
  });

  it('finds nothing in numbers, booleans, null and well-formed text', () => {
    expect(unstorableFields({ a: 1, b: true, c: null, d: ['x', { e: 'Å' }] })).toEqual([]);
    expect(unstorableFields(undefined)).toEqual([]);
  });

  it('calls a bare string the body', () => {
    expect(unstorableFields('\u0000').map((e) => e.field)).toEqual(['body']);
  });
});
