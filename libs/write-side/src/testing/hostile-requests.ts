import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Property tests of the HTTP edge: every route is driven with generated requests (bodies of
 * the right shape with hostile values, random JSON, deep nesting, NUL and lone surrogates,
 * impossible times; odd headers and query strings), and must never answer 5xx nor change the
 * store (an event, or a row of the tables a suite adds) when it answers 4xx. The seed is fixed;
 * `SAMVIRKE_PROPERTY_RUNS` sets the cases per route.
 */

/** Cases per route: a few hundred in `npm test`; `SAMVIRKE_PROPERTY_RUNS=5000` for a long hunt. */
export function propertyRuns(fallback = 200): number {
  const runs = Number(process.env['SAMVIRKE_PROPERTY_RUNS']);
  return Number.isInteger(runs) && runs > 0 ? runs : fallback;
}

/** The seed: fixed, so a failure is found again; `SAMVIRKE_PROPERTY_SEED` to explore further. */
export function propertySeed(): number {
  const seed = Number(process.env['SAMVIRKE_PROPERTY_SEED']);
  return Number.isInteger(seed) ? seed : 12;
}

/** A route as its table in CONTRACT.md gives it, with values that pass so the rest can be hostile. */
export interface RouteUnderTest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** With `{name}` placeholders, each filled from `params` or with a hostile segment. */
  path: string;
  params?: Record<string, readonly string[]>;
  /** A body the route accepts; generated bodies keep, drop or spoil each of its fields. */
  body?: Record<string, unknown>;
  /** Good values of the query parameters the route knows. */
  query?: Record<string, readonly string[]>;
  /**
   * Who calls: a key of the tokens `checkRoute` is given (default `default`); null sends no token.
   * A list: each case is sent as one of them, the first most often (the others: callers the route
   * must refuse, or answer as not theirs).
   */
  caller?: string | null | ReadonlyArray<string | null>;
}

/** A running service to drive: its URL, its store's counter, and bearer tokens by caller. */
export interface ServiceUnderTest {
  url: string;
  counter: RowCounter;
  tokens: Record<string, string>;
}

/** One who may call: the name the route gives, and the bearer token (none for an anonymous call). */
export interface Caller {
  name: string;
  token?: string;
}

export interface HostileRequest {
  /** The caller's name, for the report. */
  caller: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);

/** Text PostgreSQL cannot store and text that is merely odd. */
const nasty = pick([
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '\udc00\ud800',
  '😀',
  '\ufeff',
  '\u202e',
  '',
  ' ',
  'null',
  '%00',
  '\\u0000',
  "'; DROP TABLE events; --",
  '../../etc/passwd',
  'ÆØÅ æøå',
  '\r\n',
]);

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 20 }), weight: 2 },
  { arbitrary: nasty, weight: 3 },
  {
    arbitrary: fc
      .tuple(fc.string({ maxLength: 10 }), nasty, fc.string({ maxLength: 10 }))
      .map((parts) => parts.join('')),
    weight: 3,
  },
  { arbitrary: fc.integer({ min: 100, max: 70_000 }).map((n) => 'x'.repeat(n)), weight: 1 },
);

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Times and dates at and past every edge: year 0000, before 1900, after 2100, leap seconds, impossible fields. */
export const hostileTime: fc.Arbitrary<string> = fc.oneof(
  pick([
    '0000-01-01T00:00:00Z',
    '0000-01-01',
    '1899-12-31T23:59:59Z',
    '1899-12-31',
    '1900-01-01T00:30:00+01:00',
    '2100-12-31T23:30:00-01:00',
    '2101-01-01',
    '9999-12-31T23:59:59Z',
    '9999-12-31',
    '2016-12-31T23:59:60Z',
    '2026-02-29',
    '2026-03-02T24:00:00Z',
    '2026-03-02T08:15:00+24:00',
    '2026-03-02T08:15:00',
    '+275760-09-13T00:00:00.000Z',
    '-000001-01-01T00:00:00Z',
    '2026-03-02T08:15:00.1234567890123456789Z',
    'now',
  ]),
  fc
    .record({
      year: fc.integer({ min: 0, max: 9999 }),
      month: fc.integer({ min: 0, max: 13 }),
      day: fc.integer({ min: 0, max: 32 }),
      hour: fc.integer({ min: 0, max: 25 }),
      minute: fc.integer({ min: 0, max: 60 }),
      second: fc.integer({ min: 0, max: 61 }),
      offset: pick(['Z', '+01:00', '-23:59', '+00:60', '']),
      dateOnly: fc.boolean(),
    })
    .map(({ year, month, day, hour, minute, second, offset, dateOnly }) => {
      const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
      return dateOnly
        ? date
        : `${date}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${offset}`;
    }),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);

/** A value of any JSON type, hostile where it is a string. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: hostileTime, weight: 4 },
  { arbitrary: pick([null, true, false, 0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.1]), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: fc.array(hostileString, { maxLength: 4 }), weight: 1 },
);

/** A cursor that looks like ours and is not: wrong shapes, times, parts, encodings. */
export const hostileCursor: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(fc.oneof(hostileTime, hostileString, fc.jsonValue({ maxDepth: 1 })), { maxLength: 3 })
    .map((key) => Buffer.from(JSON.stringify(key)).toString('base64url')),
  fc
    .tuple(hostileTime, hostileString)
    .map((key) => Buffer.from(JSON.stringify(key)).toString('base64')),
  fc
    .tuple(
      fc.constantFrom(
        '2026-03-02T07:15:00.123456Z',
        '0000-01-01T00:00:00.000000Z',
        '2026-13-45T25:61:00.000000Z',
      ),
      hostileString,
    )
    .map((key) => Buffer.from(JSON.stringify(key)).toString('base64url')),
  fc.tuple(fc.base64String({ maxLength: 60 }), fc.nat(60)).map(([text, cut]) => text.slice(0, cut)),
  hostileString.map((s) => s.slice(0, 500)),
);

/** Values at the edge that pass validation, so they reach the deciders and PostgreSQL. */
const edgeButValid = pick([
  '1900-01-01T00:00:00Z',
  '1900-01-01',
  '2100-12-31',
  '2100-12-31T23:59:59Z',
  '2026-03-02T08:15:00.123456789+14:00',
  '2026-03-02T08:15:00-12:00',
  'A'.repeat(100),
  'a.b_c:d-e',
  'Ærlig Øvre Å 😀 avdeling',
  ' padded ',
]);

/** A body of the route's shape: as it is, with an edge value, with one or two fields spoilt, one dropped, or a stranger added. */
function shapedBody(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const names = Object.keys(valid);
  const some = (max: number) =>
    fc.subarray(names, {
      minLength: Math.min(1, names.length),
      maxLength: Math.min(max, names.length),
    });
  const replace = (values: fc.Arbitrary<unknown>, max: number) =>
    some(max).chain((chosen) =>
      fc.tuple(...chosen.map(() => values)).map((replacements) => ({
        ...valid,
        ...Object.fromEntries(chosen.map((name, i) => [name, replacements[i]])),
      })),
    );
  return fc.oneof(
    { arbitrary: fc.constant(valid), weight: 2 },
    { arbitrary: replace(edgeButValid, 1), weight: 2 },
    { arbitrary: replace(hostileValue, 2), weight: 5 },
    {
      arbitrary: some(1).map(([gone]) =>
        Object.fromEntries(Object.entries(valid).filter(([name]) => name !== gone)),
      ),
      weight: 1,
    },
    {
      arbitrary: fc
        .tuple(hostileString, hostileValue)
        .map(([name, value]) => ({ ...valid, [name]: value })),
      weight: 1,
    },
  );
}

/** Raw bodies no serialiser would write: deep nesting, broken JSON, escapes PostgreSQL refuses. */
const rawBody: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 30, max: 30_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc
    .integer({ min: 30, max: 10_000 })
    .map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.integer({ min: 30, max: 30_000 }).map((depth) => '['.repeat(depth)),
  pick([
    '',
    '{',
    '}',
    'null',
    '"text"',
    '[]',
    '{"a":1,}',
    '{"a":"\\u0000"}',
    '{"\\ud800":1}',
    '{"a":"\\udc00"}',
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{}}}',
    '\ufeff{}',
  ]),
  fc.string({ maxLength: 200 }),
);

const headerText = fc
  .string({
    unit: fc.integer({ min: 0x20, max: 0xff }).map((c) => String.fromCharCode(c)),
    maxLength: 300,
  })
  .filter((text) => text === text.trim() && !/[\x7f]/.test(text));

const contentType = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 12 },
  {
    arbitrary: pick([
      'application/json; charset=utf-8',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/json; charset="utf-8"',
      'application/merge-patch+json',
      'application/problem+json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/json; charset=',
    ]),
    weight: 2,
  },
);

// A URL is UTF-8, which has no lone surrogates (encodeURIComponent throws on one); raw `%ED%A0%80` stands in for them.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Node refuses a request head over 16 KiB itself (431) before any app code runs: URL parts stay short.
const forUrl = (text: string) => text.replace(LONE_SURROGATE, '\ufffd').slice(0, 1000);
const urlText = hostileString.map(forUrl);

/** A path segment: a good value, or an encoded hostile one, or a raw percent escape. */
function segment(good: readonly string[] | undefined): fc.Arbitrary<string> {
  const hostile = fc.oneof(
    urlText.map((s) => encodeURIComponent(s.slice(0, 300))),
    pick(['%00', '%ED%A0%80', '%C0%80', '%', '%ZZ', '..', '%2F', 'A%20B', 'c1_' + 'A'.repeat(43)]),
  );
  return good && good.length > 0
    ? fc.oneof({ arbitrary: pick(good), weight: 8 }, { arbitrary: hostile, weight: 2 })
    : hostile;
}

/** A query string: the route's own parameters with good or hostile values, strangers, raw fragments. */
function queryString(known: Record<string, readonly string[]>): fc.Arbitrary<string> {
  const names = Object.keys(known);
  const param = (name: string, value: string) =>
    `${encodeURIComponent(name)}=${encodeURIComponent(forUrl(value)).slice(0, 3000)}`;
  const value = (name: string) =>
    fc.oneof(
      { arbitrary: pick(known[name] ?? ['x']), weight: 4 },
      { arbitrary: hostileTime, weight: 2 },
      { arbitrary: hostileCursor, weight: 2 },
      { arbitrary: urlText, weight: 2 },
    );
  const pair = fc.oneof(
    {
      arbitrary:
        names.length > 0
          ? pick(names).chain((name) => value(name).map((v) => param(name, v)))
          : fc.constant('x=1'),
      weight: 6,
    },
    {
      arbitrary: pick([
        '%00=1',
        'from=%00',
        'cursor=%ED%A0%80',
        'limit=1e3',
        'limit=-1',
        'limit=',
        'a[b]=1',
        'status=open&status=resolved',
        '=x',
        '&&',
        'cursor=' + '_'.repeat(2000),
      ]),
      weight: 2,
    },
    { arbitrary: urlText.map((s) => `${encodeURIComponent(s).slice(0, 1000)}=1`), weight: 1 },
  );
  const pairs = fc.array(pair, { minLength: 1, maxLength: 4 });
  // Several of the route's parameters, each good, so that combinations pass validation and reach
  // the handler's own checks (from after to) and the SQL; now and then with a hostile pair after.
  const good = fc
    .subarray(names, { minLength: Math.min(2, names.length) })
    .chain((chosen) =>
      fc.tuple(...chosen.map((name) => pick(known[name]).map((v) => param(name, v)))),
    )
    .chain((goodPairs) =>
      fc
        .option(pair, { freq: 3 })
        .map((extra) => (extra === null ? goodPairs : [...goodPairs, extra])),
    );
  const query = (
    names.length > 0
      ? fc.oneof({ arbitrary: pairs, weight: 2 }, { arbitrary: good, weight: 1 })
      : pairs
  ).map((chosen) => `?${chosen.join('&')}`);
  // A route without parameters gets a query now and then; one with parameters nearly always.
  return fc.oneof(
    { arbitrary: fc.constant(''), weight: names.length > 0 ? 1 : 4 },
    { arbitrary: query, weight: names.length > 0 ? 6 : 1 },
  );
}

/** Every kind of request the route may be sent, as one of `callers` (the first most often). */
export function hostileRequests(
  route: RouteUnderTest,
  callers: readonly Caller[],
): fc.Arbitrary<HostileRequest> {
  const placeholders = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const path = fc
    .tuple(...placeholders.map((name) => segment(route.params?.[name])))
    .map((values) =>
      placeholders.reduce((p, name, i) => p.replace(`{${name}}`, values[i]), route.path),
    );
  const sendsBody = route.method !== 'GET';
  const body: fc.Arbitrary<string | undefined> = sendsBody
    ? fc.oneof(
        { arbitrary: shapedBody(route.body ?? {}).map((b) => JSON.stringify(b)), weight: 7 },
        { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((b) => JSON.stringify(b)), weight: 1 },
        { arbitrary: rawBody, weight: 2 },
        { arbitrary: fc.constant(undefined), weight: 1 },
      )
    : fc.constant(undefined); // fetch sends no body with a GET
  const idempotencyKey = fc.oneof(
    { arbitrary: fc.constant('fresh'), weight: 12 },
    { arbitrary: fc.constant('none'), weight: 1 },
    { arbitrary: fc.constant('reused'), weight: 2 },
    { arbitrary: headerText, weight: 2 },
  );
  const correlation = fc.option(headerText, { freq: 3 });
  const caller = fc.oneof(
    ...callers.map((one, i) => ({
      arbitrary: fc.constant(one),
      weight: i === 0 ? 3 * callers.length : 1,
    })),
  );
  return fc
    .record({
      caller,
      path,
      query: queryString(route.query ?? {}),
      body,
      idempotencyKey,
      correlation,
      contentType,
    })
    .map(
      ({
        caller: who,
        path: p,
        query,
        body: b,
        idempotencyKey: key,
        correlation: c,
        contentType: type,
      }) => {
        const headers: Record<string, string> = {};
        if (who.token) headers['authorization'] = `Bearer ${who.token}`;
        if (key === 'fresh') headers['idempotency-key'] = randomBytes(12).toString('hex');
        else if (key === 'reused') headers['idempotency-key'] = 'property-reused-key';
        else if (key !== 'none') headers['idempotency-key'] = key;
        if (c !== null) headers['x-correlation-id'] = c;
        if (b !== undefined) headers['content-type'] = type;
        const request: HostileRequest = {
          caller: who.name,
          path: `${p}${query}`,
          headers,
          ...(b === undefined ? {} : { body: b }),
        };
        // fast-check prints a failing case with this: short enough to read in a test report.
        return Object.assign(request, { [fc.toStringMethod]: () => summarise(request) });
      },
    );
}

const cut = (text: string, max = 300) =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;

function summarise(request: HostileRequest): string {
  const { authorization: _, ...headers } = request.headers;
  return `${cut(request.path)} as ${request.caller} ${JSON.stringify(headers)} ${request.body === undefined ? '(no body)' : cut(JSON.stringify(request.body))}`;
}

/**
 * Counts the rows a refused request must leave alone, on one connection kept for the run: the
 * events in the store, and the rows of each table named (an access log, a keyring).
 */
export class RowCounter {
  private constructor(
    private readonly client: Client,
    private readonly tables: readonly string[],
  ) {}

  static async open(databaseUrl: string, tables: readonly string[] = []): Promise<RowCounter> {
    for (const table of tables)
      if (!/^[a-z_]+\.[a-z_]+$/.test(table)) throw new Error(`not a schema.table: ${table}`);
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    return new RowCounter(client, ['event_store.events', ...tables]);
  }

  /** Rows per table. */
  async count(): Promise<Record<string, number>> {
    const counts = this.tables.map((table) => `(SELECT count(*) FROM ${table})::int AS "${table}"`);
    const { rows } = await this.client.query<Record<string, number>>(`SELECT ${counts.join(', ')}`);
    return rows[0];
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

export interface Outcome {
  status: number;
  contentType: string | null;
  text: string;
  /** Rows gained (or lost) per table, where any were. */
  changed: Record<string, number>;
}

/** The callers of a route, with their tokens. */
function callersOf(service: ServiceUnderTest, route: RouteUnderTest): Caller[] {
  const { caller = 'default' } = route;
  const names = typeof caller === 'string' || caller === null ? [caller] : caller;
  return names.map((name) => {
    if (name === null) return { name: 'nobody' };
    const token = service.tokens[name];
    if (!token) throw new Error(`no token for ${name}`);
    return { name, token };
  });
}

/**
 * Sends `runs` generated requests to the route, one at a time, and checks each: never a 5xx; a
 * 4xx is problem+json and changes no row the counter counts. Throws fast-check's report (seed,
 * path, the smallest failing request) when a case fails.
 */
export async function checkRoute(
  service: ServiceUnderTest,
  route: RouteUnderTest,
  runs = propertyRuns(),
): Promise<void> {
  const { url: baseUrl, counter } = service;
  let before = await counter.count();
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(hostileRequests(route, callersOf(service, route)), async (request) => {
      const response = await fetch(`${baseUrl}${request.path}`, {
        method: route.method,
        headers: request.headers,
        body: request.body,
      });
      const text = await response.text();
      const after = await counter.count();
      const changed = Object.fromEntries(
        Object.keys(after)
          .filter((table) => after[table] !== before[table])
          .map((table) => [table, after[table] - before[table]]),
      );
      before = after;
      const outcome: Outcome = {
        status: response.status,
        contentType: response.headers.get('content-type'),
        text: text.slice(0, 500),
        changed,
      };
      statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1);
      const problem = outcome.contentType?.startsWith('application/problem+json') ?? false;
      const fine =
        outcome.status < 500 &&
        (outcome.status < 400 || (Object.keys(changed).length === 0 && problem));
      if (!fine)
        throw new Error(
          `${route.method} ${summarise(request)} answered ${JSON.stringify(outcome)}`,
        );
    }),
    {
      numRuns: runs,
      seed: propertySeed(),
      endOnFailure: false,
      interruptAfterTimeLimit: 10 * 60_000,
    },
  );
  // How deep the cases went (how many reached a decider rather than a 400): `SAMVIRKE_PROPERTY_STATS=1`.
  if (process.env['SAMVIRKE_PROPERTY_STATS'])
    process.stdout.write(
      `${route.method} ${route.path} ${JSON.stringify(Object.fromEntries(statuses))}\n`,
    );
}

/** The name of a route in a test report: `POST /v1/admissions/{admissionId}/discharge`. */
export const routeName = (route: RouteUnderTest): string => `${route.method} ${route.path}`;
