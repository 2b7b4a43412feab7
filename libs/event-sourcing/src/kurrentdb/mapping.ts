import type { Checkpoint, ExpectedVersion, StreamVersion } from '../event-store';

/**
 * Translations between the port's words and KurrentDB's. The port counts a stream's events
 * (version 3 = three events, 0 = no stream); KurrentDB numbers them from 0 (revision 2 is the
 * third event).
 */

/** The `streamState` to append with: version N expects revision N-1; 0 expects no stream. */
export function toStreamState(expected: ExpectedVersion): 'any' | 'no_stream' | bigint {
  if (expected === 'any') return 'any';
  if (!Number.isSafeInteger(expected) || expected < 0)
    throw new Error(`expected version must be 'any' or a count of events, got ${expected}`);
  return expected === 0 ? 'no_stream' : BigInt(expected - 1);
}

/** The port's version of a stream whose last revision KurrentDB reports. */
export function toStreamVersion(
  state: 'no_stream' | bigint | string | undefined,
): StreamVersion | undefined {
  if (state === undefined) return undefined;
  if (state === 'no_stream') return 0;
  if (typeof state === 'bigint') return Number(state) + 1;
  return undefined;
}

/** A position in `$all`, written `<commit>/<prepare>`. */
export function encodePosition(position: { commit: bigint; prepare: bigint }): Checkpoint {
  return `${position.commit}/${position.prepare}`;
}

const POSITION = /^(\d{1,20})\/(\d{1,20})$/;

export function decodePosition(checkpoint: Checkpoint): { commit: bigint; prepare: bigint } {
  const match = POSITION.exec(checkpoint);
  if (!match) throw new Error(`not a KurrentDB checkpoint: '${checkpoint}'`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

/** Named checkpoints live in streams of their own, which `readAll` leaves out. */
export const CHECKPOINT_STREAM_PREFIX = 'samvirke-checkpoint-';

export function checkpointStream(name: string): string {
  if (name.length === 0) throw new Error('a checkpoint needs a name');
  return `${CHECKPOINT_STREAM_PREFIX}${name}`;
}

/** Events the global log of the port does not show: KurrentDB's own ($-types, $-streams) and checkpoints. */
export function isHiddenFromReadAll(event: { streamId: string; type: string }): boolean {
  return (
    event.type.startsWith('$') ||
    event.streamId.startsWith('$') ||
    event.streamId.startsWith(CHECKPOINT_STREAM_PREFIX)
  );
}
