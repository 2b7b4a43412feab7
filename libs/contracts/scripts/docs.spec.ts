import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { load } from 'js-yaml';
import { eventCatalog, KAFKA_HEADERS } from '../src';
import {
  asyncApiDocument,
  renderAsyncApiYaml,
  renderDocs,
  renderEventsMarkdown,
  toYaml,
} from './render-docs';

const root = join(__dirname, '..', '..', '..');
const regenerate = 'run `npm run docs:events`';

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

describe('generated event docs', () => {
  it(`docs/events.md and docs/asyncapi.yaml match the catalog (if not, ${regenerate})`, () => {
    const stale = renderDocs(root)
      .filter(({ path, text }) => read(path) !== text)
      .map(({ path }) => relative(root, path));
    expect(stale).toEqual([]);
  });

  it('documents every event type and every envelope header', () => {
    const markdown = renderEventsMarkdown();
    for (const entry of eventCatalog) expect(markdown).toContain(`### \`${entry.type}\``);
    for (const header of Object.values(KAFKA_HEADERS))
      expect(markdown).toContain(`| \`${header}\` |`);
  });

  it('writes YAML that reads back as the same AsyncAPI document', () => {
    const document = asyncApiDocument();
    expect(load(renderAsyncApiYaml())).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('quotes YAML strings that would otherwise read as something else', () => {
    const tricky = {
      a: 'true',
      b: '1.0',
      c: 'x: y',
      d: '#not a comment',
      e: '',
      f: 'null',
      g: [],
      h: {},
      i: ['-'],
    };
    expect(load(toYaml(tricky))).toEqual(tricky);
  });

  it('gives each event an AsyncAPI message with its payload schema and a valid example', () => {
    const document = asyncApiDocument() as {
      components: { messages: Record<string, { name: string; payload: { $ref: string } }> };
      channels: Record<string, { address: string; messages?: Record<string, unknown> }>;
    };
    const names = Object.values(document.components.messages).map((m) => m.name);
    expect(names.sort()).toEqual(eventCatalog.map((e) => e.type).sort());
    expect(Object.values(document.channels).map((c) => c.address)).toEqual(
      expect.arrayContaining([
        'health.events.v1',
        'health.events.v1.dlq',
        'coordination.events.v1',
      ]),
    );
  });
});
