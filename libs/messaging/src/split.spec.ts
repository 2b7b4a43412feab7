import fc from 'fast-check';
import { commitSplitting } from './split';

class Outage extends Error {}

/** A store that commits a part all or nothing, refusing any part that holds a poison. */
function partition(poison: ReadonlySet<number>, { outageAfterCommits = Infinity } = {}) {
  const committed: number[] = [];
  const parked: number[] = [];
  let attempts = 0;
  return {
    committed,
    parked,
    attempts: () => attempts,
    steps: {
      commit: async (part: number[]) => {
        attempts++;
        if (committed.length >= outageAfterCommits) throw new Outage('the database is away');
        const bad = part.find((item) => poison.has(item));
        if (bad !== undefined) throw new Error(`item ${bad} is refused`);
        committed.push(...part);
      },
      park: async (item: number) => void parked.push(item),
      isOutage: (error: unknown) => error instanceof Outage,
    },
  };
}

const batch = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('splitting a failing batch', () => {
  it('commits the events around a poison at position k once each, in order, and parks the poison', async () => {
    const store = partition(new Set([3]));
    await commitSplitting(batch(10), store.steps);
    expect(store.committed).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9]);
    expect(store.parked).toEqual([3]);
  });

  it('finds any set of poisons at any positions, and commits every good event exactly once in order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 200 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: 5 }),
            ),
          ),
        async ([n, poisons]) => {
          const store = partition(new Set(poisons));
          await commitSplitting(batch(n), store.steps);
          expect(store.committed).toEqual(batch(n).filter((i) => !poisons.includes(i)));
          expect(store.parked).toEqual([...poisons].sort((a, b) => a - b));
        },
      ),
    );
  });

  it('needs about 2·log2(n) attempts for one poison', async () => {
    const store = partition(new Set([777]));
    await commitSplitting(batch(1000), store.steps);
    expect(store.attempts()).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(1000)) + 1);
  });

  it('commits a batch that goes through whole in one attempt, parking nothing', async () => {
    const store = partition(new Set());
    await commitSplitting(batch(50), store.steps);
    expect([store.committed.length, store.parked, store.attempts()]).toEqual([50, [], 1]);
  });

  it('stops at an outage, parks nothing, and keeps what it committed before', async () => {
    const store = partition(new Set([7]), { outageAfterCommits: 4 });
    await expect(commitSplitting(batch(10), store.steps)).rejects.toBeInstanceOf(Outage);
    expect(store.parked).toEqual([]);
    expect(store.committed).toEqual([0, 1, 2, 3, 4]);
  });
});
