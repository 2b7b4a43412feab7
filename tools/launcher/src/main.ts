import { signDemoToken } from '@samvirke/platform';
import { join, resolve } from 'node:path';
import { startEmbedded } from './embedded';

/**
 * `npm start`: the whole system on this machine with embedded defaults. Stops cleanly on
 * Ctrl-C (SIGINT) or SIGTERM, PostgreSQL included.
 */
async function main() {
  const root = resolve(__dirname, '..', '..', '..', '..');
  const dataDir = process.env.SAMVIRKE_DATA_DIR ?? join(root, '.data');
  const started = Date.now();
  const system = await startEmbedded({
    dataDir,
    postgresPort: Number(process.env.SAMVIRKE_PG_PORT ?? 54329),
    log: (line) => process.stdout.write(`[samvirke] ${line}\n`),
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n[samvirke] ${signal}: stopping…\n`);
    await system.stop();
    process.stdout.write('[samvirke] stopped\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const token = await signDemoToken({ sub: 'demo-health', roles: ['sector:health'] }, system.secrets.jwtSecret, '8h');
  process.stdout.write(
    [
      '',
      `Samvirke is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s):`,
      ...Object.entries(system.urls).map(([name, url]) => `  ${name.padEnd(22)} ${url}   (API docs: ${url}/docs)`),
      '',
      'A token for a sector system (health), valid 8 hours:',
      `  ${token}`,
      'More tokens: npm run token -- --role coordinator --municipality 0301 [--sub ID]',
      `The demo JWT secret is in ${join(dataDir, 'secrets.json')} (SAMVIRKE_JWT_SECRET overrides it).`,
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`[samvirke] could not start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
