export default async function globalTeardown(): Promise<void> {
  const started = globalThis.__samvirkeInfra;
  await Promise.all([started?.kafka?.stop(), started?.postgres?.stop()]);
}
