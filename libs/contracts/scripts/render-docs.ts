import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { TSchema } from '@sinclair/typebox';
import {
  dlqTopic,
  EnvelopeAttributes,
  eventCatalog,
  KAFKA_HEADERS,
  SECTORS,
  SOURCES,
  TOPICS,
  type EventDefinition,
  type Sector,
} from '../src';

// Renders docs/events.md and docs/asyncapi.yaml from the catalog, so the docs cannot drift.

const SECTOR_TITLES: Record<Sector, string> = {
  health: 'Health',
  school: 'School',
  childwelfare: 'Child welfare',
  coordination: 'Coordination',
};

const HEADER_ROWS: { header: string; attribute: string; meaning: string; example: string }[] = [
  {
    header: KAFKA_HEADERS.id,
    attribute: 'id',
    meaning: 'event id, unique; consumers dedupe on it',
    example: '01958a3f-aaaa-7bbb-8ccc-000000000042',
  },
  {
    header: KAFKA_HEADERS.type,
    attribute: 'type',
    meaning: 'the event type, `no.samvirke.<sector>.<event>.v<N>`',
    example: 'no.samvirke.health.discharge-recorded.v1',
  },
  {
    header: KAFKA_HEADERS.source,
    attribute: 'source',
    meaning: 'the producing service',
    example: SOURCES.health,
  },
  {
    header: KAFKA_HEADERS.specversion,
    attribute: 'specversion',
    meaning: 'CloudEvents version, always `1.0`',
    example: '1.0',
  },
  {
    header: KAFKA_HEADERS.time,
    attribute: 'time',
    meaning: 'when the fact happened (RFC 3339 with offset)',
    example: '2026-03-09T14:00:00+01:00',
  },
  {
    header: KAFKA_HEADERS.subject,
    attribute: 'subject',
    meaning: "childRef, the child's pseudonymous reference; equals the message key",
    example: 'cr_5dJ3kq9Xb2',
  },
  {
    header: KAFKA_HEADERS.municipality,
    attribute: 'municipality (extension)',
    meaning: 'kommunenummer, 4 digits',
    example: '5001',
  },
  {
    header: KAFKA_HEADERS.correlationId,
    attribute: 'correlationid (extension)',
    meaning: 'the request or flow the event belongs to',
    example: 'req-77',
  },
  {
    header: KAFKA_HEADERS.causationId,
    attribute: 'causationid (extension)',
    meaning: 'the command or event that caused it',
    example: 'cmd-78',
  },
  {
    header: KAFKA_HEADERS.recordedAt,
    attribute: 'recordedat (extension)',
    meaning: 'when the producing service stored it (RFC 3339)',
    example: '2026-03-09T13:00:02.123Z',
  },
  {
    header: KAFKA_HEADERS.schemaVersion,
    attribute: 'schemaversion (extension)',
    meaning: 'the `N` of the type’s `.vN`',
    example: '1',
  },
  {
    header: KAFKA_HEADERS.contentType,
    attribute: 'datacontenttype',
    meaning: 'always `application/json`',
    example: 'application/json',
  },
];

interface JsonSchema {
  type?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  uniqueItems?: boolean;
  const?: unknown;
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
}

/** The schema as plain JSON Schema (TypeBox keeps its own markers in symbol keys, which JSON drops). */
export function plainSchema(schema: TSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema)) as JsonSchema;
}

function describeType(schema: JsonSchema): string {
  if (schema.anyOf && schema.anyOf.every((s) => s.const !== undefined)) {
    return schema.anyOf.map((s) => `\`${String(s.const)}\``).join(' \\| ');
  }
  if (schema.anyOf) return schema.anyOf.map(describeType).join(' or ');
  switch (schema.type) {
    case 'string':
      if (schema.format === 'date-time') return 'date-time (RFC 3339 with offset)';
      if (schema.format === 'date') return 'date (`YYYY-MM-DD`)';
      if (schema.pattern) return `string matching \`${schema.pattern}\``;
      return 'string';
    case 'integer':
    case 'number': {
      const bounds = [
        schema.minimum !== undefined ? `≥ ${schema.minimum}` : '',
        schema.maximum !== undefined ? `≤ ${schema.maximum}` : '',
      ].filter(Boolean);
      return bounds.length ? `${schema.type} ${bounds.join(', ')}` : schema.type;
    }
    case 'array': {
      const notes = [
        schema.minItems ? `at least ${schema.minItems}` : '',
        schema.uniqueItems ? 'no repeats' : '',
      ].filter(Boolean);
      const items = schema.items ? describeType(schema.items) : 'any';
      return `array of ${items}${notes.length ? ` (${notes.join(', ')})` : ''}`;
    }
    default:
      return schema.type ?? 'any';
  }
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function fieldTable(schema: JsonSchema): string[] {
  const required = new Set(schema.required ?? []);
  const rows = Object.entries(schema.properties ?? {}).map(
    ([name, field]) =>
      `| \`${name}\` | ${describeType(field)} | ${required.has(name) ? 'yes' : 'no'} | ${cell(field.description ?? '')} |`,
  );
  return ['| field | type | required | notes |', '|---|---|---|---|', ...rows];
}

function eventSection(entry: EventDefinition): string[] {
  const schema = plainSchema(entry.schema);
  const lines = [
    `### \`${entry.type}\``,
    '',
    entry.description,
    '',
    `- topic: \`${entry.topic}\`; key and subject: childRef; source: \`${SOURCES[entry.sector]}\``,
    `- time: \`data.${entry.occurredAtField}\`${
      plainSchema(entry.schema).properties?.[entry.occurredAtField ?? '']?.format === 'date'
        ? ' (a date: the start of that day in Europe/Oslo)'
        : ''
    }`,
    '',
  ];
  if (schema.anyOf) {
    schema.anyOf.forEach((variant, i) => {
      lines.push(
        `Data, variant ${i + 1} of ${schema.anyOf?.length} (exactly one):`,
        '',
        ...fieldTable(variant),
        '',
      );
    });
  } else {
    lines.push(...fieldTable(schema), '');
  }
  lines.push('Example `data`:', '', '```json', JSON.stringify(entry.example, null, 2), '```', '');
  return lines;
}

/** docs/events.md */
export function renderEventsMarkdown(): string {
  const lines = [
    '# Event catalog',
    '',
    '<!-- Generated from libs/contracts by `npm run docs:events`. Do not edit by hand: a unit test fails when this file differs from the catalog. -->',
    '',
    'Every fact Samvirke records is a [CloudEvents 1.0](https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md) event,',
    "published on its sector's Kafka topic in binary content mode: the attributes travel as `ce_*` headers,",
    "the `data` as the JSON message value, and the message key is the child's pseudonymous reference",
    "(childRef), so each child's events stay ordered in one partition. No event carries a national id;",
    'the municipality is an envelope extension, never part of `data`. Every `data` object refuses',
    'properties it does not name. Times are RFC 3339 with an offset; dates are `YYYY-MM-DD`.',
    '',
    'A new version of an event is a new type (`.v2`) with its own schema; consumers read older',
    'versions through upcasters, so they only ever handle the newest.',
    '',
    '## Topics',
    '',
    '| topic | sector | dead letters |',
    '|---|---|---|',
    ...SECTORS.map((s) => `| \`${TOPICS[s]}\` | ${s} | \`${dlqTopic(TOPICS[s])}\` |`),
    '',
    'A consumer that cannot decode a message (missing header, not JSON, unknown type, schema',
    "violation) puts it on the topic's `.dlq` with the reason, and goes on.",
    '',
    '## Envelope: Kafka headers',
    '',
    '| header | CloudEvents attribute | meaning | example |',
    '|---|---|---|---|',
    ...HEADER_ROWS.map(
      (r) => `| \`${r.header}\` | ${r.attribute} | ${cell(r.meaning)} | \`${r.example}\` |`,
    ),
    '',
    'All headers are required.',
    '',
    '## Events',
    '',
    '| type | topic | time from |',
    '|---|---|---|',
    ...eventCatalog.map((e) => `| \`${e.type}\` | \`${e.topic}\` | \`${e.occurredAtField}\` |`),
    '',
  ];
  for (const sector of SECTORS) {
    lines.push(`## ${SECTOR_TITLES[sector]} (\`${TOPICS[sector]}\`)`, '');
    for (const entry of eventCatalog.filter((e) => e.sector === sector)) {
      lines.push(...eventSection(entry as EventDefinition));
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function messageName(entry: EventDefinition): string {
  return (
    entry.event.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()) +
    `V${entry.version}`
  );
}

function channelName(sector: Sector): string {
  return `${sector}Events`;
}

/** `YYYY-MM-DD` → the RFC 3339 time of that midnight in Europe/Oslo (+01:00 or +02:00). */
function startOfOsloDay(date: string): string {
  const noonUtc = new Date(`${date}T12:00:00Z`);
  const name = new Intl.DateTimeFormat('en', {
    timeZone: 'Europe/Oslo',
    timeZoneName: 'longOffset',
  })
    .formatToParts(noonUtc)
    .find((p) => p.type === 'timeZoneName')?.value;
  const offset = name?.replace('GMT', '') || '+00:00';
  return `${date}T00:00:00${offset}`;
}

function exampleHeaders(entry: EventDefinition): Record<string, string> {
  const time =
    (entry.example as Record<string, string>)[entry.occurredAtField ?? ''] ??
    '2026-03-09T14:00:00+01:00';
  return {
    ce_id: '01958a3f-aaaa-7bbb-8ccc-000000000042',
    ce_type: entry.type,
    ce_source: SOURCES[entry.sector],
    ce_specversion: '1.0',
    ce_time: /T/.test(time) ? time : startOfOsloDay(time),
    ce_subject: 'cr_5dJ3kq9Xb2',
    ce_municipality: '5001',
    ce_correlationid: 'req-77',
    ce_causationid: 'req-77',
    ce_recordedat: '2026-03-09T13:00:02.123Z',
    ce_schemaversion: String(entry.version),
    'content-type': 'application/json',
  };
}

/** docs/asyncapi.yaml as a plain object. */
export function asyncApiDocument(): Record<string, unknown> {
  const attributes = plainSchema(EnvelopeAttributes).properties ?? {};
  const headerSchema = {
    type: 'object',
    required: Object.values(KAFKA_HEADERS),
    properties: {
      [KAFKA_HEADERS.id]: { type: 'string', description: attributes['id']?.description },
      [KAFKA_HEADERS.type]: { type: 'string', pattern: attributes['type']?.pattern },
      [KAFKA_HEADERS.source]: { type: 'string', description: attributes['source']?.description },
      [KAFKA_HEADERS.specversion]: { type: 'string', const: '1.0' },
      [KAFKA_HEADERS.time]: {
        type: 'string',
        format: 'date-time',
        description: 'when the fact happened',
      },
      [KAFKA_HEADERS.subject]: { type: 'string', description: 'childRef; equals the message key' },
      [KAFKA_HEADERS.municipality]: {
        type: 'string',
        pattern: '^[0-9]{4}$',
        description: 'kommunenummer',
      },
      [KAFKA_HEADERS.correlationId]: { type: 'string' },
      [KAFKA_HEADERS.causationId]: { type: 'string' },
      [KAFKA_HEADERS.recordedAt]: { type: 'string', format: 'date-time' },
      [KAFKA_HEADERS.schemaVersion]: { type: 'string', pattern: '^[1-9][0-9]*$' },
      [KAFKA_HEADERS.contentType]: { type: 'string', const: 'application/json' },
    },
  };

  const schemas: Record<string, unknown> = { CloudEventHeaders: headerSchema };
  const messages: Record<string, unknown> = {};
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};

  for (const entry of eventCatalog as readonly EventDefinition[]) {
    const name = messageName(entry);
    schemas[name] = { ...plainSchema(entry.schema), description: entry.description };
    messages[name] = {
      name: entry.type,
      title: entry.event,
      summary: entry.description,
      contentType: 'application/json',
      headers: {
        allOf: [
          { $ref: '#/components/schemas/CloudEventHeaders' },
          {
            type: 'object',
            properties: {
              ce_type: { type: 'string', const: entry.type },
              ce_schemaversion: { type: 'string', const: String(entry.version) },
            },
          },
        ],
      },
      payload: { $ref: `#/components/schemas/${name}` },
      bindings: {
        kafka: { key: { type: 'string', description: 'childRef' }, bindingVersion: '0.5.0' },
      },
      examples: [{ name: 'example', headers: exampleHeaders(entry), payload: entry.example }],
    };
  }

  for (const sector of SECTORS) {
    const entries = eventCatalog.filter((e) => e.sector === sector) as readonly EventDefinition[];
    const channel = channelName(sector);
    channels[channel] = {
      address: TOPICS[sector],
      title: `${SECTOR_TITLES[sector]} events`,
      description: `Facts from ${SOURCES[sector]}; key = childRef.`,
      messages: Object.fromEntries(
        entries.map((e) => [messageName(e), { $ref: `#/components/messages/${messageName(e)}` }]),
      ),
    };
    channels[`${channel}DeadLetters`] = {
      address: dlqTopic(TOPICS[sector]),
      title: `${SECTOR_TITLES[sector]} dead letters`,
      description:
        'Messages a consumer could not decode or handle, as they arrived, with the reason in extra headers.',
    };
    const pascal = SECTOR_TITLES[sector].replace(/ (.)/g, (_m, c: string) => c.toUpperCase());
    operations[`publish${pascal}Events`] = {
      action: 'send',
      title: `${SOURCES[sector]} publishes its facts`,
      channel: { $ref: `#/channels/${channel}` },
      messages: entries.map((e) => ({ $ref: `#/channels/${channel}/messages/${messageName(e)}` })),
    };
    operations[`consume${pascal}Events`] = {
      action: 'receive',
      title: 'the coordination service reads them',
      description:
        'One consumer group over every topic; dedupes on ce_id; an undecodable message goes to the .dlq with its reason.',
      channel: { $ref: `#/channels/${channel}` },
      messages: entries.map((e) => ({ $ref: `#/channels/${channel}/messages/${messageName(e)}` })),
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Samvirke events',
      version: '1.0.0',
      description:
        "Facts about a child from health, school and child welfare, and the coordination service's own events. " +
        'CloudEvents 1.0 in Kafka binary content mode. Generated from libs/contracts; do not edit by hand.',
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: {
        host: 'localhost:9092',
        protocol: 'kafka',
        description: 'the local broker of docker compose',
      },
    },
    channels,
    operations,
    components: { schemas, messages },
  };
}

// --- a small YAML writer for JSON-shaped data (block style; strings quoted unless plainly safe) ---

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_ ./()-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = String(value);
  return PLAIN.test(text) &&
    !RESERVED.test(text) &&
    !text.endsWith(' ') &&
    !text.includes(' #') &&
    !text.includes(': ')
    ? text
    : JSON.stringify(text);
}

function isEmptyContainer(value: unknown): boolean {
  return (
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.keys(value).length === 0)
  );
}

function yamlLines(value: unknown, indent: string): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (typeof item === 'object' && item !== null && !isEmptyContainer(item)) {
        const [first, ...rest] = yamlLines(item, `${indent}  `);
        return [`${indent}- ${first.trimStart()}`, ...rest];
      }
      return [
        `${indent}- ${isEmptyContainer(item) ? (Array.isArray(item) ? '[]' : '{}') : scalar(item)}`,
      ];
    });
  }
  return Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .flatMap(([key, v]) => {
      if (typeof v === 'object' && v !== null && !isEmptyContainer(v)) {
        return [`${indent}${scalar(key)}:`, ...yamlLines(v, `${indent}  `)];
      }
      const text = isEmptyContainer(v) ? (Array.isArray(v) ? '[]' : '{}') : scalar(v);
      return [`${indent}${scalar(key)}: ${text}`];
    });
}

export function toYaml(value: Record<string, unknown>): string {
  return `${yamlLines(value, '').join('\n')}\n`;
}

/** docs/asyncapi.yaml */
export function renderAsyncApiYaml(): string {
  return (
    '# Generated from libs/contracts by `npm run docs:events`. Do not edit by hand.\n' +
    toYaml(asyncApiDocument())
  );
}

/**
 * Both docs, as the repository keeps them: through Prettier as `npm run format` would (today
 * `.prettierignore` leaves both as rendered), so that a repo-wide format changes nothing.
 * Prettier runs in a child process because its API loads ES modules, which Jest's module
 * sandbox refuses.
 */
export function renderDocs(root: string): { path: string; text: string }[] {
  const cli = require.resolve('prettier/bin/prettier.cjs');
  const docs = [
    { path: join(root, 'docs', 'events.md'), text: renderEventsMarkdown() },
    { path: join(root, 'docs', 'asyncapi.yaml'), text: renderAsyncApiYaml() },
  ];
  return docs.map(({ path, text }) => ({
    path,
    text: execFileSync(process.execPath, [cli, '--stdin-filepath', path], {
      input: text,
      encoding: 'utf8',
    }),
  }));
}
