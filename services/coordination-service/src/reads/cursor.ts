import { isRecordableTime } from '@samvirke/contracts';
import { isStorableText } from '@samvirke/platform';

/**
 * Opaque keyset cursors: the sort key of the last row of a page, as base64url JSON. Clients pass
 * them back untouched; anything else is refused as a bad `cursor`, never as a server error.
 */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The key, or undefined when the text is not a cursor with `parts` strings that pass `valid`. */
export function decodeCursor(
  text: string,
  parts: number,
  valid: (key: string[]) => boolean = () => true,
): string[] | undefined {
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(text)) return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(key) || key.length !== parts) return undefined;
    // A cursor we gave out holds plain strings; a NUL or lone surrogate is a forgery PostgreSQL would choke on.
    if (
      !key.every(
        (part) =>
          typeof part === 'string' && part.length > 0 && part.length <= 200 && isStorableText(part),
      )
    )
      return undefined;
    return valid(key) ? key : undefined;
  } catch {
    return undefined;
  }
}

/** A PostgreSQL timestamp written as UTC with microseconds, so a cursor loses no precision. */
export const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The time of a cursor: written as we write it, and a real time we can record (not `2026-13-45…`, not year 0000). */
export const isCursorTime = (at: string): boolean => CURSOR_TIME.test(at) && isRecordableTime(at);
