import { backoffDelay, pause } from './backoff';

describe('the retry backoff', () => {
  it('doubles from the initial delay up to the cap', () => {
    const options = { initialMs: 100, maxMs: 1_000 };
    expect([0, 1, 2, 3, 4, 40].map((attempt) => backoffDelay(attempt, options, () => 1))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('jitters down by at most a fifth', () => {
    expect(backoffDelay(0, { initialMs: 100, maxMs: 1_000 }, () => 0)).toBe(80);
  });

  it('wakes early when interrupted', async () => {
    const started = Date.now();
    await pause(10_000, { interrupted: new Promise((resolve) => setTimeout(resolve, 20)) });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('ticks while it waits', async () => {
    let ticks = 0;
    await pause(120, { tickMs: 25, tick: async () => void ticks++ });
    expect(ticks).toBeGreaterThanOrEqual(3);
  });
});
