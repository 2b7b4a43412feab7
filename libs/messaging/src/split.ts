export interface SplitSteps<T> {
  /** Commits the items together, or throws and commits none of them. */
  commit(items: T[]): Promise<void>;
  /** Sets aside the one item that failed alone (the dead-letter topic); may throw to stop instead. */
  park(item: T, error: unknown): Promise<void>;
  /** An error that is nobody's fault (an outage): stop and rethrow it instead of splitting. */
  isOutage(error: unknown): boolean;
}

/**
 * Commits `items` in order, in as few parts as it can: all of them, else each half in turn,
 * down to single items; a single item that fails alone is parked. So with one poison at
 * position k, the items before and after it are committed once each, in about 2·log2(n)
 * attempts. An outage stops it (rethrown): the parts committed so far stay committed, the rest
 * is left for the next attempt.
 */
export async function commitSplitting<T>(items: readonly T[], steps: SplitSteps<T>): Promise<void> {
  if (items.length === 0) return;
  try {
    await steps.commit([...items]);
    return;
  } catch (error) {
    if (steps.isOutage(error)) throw error;
    if (items.length === 1) return steps.park(items[0], error);
  }
  const middle = Math.ceil(items.length / 2);
  await commitSplitting(items.slice(0, middle), steps);
  await commitSplitting(items.slice(middle), steps);
}
