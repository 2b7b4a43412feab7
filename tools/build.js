#!/usr/bin/env node
// The production build: SWC compiles libs/, services/ and tools/ to CommonJS in dist/, with the
// `@samvirke/*` path aliases of tsconfig.base.json rewritten to relative requires, so
// `node dist/services/<service>/src/main.js` runs with nothing but production dependencies.
// Then Vite builds the coordinator web page (services/coordinator-web) into
// dist/services/coordinator-web, which the coordination service serves at `/`.
// `npm start`, the Dockerfiles and the start-up test all run this same build.
const { execFileSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join, resolve } = require('node:path');

const root = resolve(__dirname, '..');
const out = resolve(root, process.argv[2] ?? 'dist');
const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
const swcrc = JSON.parse(readFileSync(join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
const paths = Object.fromEntries(
  Object.entries(tsconfig.compilerOptions.paths).filter(([alias]) => !alias.includes('fixture')),
);
const config = { ...swcrc, jsc: { ...swcrc.jsc, baseUrl: root, paths } };

const dir = mkdtempSync(join(tmpdir(), 'samvirke-build-'));
const configFile = join(dir, 'swcrc.json');
writeFileSync(configFile, JSON.stringify(config));
rmSync(out, { recursive: true, force: true });
try {
  execFileSync(
    process.execPath,
    [
      require.resolve('@swc/cli/bin/swc.js'),
      'libs',
      'services',
      'tools',
      '--config-file',
      configFile,
      '--out-dir',
      out,
      '--ignore',
      '**/*.spec.ts,**/e2e/**,**/boundary-fixtures/**',
      '--copy-files',
      '--quiet',
    ],
    { cwd: root, stdio: 'inherit' },
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

execFileSync(
  process.execPath,
  [
    join(dirname(require.resolve('vite/package.json')), 'bin', 'vite.js'),
    'build',
    'services/coordinator-web',
    '--outDir',
    join(out, 'services', 'coordinator-web'),
    '--emptyOutDir',
    '--logLevel',
    'warn',
  ],
  { cwd: root, stdio: 'inherit' },
);
