/** What the benchmark's and the fault tests' worker processes share: settings in, JSON lines out. */

/** A setting from the environment; without a value and a fallback, the process fails at once. */
export function env(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
}

/** One JSON line on stdout, read by the process that started this one. */
export function say(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** CPU seconds this process has used so far (user and system). */
export function cpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}
