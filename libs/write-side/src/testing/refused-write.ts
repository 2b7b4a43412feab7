import type { Role } from '@samvirke/platform';
import type { SectorHarness } from './sector-harness';

/** A write a sector service must refuse, and what its problem answer must say. */
export interface RefusedWrite {
  name: string;
  path: string;
  body?: unknown;
  raw?: string;
  contentType?: string;
  /** No token, one that is not a JWT, or a token of another sector (`wrongRole`). */
  token?: 'none' | 'bad' | 'wrong-role';
  key?: null;
  status: number;
  field?: string;
  code?: string;
}

/**
 * Sends the write and checks the refusal a sector system gets: the status, a problem+json body
 * with a title and detail, the field or code named, and no event stored.
 */
export async function expectRefused(
  harness: SectorHarness,
  refused: RefusedWrite,
  wrongRole: Role,
): Promise<void> {
  const before = await harness.eventCount();
  const token =
    refused.token === 'none'
      ? null
      : refused.token === 'bad'
        ? 'not.a.jwt'
        : refused.token === 'wrong-role'
          ? await harness.token([wrongRole])
          : undefined;
  const answer = await harness.post(refused.path, refused.body, {
    raw: refused.raw,
    contentType: refused.contentType,
    token,
    key: refused.key,
  });
  expect(answer.status).toBe(refused.status);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({
    status: refused.status,
    title: expect.any(String),
    detail: expect.any(String),
  });
  if (refused.field)
    expect(answer.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: refused.field })]),
    );
  if (refused.code) expect(answer.body.code).toBe(refused.code);
  expect(await harness.eventCount()).toBe(before);
}
