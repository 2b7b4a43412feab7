import { CURSOR_TIME, decodeCursor, encodeCursor, isCursorTime } from './cursor';

describe('cursor', () => {
  const key = ['2026-03-02T07:15:00.123456Z', '0195-event'];

  it('gives back the key it was made from', () => {
    expect(decodeCursor(encodeCursor(key), 2, ([at]) => CURSOR_TIME.test(at))).toEqual(key);
  });

  it('is opaque and safe in a query string', () => {
    expect(encodeCursor(key)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['not base64url', 'a b'],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['the wrong number of parts', encodeCursor(['2026-03-02T07:15:00.123456Z'])],
    ['a part that is not a string', Buffer.from(JSON.stringify(['x', 1])).toString('base64url')],
    ['a key the caller rejects', encodeCursor(['yesterday', 'e'])],
    ['an empty text', ''],
    ['a part with a NUL', encodeCursor(['2026-03-02T07:15:00.123456Z', 'e\u0000'])],
    [
      'a part with a lone surrogate',
      Buffer.from('["2026-03-02T07:15:00.123456Z","\\ud800"]').toString('base64url'),
    ],
    ['an empty part', encodeCursor(['2026-03-02T07:15:00.123456Z', ''])],
    ['a truncated cursor', encodeCursor(key).slice(0, 20)],
    ['standard base64 with padding', Buffer.from(JSON.stringify(key)).toString('base64')],
  ])('refuses %s', (_name, text) => {
    expect(decodeCursor(text, 2, ([at]) => CURSOR_TIME.test(at))).toBeUndefined();
  });

  it.each([
    ['a month that does not exist', '2026-13-02T07:15:00.123456Z'],
    ['year 0000', '0000-01-01T00:00:00.000000Z'],
    ['an hour past 23', '2026-03-02T24:15:00.123456Z'],
  ])('takes %s for no cursor time', (_name, at) => {
    expect(CURSOR_TIME.test(at)).toBe(true);
    expect(isCursorTime(at)).toBe(false);
  });
});
