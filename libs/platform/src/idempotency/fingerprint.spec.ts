import { canonicalJson, requestFingerprint } from './fingerprint';

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"e":2,"f":1}]},"b":1}',
    );
  });

  it('leaves out undefined members, as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
  });
});

describe('requestFingerprint', () => {
  const base = {
    method: 'POST',
    path: '/v1/absences',
    caller: 'school-1',
    body: { date: '2025-03-03', scope: 'full-day' },
  };

  it('is the same for the same request in another key order', () => {
    expect(requestFingerprint(base)).toBe(
      requestFingerprint({ ...base, body: { scope: 'full-day', date: '2025-03-03' } }),
    );
  });

  it.each([
    ['body', { ...base, body: { date: '2025-03-04', scope: 'full-day' } }],
    ['path', { ...base, path: '/v1/meetings' }],
    ['caller', { ...base, caller: 'school-2' }],
    ['method', { ...base, method: 'PUT' }],
  ])('differs when the %s differs', (_what, other) => {
    expect(requestFingerprint(other)).not.toBe(requestFingerprint(base));
  });
});
