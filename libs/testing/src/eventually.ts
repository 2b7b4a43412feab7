/**
 * Polls `probe` until it stops throwing (returning its value), or fails with its last error after
 * `timeoutMs`: for an assertion on something that becomes true a little later (a projection, a
 * relay, a consumer).
 */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  { timeoutMs = 30_000, intervalMs = 50 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
