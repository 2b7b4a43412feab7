import { createHash } from 'node:crypto';

/**
 * A reproducible stream of random numbers from a seed: SHA-256 of the seed and a block
 * counter, so the same seed gives the same numbers on every machine and Node version.
 * For demo and test data only; never for keys.
 */
export class SeededRandom {
  private block = Buffer.alloc(0);
  private offset = 0;
  private counter = 0;

  constructor(private readonly seed: string | number) {}

  /** A uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    const span = max - min + 1;
    if (!Number.isSafeInteger(span) || span <= 0 || span > 2 ** 32) {
      throw new RangeError(`Bad range [${min}, ${max}]`);
    }
    // Rejection sampling keeps every value equally likely.
    const limit = Math.floor(2 ** 32 / span) * span;
    for (;;) {
      const n = this.uint32();
      if (n < limit) return min + (n % span);
    }
  }

  private uint32(): number {
    if (this.offset + 4 > this.block.length) {
      this.block = createHash('sha256')
        .update(`${String(this.seed)}\u0000${this.counter++}`)
        .digest();
      this.offset = 0;
    }
    const n = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return n;
  }
}
