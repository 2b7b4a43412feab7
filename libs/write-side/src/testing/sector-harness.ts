import type { NestExpressApplication } from '@nestjs/platform-express';
import { COORDINATION_TOPIC } from '@samvirke/contracts';
import { loadConfig, signDemoToken, TEST_JWT_SECRET, type Role } from '@samvirke/platform';
import {
  createDatabase,
  createTopics,
  LogCapture,
  readTopic,
  testKafkaBrokers,
  testPostgresUrl,
  uniqueTopic,
  type ReadMessage,
} from '@samvirke/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { EventSourcedAppOptions } from '../event-sourced-app';
import { WriteSideConfig } from '../write-side.config';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- a test reads whatever came back
}

export interface RequestOptions {
  /** A bearer token (none when absent or null). */
  token?: string | null;
  /** The Idempotency-Key (none when absent or null). */
  key?: string | null;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is instead of as JSON. */
  raw?: string;
  /** Default `application/json` whenever a body is sent. */
  contentType?: string;
}

/** As `RequestOptions`, but `post` uses the harness's sector token and a fresh key unless given one (null: none). */
export type PostOptions = Omit<RequestOptions, 'body'>;

/**
 * A sector service on the real test PostgreSQL (its own database) and the real Kafka broker
 * (its own topic), listening on loopback, with its log lines kept for the test to read.
 */
export class SectorHarness {
  readonly logs = new LogCapture();
  private app!: NestExpressApplication;
  private sectorToken!: string;
  url!: string;

  private constructor(
    private readonly create: (options: EventSourcedAppOptions) => Promise<NestExpressApplication>,
    readonly role: Role,
    readonly topic: string,
    readonly config: WriteSideConfig,
    /** The harness's own coordination topic the service hears `child-erased` on, when asked for (`erasure: true`). */
    readonly erasureTopic: string | null,
  ) {}

  static async start(
    create: (options: EventSourcedAppOptions) => Promise<NestExpressApplication>,
    {
      role,
      topic,
      name,
      env = {},
      erasure = false,
    }: { role: Role; topic: string; name: string; env?: Record<string, string>; erasure?: boolean },
  ): Promise<SectorHarness> {
    // `env` overrides, e.g. one SAMVIRKE_CHILDREF_KEY for two services that must match a child,
    // or KAFKA_BROKERS for a broker of the test's own.
    const brokers = env['KAFKA_BROKERS'] ?? testKafkaBrokers().join(',');
    const config = loadConfig(WriteSideConfig, {
      DATABASE_URL: await createDatabase(testPostgresUrl(), name.replace(/-/g, '_')),
      SAMVIRKE_JWT_SECRET: TEST_JWT_SECRET,
      SAMVIRKE_CHILDREF_KEY: randomBytes(32).toString('base64'),
      SAMVIRKE_KEYRING_MASTER_KEY: randomBytes(32).toString('base64'),
      BUS: 'kafka',
      KAFKA_BROKERS: brokers,
      LOG_LEVEL: 'info',
      ...env,
    });
    const harness = new SectorHarness(
      create,
      role,
      uniqueTopic(topic),
      config,
      erasure ? uniqueTopic(COORDINATION_TOPIC) : null,
    );
    // Operators create topics up front (docker-compose); so does the harness, for a reader that comes first.
    await createTopics(
      brokers.split(','),
      harness.erasureTopic ? [harness.topic, harness.erasureTopic] : [harness.topic],
      3,
    );
    harness.sectorToken = await harness.token([role]);
    await harness.listen();
    return harness;
  }

  token(roles: Role[], municipality?: string, sub = `test-${roles.join('+')}`): Promise<string> {
    return signDemoToken({ sub, roles, municipality }, TEST_JWT_SECRET, '1h');
  }

  /** A write as a sector system sends it: with the harness's sector token and a fresh Idempotency-Key unless told otherwise. */
  post(path: string, body: unknown, options: PostOptions = {}): Promise<HttpAnswer> {
    return this.request('POST', path, {
      ...options,
      body,
      token: options.token === undefined ? this.sectorToken : options.token,
      key: options.key === undefined ? randomBytes(12).toString('hex') : options.key,
      contentType: options.contentType ?? 'application/json',
    });
  }

  /**
   * Any request, with only what it is given: a bearer token, an Idempotency-Key, a JSON body (or
   * `raw`). The answer's body is parsed when it is JSON and kept as text otherwise.
   */
  async request(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<HttpAnswer & { text: string }> {
    const { token, key, body, raw, contentType } = options;
    const sendsBody = raw !== undefined || body !== undefined;
    const headers: Record<string, string> = {
      ...(sendsBody || contentType ? { 'content-type': contentType ?? 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(key ? { 'idempotency-key': key } : {}),
      ...options.headers,
    };
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers,
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  async get(path: string): Promise<HttpAnswer> {
    const response = await fetch(`${this.url}${path}`);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text };
  }

  /** Every event in the service's store, oldest first, straight from its table. */
  async storedEvents(): Promise<
    Array<{
      event_id: string;
      type: string;
      stream_id: string;
      data: unknown;
      metadata: Record<string, unknown>;
    }>
  > {
    const client = new Client({ connectionString: this.config.DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query(
        'SELECT * FROM event_store.events ORDER BY global_position',
      );
      return rows;
    } finally {
      await client.end();
    }
  }

  async eventCount(): Promise<number> {
    return (await this.storedEvents()).length;
  }

  /** Every message on the service's topic; waits for at least `atLeast`, then for quiet. */
  messages(atLeast = 0): Promise<ReadMessage[]> {
    return readTopic(this.config.KAFKA_BROKERS!.split(','), this.topic, { atLeast }); // eslint-disable-line @typescript-eslint/no-non-null-assertion
  }

  /** Stops the service and starts a new instance on the same database and topic. */
  async restart(): Promise<void> {
    await this.app.close();
    await this.listen();
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  private async listen(): Promise<void> {
    this.app = await this.create({
      config: this.config,
      topic: this.topic,
      logDestination: this.logs,
      relay: { pollIntervalMs: 50 },
      erasureTopic: this.erasureTopic,
    });
    await this.app.listen(0, '127.0.0.1');
    const address = this.app.getHttpServer().address() as { port: number };
    this.url = `http://127.0.0.1:${address.port}`;
  }
}
