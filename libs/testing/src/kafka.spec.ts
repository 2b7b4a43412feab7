import { clusterId } from './kafka';

describe('the test broker’s cluster id', () => {
  it('is 16 bytes of base64url that never starts with "-", which the storage tool would take for an option', () => {
    const ids = Array.from({ length: 10_000 }, clusterId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
