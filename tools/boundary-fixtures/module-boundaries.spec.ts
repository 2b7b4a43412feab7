import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The fixtures are three tiny Nx projects tagged like the real ones (two services, one lib),
// so the rule is shown failing on a forbidden import without breaking a real project.
const root = join(__dirname, '..', '..');
// Nx names an app import first; the tag constraints (eslint.config.mjs) are the second wall.
const forbidden = /Imports of apps are forbidden|can only depend on libs tagged with/;
const fixture = (project: string) => join(__dirname, project, 'src', 'probe.ts');

// ESLint runs as its own process, as `npm run lint` runs it (its config is an ES module,
// which Jest's module sandbox cannot load).
async function boundaryErrors(filePath: string, source: string): Promise<string[]> {
  const eslint = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'),
      '--format',
      'json',
      '--stdin',
      '--stdin-filename',
      filePath,
    ],
    { cwd: root, input: source, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } },
  );
  if (!eslint.stdout) throw new Error(`eslint failed: ${eslint.stderr}`);
  if (/No cached ProjectGraph/.test(eslint.stderr))
    throw new Error('the boundary rule was skipped: no project graph');
  const [result] = JSON.parse(eslint.stdout) as {
    messages: { ruleId: string; message: string }[];
  }[];
  return result.messages
    .filter((m) => m.ruleId === '@nx/enforce-module-boundaries')
    .map((m) => m.message);
}

describe('module boundaries (npm run lint)', () => {
  // Without Nx's project graph on disk the rule skips itself with a mere warning; `nx` writes
  // the graph, as `npm run lint` does before it runs ESLint.
  beforeAll(() => {
    const nx = spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), 'show', 'projects'],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, NX_DAEMON: 'false' },
      },
    );
    if (nx.status !== 0) throw new Error(`nx show projects failed: ${nx.stderr}`);
  }, 120_000);

  it('refuses a service importing another service', async () => {
    const errors = await boundaryErrors(
      fixture('service-a'),
      "import { name } from '@samvirke/fixture-service-b';\nexport const other = name;\n",
    );
    expect(errors).toEqual([expect.stringMatching(forbidden)]);
  }, 60_000);

  it('refuses a lib importing a service', async () => {
    const errors = await boundaryErrors(
      fixture('lib-a'),
      "import { name } from '@samvirke/fixture-service-a';\nexport const service = name;\n",
    );
    expect(errors).toEqual([expect.stringMatching(forbidden)]);
  }, 60_000);

  it('refuses reaching into another project by a relative path', async () => {
    const errors = await boundaryErrors(
      fixture('service-a'),
      "import { name } from '../../service-b/src/index';\nexport const other = name;\n",
    );
    expect(errors).toHaveLength(1);
  }, 60_000);

  it('lets a service import a lib', async () => {
    const errors = await boundaryErrors(
      fixture('service-a'),
      "import { name } from '@samvirke/fixture-lib-a';\nexport const lib = name;\n",
    );
    expect(errors).toEqual([]);
  }, 60_000);
});
