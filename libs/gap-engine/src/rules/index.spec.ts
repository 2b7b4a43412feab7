import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gapRules, RULE_IDS } from '.';

describe('gapRules', () => {
  it('holds each rule once', () => {
    expect(new Set(RULE_IDS).size).toBe(gapRules.length);
  });

  it("is the lib README's table of rules, in its order", () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## The rules'), readme.indexOf('### Absence'));
    const documented = [...table.matchAll(/^\| `([a-z]+\.[a-z-]+)` /gm)].map((match) => match[1]);
    expect(documented).toEqual([...RULE_IDS]);
  });
});
