import { isRole, ROLES, signDemoToken, type Role } from '@samvirke/platform';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { embeddedSecrets } from './secrets';

/**
 * `npm run token -- --role coordinator --municipality 0301 [--sub ID] [--name NAME] [--ttl 8h]`:
 * prints a bearer token for the embedded run, signed with its secret (SAMVIRKE_JWT_SECRET wins).
 */
async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      municipality: { type: 'string' },
      sub: { type: 'string' },
      name: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
    },
  });
  const roles = values.role ?? [];
  const bad = roles.filter((role) => !isRole(role));
  if (roles.length === 0 || bad.length > 0) {
    throw new Error(`--role must be one of ${ROLES.join(', ')}${bad.length ? ` (not ${bad.join(', ')})` : ''}`);
  }
  if (values.municipality !== undefined && !/^\d{4}$/.test(values.municipality)) {
    throw new Error('--municipality must be a 4-digit kommunenummer, e.g. 0301');
  }
  const dataDir = resolve(process.env.SAMVIRKE_DATA_DIR ?? join(process.cwd(), '.data'));
  const { jwtSecret } = embeddedSecrets(join(dataDir, 'secrets.json'));
  const sub = values.sub ?? `demo-${roles[0].replace(/[^a-z]+/g, '-')}`;
  const token = await signDemoToken(
    { sub, roles: roles as Role[], municipality: values.municipality, name: values.name ?? sub },
    jwtSecret,
    values.ttl,
  );
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
