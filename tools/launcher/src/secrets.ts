import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The keys of an embedded run. They must survive a restart: childRefs and sealed data depend on them. */
export interface EmbeddedSecrets {
  jwtSecret: string;
  childRefKey: string;
  keyringMasterKey: string;
}

/** A fresh set of keys: for a first start, or a test's system of its own. */
export function newSecrets(): EmbeddedSecrets {
  return {
    jwtSecret: randomBytes(32).toString('base64url'),
    childRefKey: randomBytes(32).toString('base64'),
    keyringMasterKey: randomBytes(32).toString('base64'),
  };
}

/**
 * Reads the run's keys from `file`, making them on first start; a value set in the
 * environment (`SAMVIRKE_JWT_SECRET`, `SAMVIRKE_CHILDREF_KEY`, `SAMVIRKE_KEYRING_MASTER_KEY`) wins.
 */
export function embeddedSecrets(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): EmbeddedSecrets {
  let stored: Partial<EmbeddedSecrets> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<EmbeddedSecrets>;
  const fresh = newSecrets();
  const secrets: EmbeddedSecrets = {
    jwtSecret: stored.jwtSecret ?? fresh.jwtSecret,
    childRefKey: stored.childRefKey ?? fresh.childRefKey,
    keyringMasterKey: stored.keyringMasterKey ?? fresh.keyringMasterKey,
  };
  if (JSON.stringify(secrets) !== JSON.stringify(stored)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  }
  return {
    jwtSecret: env.SAMVIRKE_JWT_SECRET || secrets.jwtSecret,
    childRefKey: env.SAMVIRKE_CHILDREF_KEY || secrets.childRefKey,
    keyringMasterKey: env.SAMVIRKE_KEYRING_MASTER_KEY || secrets.keyringMasterKey,
  };
}
