import { CURSOR_TIME, decodeCursor, encodeCursor } from './cursor';

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
  ])('refuses %s', (_name, text) => {
    expect(decodeCursor(text, 2, ([at]) => CURSOR_TIME.test(at))).toBeUndefined();
  });
});
