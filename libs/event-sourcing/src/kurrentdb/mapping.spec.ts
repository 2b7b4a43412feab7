import {
  checkpointStream,
  decodePosition,
  encodePosition,
  isHiddenFromReadAll,
  toStreamState,
  toStreamVersion,
} from './mapping';

describe('KurrentDB mapping', () => {
  describe('expected version to stream state', () => {
    it('expects no stream for version 0', () => {
      expect(toStreamState(0)).toBe('no_stream');
    });

    it('expects revision N-1 for version N, since revisions count from 0', () => {
      expect(toStreamState(1)).toBe(0n);
      expect(toStreamState(42)).toBe(41n);
    });

    it("passes 'any' through", () => {
      expect(toStreamState('any')).toBe('any');
    });

    it('refuses a negative or fractional version', () => {
      expect(() => toStreamState(-1)).toThrow();
      expect(() => toStreamState(1.5)).toThrow();
    });
  });

  describe('actual stream state to version', () => {
    it('reads no stream as version 0 and revision N as version N+1', () => {
      expect(toStreamVersion('no_stream')).toBe(0);
      expect(toStreamVersion(0n)).toBe(1);
      expect(toStreamVersion(41n)).toBe(42);
    });

    it('leaves an unknown state unknown', () => {
      expect(toStreamVersion('stream_exists')).toBeUndefined();
      expect(toStreamVersion(undefined)).toBeUndefined();
    });
  });

  describe('positions', () => {
    it('writes a position as commit/prepare and reads it back', () => {
      const position = { commit: 18446744073709551615n, prepare: 1234n };

      expect(encodePosition(position)).toBe('18446744073709551615/1234');
      expect(decodePosition(encodePosition(position))).toEqual(position);
    });

    it('refuses a checkpoint made by another store', () => {
      expect(() => decodePosition('12:7')).toThrow(/not a KurrentDB checkpoint/);
    });
  });

  describe('what readAll hides', () => {
    it('hides system events, system streams and checkpoint streams', () => {
      expect(isHiddenFromReadAll({ streamId: 'child-1', type: '$metadata' })).toBe(true);
      expect(isHiddenFromReadAll({ streamId: '$stats-1', type: 'x' })).toBe(true);
      expect(
        isHiddenFromReadAll({
          streamId: checkpointStream('relay'),
          type: 'samvirke.checkpoint-stored',
        }),
      ).toBe(true);
    });

    it('shows domain events', () => {
      expect(
        isHiddenFromReadAll({
          streamId: 'admission-1',
          type: 'no.samvirke.health.admission-recorded.v1',
        }),
      ).toBe(false);
    });
  });
});
