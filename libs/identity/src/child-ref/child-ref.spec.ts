import { randomBytes } from 'node:crypto';
import { InvalidPersonalIdError } from '../personal-id/validate';
import { syntheticPersonalIds } from '../personal-id/synthetic';
import {
  CHILDREF_KEY_ENV,
  ChildRefKey,
  childRefFor,
  childRefKeyVersion,
  childRefsFor,
  isChildRef,
} from './child-ref';

const KEY = ChildRefKey.of(Buffer.alloc(32, 1));
const OTHER_KEY = ChildRefKey.of(Buffer.alloc(32, 2));
const ID = '10915596784';

describe('childRefFor', () => {
  it('is stable: the same number and key always give the same ref', () => {
    expect(childRefFor(ID, KEY)).toBe(childRefFor(ID, ChildRefKey.of(Buffer.alloc(32, 1))));
  });

  it('is the version-prefixed base64url of HMAC-SHA256(key, digits), so any language can compute it', () => {
    // Fixed vector, checked with: printf 10915596784 | openssl dgst -sha256 -binary -mac HMAC
    //   -macopt hexkey:0101…01 (32 bytes) | base64 | tr '+/' '-_' | tr -d '='
    expect(childRefFor(ID, KEY)).toBe('c1_BLuqfQJ2tYakrn8bqrYPjLG48FtFL23ju9t4eteE2X4');
  });

  it('differs per key', () => {
    expect(childRefFor(ID, KEY)).not.toBe(childRefFor(ID, OTHER_KEY));
  });

  it('differs per number', () => {
    const refs = syntheticPersonalIds('refs', 200).map((id) => childRefFor(id, KEY));
    expect(new Set(refs).size).toBe(200);
  });

  it('does not contain the number or its birth date', () => {
    for (const id of syntheticPersonalIds('leak', 200)) {
      const ref = childRefFor(id, KEY);
      expect(ref).not.toContain(id);
      expect(ref).not.toContain(id.slice(0, 6));
    }
  });

  it('ignores whitespace in the number', () => {
    expect(childRefFor('109155 96784', KEY)).toBe(childRefFor(ID, KEY));
  });

  it('refuses an invalid number rather than hash a typo', () => {
    expect(() => childRefFor('10915596785', KEY)).toThrow(InvalidPersonalIdError);
  });

  it('is URL-safe and recognisable', () => {
    const ref = childRefFor(ID, KEY);
    expect(ref).toMatch(/^c1_[A-Za-z0-9_-]{43}$/);
    expect(encodeURIComponent(ref)).toBe(ref);
    expect(isChildRef(ref)).toBe(true);
    expect(isChildRef(ID)).toBe(false);
  });

  it('carries the key version, so refs under an old and a new key can live side by side', () => {
    const v2 = ChildRefKey.of(randomBytes(32), 2);
    const [old, current] = childRefsFor(ID, [KEY, v2]);
    expect(childRefKeyVersion(old)).toBe(1);
    expect(childRefKeyVersion(current)).toBe(2);
    expect(current.startsWith('c2_')).toBe(true);
  });
});

describe('ChildRefKey', () => {
  const secret = Buffer.alloc(32, 1).toString('base64');

  it('reads the key from SAMVIRKE_CHILDREF_KEY, bare or with a version', () => {
    expect(childRefFor(ID, ChildRefKey.fromEnv({ [CHILDREF_KEY_ENV]: secret }))).toBe(
      childRefFor(ID, KEY),
    );
    expect(ChildRefKey.fromEnv({ [CHILDREF_KEY_ENV]: `v3:${secret}` }).version).toBe(3);
    expect(ChildRefKey.parse(Buffer.alloc(32, 1).toString('base64url')).equals(KEY)).toBe(true);
  });

  it('refuses a missing, short or malformed key without printing it', () => {
    expect(() => ChildRefKey.fromEnv({})).toThrow(/SAMVIRKE_CHILDREF_KEY is not set/);
    const short = Buffer.alloc(31, 1).toString('base64');
    expect(() => ChildRefKey.parse(short)).toThrow(
      'SAMVIRKE_CHILDREF_KEY must decode to at least 32 bytes, not 31',
    );
    expect(() => ChildRefKey.parse('not base64 at all!')).toThrow(
      /^SAMVIRKE_CHILDREF_KEY must be base64/,
    );
  });

  it('keeps its bytes out of logs and JSON', () => {
    expect(JSON.stringify({ KEY })).toBe('{"KEY":"[ChildRefKey]"}');
    expect(`${KEY}`).toBe('[ChildRefKey]');
  });
});
