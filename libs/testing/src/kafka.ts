import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  openSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { freePort, waitFor } from './ports';

/** infra/kafka of this checkout: found upwards from here, so it works from src/ and from dist/. */
function findKafkaInfra(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'infra', 'kafka');
    if (existsSync(join(candidate, 'pom.xml'))) return candidate;
    if (dirname(dir) === dir) throw new Error('infra/kafka/pom.xml not found above ' + __dirname);
  }
}
const kafkaInfra = findKafkaInfra();

export interface RunningKafka {
  /** `host:port` of the broker's client listener. */
  brokers: string[];
  /** The broker's process id (a new one after `startServer()`). */
  readonly pid: number;
  logFile: string;
  /**
   * Stops the broker as an outage would (a controlled shutdown), keeping its ports and log dir,
   * so `startServer()` brings the same broker back with its topics and committed offsets.
   */
  stopServer(): Promise<void>;
  /** Starts the broker again after `stopServer()`, on the same ports and log dir. */
  startServer(): Promise<void>;
  /** Stops the broker for good, and removes its folder unless it was given a `dataDir`. */
  stop(): Promise<void>;
}

export interface KafkaBrokerOptions {
  port?: number;
  /** Keep the log here between runs; a temporary folder (removed on stop) when absent. */
  dataDir?: string;
  /** Default partitions for topics created on first use. */
  partitions?: number;
  heapMb?: number;
}

/**
 * The broker's class path, resolved by Maven from infra/kafka/pom.xml (jars come from Maven
 * Central into the local Maven repository on first use) and cached beside the pom, keyed by
 * the pom's hash.
 */
export function kafkaClasspath(): string {
  const pom = join(kafkaInfra, 'pom.xml');
  const hash = createHash('sha256').update(readFileSync(pom)).digest('hex').slice(0, 16);
  const cacheDir = join(kafkaInfra, '.cache');
  const cpFile = join(cacheDir, `classpath-${hash}.txt`);
  if (existsSync(cpFile)) {
    const cp = readFileSync(cpFile, 'utf8').trim();
    if (cp.split(':').every((jar) => existsSync(jar))) return cp;
  }
  mkdirSync(cacheDir, { recursive: true });
  execFileSync(
    'mvn',
    ['-q', '-B', '-f', pom, 'dependency:build-classpath', `-Dmdep.outputFile=${cpFile}`],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  return readFileSync(cpFile, 'utf8').trim();
}

function java(): string {
  const home = process.env.JAVA_HOME;
  return home && existsSync(join(home, 'bin', 'java')) ? join(home, 'bin', 'java') : 'java';
}

/** The Kafka version infra/kafka/pom.xml names (the broker tests and benchmarks run). */
export function kafkaVersion(): string {
  return (
    /<kafka\.version>([^<]+)</.exec(readFileSync(join(kafkaInfra, 'pom.xml'), 'utf8'))?.[1] ??
    'unknown'
  );
}

/** Starts one Apache Kafka broker in KRaft mode (broker and controller in one JVM) on loopback. */
export async function startKafkaBroker(options: KafkaBrokerOptions = {}): Promise<RunningKafka> {
  const classpath = kafkaClasspath();
  const persistent = options.dataDir !== undefined;
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'samvirke-kafka-'));
  mkdirSync(dir, { recursive: true });
  const port = options.port ?? (await freePort());
  const controllerPort = await freePort();
  const logDir = join(dir, 'data');
  const config = join(dir, 'server.properties');
  writeFileSync(
    config,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      `log.dirs=${logDir}`,
      `num.partitions=${options.partitions ?? 3}`,
      'auto.create.topics.enable=true',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=10',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'log.flush.interval.messages=9223372036854775807',
      '',
    ].join('\n'),
  );
  const log4j = join(dir, 'log4j.properties');
  writeFileSync(
    log4j,
    [
      'log4j.rootLogger=WARN, stdout',
      'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
      'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
      'log4j.logger.kafka=WARN',
      'log4j.logger.org.apache.kafka=WARN',
      '',
    ].join('\n'),
  );
  const jvm = [
    `-Xms256m`,
    `-Xmx${options.heapMb ?? 768}m`,
    '-XX:+UseSerialGC',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${log4j}`,
    '-cp',
    classpath,
  ];
  if (!existsSync(join(logDir, 'meta.properties'))) {
    execFileSync(
      java(),
      [...jvm, 'kafka.tools.StorageTool', 'format', '-t', clusterId(), '-c', config],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  }
  const logFile = join(dir, 'broker.log');
  const brokers = [`127.0.0.1:${port}`];
  const launch = async (): Promise<Broker> => {
    const out = openSync(logFile, 'a');
    const child: ChildProcess = spawn(java(), [...jvm, 'kafka.Kafka', config], {
      stdio: ['ignore', out, out],
      detached: false,
    });
    const broker: Broker = {
      child,
      exited: new Promise((r) => child.once('exit', (code) => r(code))),
      killOnExit: () => child.kill('SIGKILL'),
    };
    process.once('exit', broker.killOnExit);
    const admin = new Kafka({
      clientId: 'samvirke-test-probe',
      brokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    try {
      await waitFor(
        'the Kafka broker',
        async () => {
          if (child.exitCode !== null)
            throw new Error(`broker exited with ${child.exitCode}; see ${logFile}`);
          await admin.connect();
          await admin.describeCluster();
          return true;
        },
        { timeoutMs: 90_000, intervalMs: 300 },
      );
    } catch (error) {
      process.removeListener('exit', broker.killOnExit);
      child.kill('SIGKILL');
      throw error;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    return broker;
  };
  const halt = async ({ child, exited, killOnExit }: Broker) => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };

  let running: Broker | undefined = await launch();
  let last = running;
  return {
    brokers,
    get pid() {
      return last.child.pid ?? -1;
    },
    logFile,
    async stopServer() {
      if (running) await halt(running);
      running = undefined;
    },
    async startServer() {
      if (running) return;
      running = last = await launch();
    },
    async stop() {
      if (running) await halt(running);
      running = undefined;
      if (!persistent) rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Broker {
  child: ChildProcess;
  exited: Promise<number | null>;
  killOnExit: () => void;
}

/** A KRaft cluster id: 16 random bytes, URL-safe base64 without padding, as kafka-storage makes. */
/**
 * A random cluster id as Kafka writes them (16 bytes, base64url). Like Kafka's own
 * `Uuid.randomUuid`, never one starting with `-`: the storage tool would read it as an option
 * (about one broker start in 64 failed so).
 */
export function clusterId(): string {
  for (;;) {
    const id = Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
