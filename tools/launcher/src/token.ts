import { isRole, ROLES, signDemoToken, type Role } from '@samvirke/platform';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { embeddedSecrets } from './secrets';

/**
 * `npm run token -- --role coordinator --municipality 0301 [--sub ID] [--name NAME] [--ttl 8h]`:
 * prints a bearer token for the embedded run, signed with its secret (SAMVIRKE_JWT_SECRET wins).
 * A sector system's token says whom it serves: `--municipality 0301` (a municipal system),
 * `--municipalities 0301,3301` (a regional hospital), or neither (a national one).
 */
async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      municipality: { type: 'string' },
      municipalities: { type: 'string' },
      sub: { type: 'string' },
      name: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
    },
  });
  const roles = values.role ?? [];
  const bad = roles.filter((role) => !isRole(role));
  if (roles.length === 0 || bad.length > 0) {
    throw new Error(
      `--role must be one of ${ROLES.join(', ')}${bad.length ? ` (not ${bad.join(', ')})` : ''}`,
    );
  }
  if (values.municipality !== undefined && !/^\d{4}$/.test(values.municipality)) {
    throw new Error('--municipality must be a 4-digit kommunenummer, e.g. 0301');
  }
  const municipalities = values.municipalities?.split(',').map((code) => code.trim());
  if (
    municipalities !== undefined &&
    (municipalities.length === 0 || !municipalities.every((code) => /^\d{4}$/.test(code)))
  ) {
    throw new Error(
      '--municipalities must be 4-digit kommunenummer separated by commas, e.g. 0301,3301',
    );
  }
  if (municipalities !== undefined && values.municipality !== undefined) {
    throw new Error('give --municipality (one) or --municipalities (several), not both');
  }
  const dataDir = resolve(process.env.SAMVIRKE_DATA_DIR ?? join(process.cwd(), '.data'));
  const { jwtSecret } = embeddedSecrets(join(dataDir, 'secrets.json'));
  const sub = values.sub ?? `demo-${roles[0].replace(/[^a-z]+/g, '-')}`;
  const token = await signDemoToken(
    {
      sub,
      roles: roles as Role[],
      municipality: values.municipality,
      municipalities,
      name: values.name ?? sub,
    },
    jwtSecret,
    values.ttl,
  );
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
