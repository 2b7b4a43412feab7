/** Polls `probe` until it stops throwing (returning its value), or fails with its last error after `timeoutMs`. */
export async function eventually<T>(probe: () => T | Promise<T>, { timeoutMs = 20_000, intervalMs = 25 } = {}): Promise<T> {
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
