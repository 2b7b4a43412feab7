import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ALL_TOPICS, dlqTopic } from '@samvirke/contracts';
import { root } from './compose-config';

interface Exit {
  code: number;
  stdout: string;
  stderr: string;
}

// Asynchronous, so an HTTP server in this process can answer the child.
function run(command: string, args: string[], env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'samvirke-init-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// kafka-topics.sh as far as create-topics.sh uses it: --create --if-not-exists and --describe,
// printing what Kafka 3.9 prints, with the topics kept in a JSON file.
const FAKE_KAFKA_TOPICS = `#!/usr/bin/env node
const fs = require('node:fs');
const file = process.env.FAKE_KAFKA_STATE;
const state = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
const args = process.argv.slice(2);
const value = (flag) => args[args.indexOf(flag) + 1];
const topic = args.includes('--topic') ? value('--topic') : undefined;
if (value('--bootstrap-server') !== 'kafka:9092') { console.error('wrong bootstrap server'); process.exit(1); }
if (args.includes('--create')) {
  if (!state[topic]) {
    const configs = args.flatMap((a, i) => (a === '--config' ? [args[i + 1]] : []));
    state[topic] = { partitions: Number(value('--partitions')), replicationFactor: Number(value('--replication-factor')), configs };
    fs.writeFileSync(file, JSON.stringify(state));
  }
} else if (args.includes('--describe')) {
  if (!args.includes('--exclude-internal')) { console.error('internal topics listed'); process.exit(1); }
  for (const [name, t] of Object.entries(state)) {
    if (topic !== undefined && name !== topic) continue;
    console.log('Topic: ' + name + '\\tTopicId: 6vKiAUkPQ2yDXqq4Ll5MHg\\tPartitionCount: ' + t.partitions + '\\tReplicationFactor: ' + t.replicationFactor + '\\tConfigs: ' + t.configs.join(','));
    for (let p = 0; p < t.partitions; p++) console.log('\\tTopic: ' + name + '\\tPartition: ' + p + '\\tLeader: 1\\tReplicas: 1\\tIsr: 1\\tElr: \\tLastKnownElr: ');
  }
}
`;

describe('infra/docker/kafka/create-topics.sh (kafka-init)', () => {
  const script = join(root, 'infra/docker/kafka/create-topics.sh');
  let state: string;
  let env: Record<string, string>;
  const topics = () =>
    JSON.parse(readFileSync(state, 'utf8')) as Record<
      string,
      { partitions: number; configs: string[] }
    >;

  beforeEach(() => {
    const fake = join(dir, 'kafka-topics.sh');
    writeFileSync(fake, FAKE_KAFKA_TOPICS);
    chmodSync(fake, 0o755);
    state = join(dir, 'topics.json');
    env = {
      KAFKA_TOPICS_SH: fake,
      FAKE_KAFKA_STATE: state,
      KAFKA_BOOTSTRAP_SERVER: 'kafka:9092',
      EVENT_TOPICS: ALL_TOPICS.join(' '),
      KAFKA_EVENT_TOPIC_PARTITIONS: '6',
      KAFKA_DLQ_TOPIC_PARTITIONS: '1',
    };
  });

  it('creates each event topic and its dead-letter topic with their partitions; event topics are kept forever', async () => {
    const result = await run('bash', [script], env);
    expect(result.code).toBe(0);
    const created = topics();
    expect(Object.keys(created).sort()).toEqual(
      [...ALL_TOPICS, ...ALL_TOPICS.map((t) => dlqTopic(t))].sort(),
    );
    for (const topic of ALL_TOPICS) {
      expect(created[topic].partitions).toBe(6);
      expect(created[topic].configs).toEqual(
        expect.arrayContaining([
          'cleanup.policy=delete',
          'retention.ms=-1',
          'min.insync.replicas=1',
        ]),
      );
      expect(created[dlqTopic(topic)].partitions).toBe(1);
    }
    expect(result.stdout).toContain('topic health.events.v1: 6 partitions');
  });

  it('changes nothing when run again', async () => {
    expect((await run('bash', [script], env)).code).toBe(0);
    const first = readFileSync(state, 'utf8');
    expect((await run('bash', [script], env)).code).toBe(0);
    expect(readFileSync(state, 'utf8')).toBe(first);
  });

  it('fails, naming the topic, when a topic has fewer partitions than configured', async () => {
    expect((await run('bash', [script], { ...env, KAFKA_EVENT_TOPIC_PARTITIONS: '3' })).code).toBe(
      0,
    );
    const result = await run('bash', [script], env);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      'topic health.events.v1 has 3 partitions, fewer than the 6 configured',
    );
  });

  it('with --check only looks, and fails while the topics are missing', async () => {
    const result = await run('bash', [script, '--check'], env);
    expect(result.code).not.toBe(0);
    expect(existsSync(state)).toBe(false);
    expect(result.stderr).toContain('topic health.events.v1 does not exist');
  });
});

describe('infra/postgres/init/10-service-databases.sh', () => {
  const script = join(root, 'infra/postgres/init/10-service-databases.sh');
  const passwords = {
    HEALTH_DB_PASSWORD: 'a1',
    SCHOOL_DB_PASSWORD: 'b2',
    CHILDWELFARE_DB_PASSWORD: 'c3',
    COORDINATION_DB_PASSWORD: 'd4',
  };
  let log: string;
  let env: Record<string, string>;

  beforeEach(() => {
    // psql as the postgres image's entrypoint runs it: the calls are logged, not executed.
    log = join(dir, 'psql.log');
    writeFileSync(join(dir, 'psql'), `#!/bin/bash\n{ echo "ARGS $*"; cat; } >> "${log}"\n`);
    chmodSync(join(dir, 'psql'), 0o755);
    env = { PATH: `${dir}:${process.env.PATH ?? ''}`, POSTGRES_USER: 'postgres', ...passwords };
  });

  it('creates a role and a database of its own for each service, closed to other roles', async () => {
    expect((await run('bash', [script], env)).code).toBe(0);
    const calls = readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('ARGS '));
    expect(calls).toEqual([
      'ARGS -v ON_ERROR_STOP=1 --username postgres --dbname postgres --set=name=health --set=password=a1',
      'ARGS -v ON_ERROR_STOP=1 --username postgres --dbname postgres --set=name=school --set=password=b2',
      'ARGS -v ON_ERROR_STOP=1 --username postgres --dbname postgres --set=name=childwelfare --set=password=c3',
      'ARGS -v ON_ERROR_STOP=1 --username postgres --dbname postgres --set=name=coordination --set=password=d4',
    ]);
    const sql = readFileSync(log, 'utf8');
    expect(sql).toContain(`CREATE ROLE :"name" LOGIN PASSWORD :'password';`);
    expect(sql).toContain('CREATE DATABASE :"name" OWNER :"name";');
    expect(sql).toContain('REVOKE ALL ON DATABASE :"name" FROM PUBLIC;');
  });

  it('stops before creating anything when a password is missing', async () => {
    const result = await run('bash', [script], { ...env, HEALTH_DB_PASSWORD: '' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('no password for the health role');
    expect(existsSync(log)).toBe(false);
  });
});

describe('infra/docker/healthcheck.js (the containers’ health probe)', () => {
  const probe = join(root, 'infra/docker/healthcheck.js');
  let server: Server;
  let status = 200;
  let port: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      res.statusCode = req.url === '/health/ready' ? status : 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = String((server.address() as AddressInfo).port);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is healthy when /health/ready answers 200', async () => {
    status = 200;
    expect((await run(process.execPath, [probe, '/health/ready'], { PORT: port })).code).toBe(0);
  });

  it('is unhealthy when /health/ready answers 503', async () => {
    status = 503;
    expect((await run(process.execPath, [probe, '/health/ready'], { PORT: port })).code).toBe(1);
  });

  it('is unhealthy when nothing listens on PORT', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = String((closed.address() as AddressInfo).port);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect((await run(process.execPath, [probe, '/health/ready'], { PORT: freePort })).code).toBe(
      1,
    );
  });
});
