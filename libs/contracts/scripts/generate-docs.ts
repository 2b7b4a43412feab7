import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDocs } from './render-docs';

// Writes docs/events.md and docs/asyncapi.yaml from the catalog; `--check` only reports drift.
const root = join(__dirname, '..', '..', '..');
const check = process.argv.includes('--check');

function main(): void {
  let stale = 0;
  for (const { path, text } of renderDocs(root)) {
    let current = '';
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      // a missing file is simply stale
    }
    if (current === text) continue;
    stale++;
    if (check) console.error(`${path} is out of date`);
    else writeFileSync(path, text);
  }
  if (check && stale > 0) process.exitCode = 1;
  console.log(check ? `${stale} file(s) out of date` : `wrote ${stale} file(s)`);
}

main();
