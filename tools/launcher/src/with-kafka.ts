import { ALL_TOPICS, dlqTopic } from '@samvirke/contracts';
import { createTopics, startEmbeddedPostgres, startKafkaBroker, waitFor } from '@samvirke/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { databaseUrl, ensureDatabases, services } from './embedded';
import { demoLoginOf } from './demo';
import { embeddedSecrets, type EmbeddedSecrets } from './secrets';

export interface KafkaSystem {
  secrets: EmbeddedSecrets;
  urls: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The system as it runs in production, on one machine: the real Kafka broker of infra/kafka
 * (needs Java 17), an embedded PostgreSQL, and each service in its own process, started from
 * the build (`dist/`) exactly as its container starts it.
 */
export async function startWithKafka(options: {
  dataDir: string;
  postgresPort: number;
  kafkaPort: number;
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}): Promise<KafkaSystem> {
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const secrets = embeddedSecrets(join(options.dataDir, '..', 'secrets.json'), env); // shared with npm start
  log(
    `starting PostgreSQL on 127.0.0.1:${options.postgresPort} and Kafka on 127.0.0.1:${options.kafkaPort} (data in ${options.dataDir})`,
  );
  const [postgres, kafka] = await Promise.all([
    startEmbeddedPostgres({
      dataDir: join(options.dataDir, 'postgres'),
      port: options.postgresPort,
    }),
    startKafkaBroker({ dataDir: join(options.dataDir, 'broker'), port: options.kafkaPort }),
  ]);
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      ),
    );
    await kafka.stop();
    await postgres.stop();
  };
  try {
    // Topics exist before anyone publishes, with the partitions operators would give them.
    await createTopics(kafka.brokers, [...ALL_TOPICS], 6);
    await createTopics(kafka.brokers, ALL_TOPICS.map(dlqTopic), 1);
    const specs = services(env);
    await ensureDatabases(
      postgres.url,
      specs.map((s) => s.database),
    );
    const urls: Record<string, string> = {};
    for (const spec of specs) {
      const main = resolve(__dirname, '..', '..', '..', 'services', spec.name, 'src', 'main.js');
      const child = spawn(process.execPath, [main], {
        stdio: ['ignore', 'inherit', 'inherit'],
        env: {
          ...env,
          ...demoLoginOf(env),
          PORT: String(spec.port),
          // Development whatever the shell says: the run signs its own HS256 tokens.
          SAMVIRKE_ENV: 'development',
          LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
          DATABASE_URL: databaseUrl(postgres.url, spec.database),
          SAMVIRKE_JWT_SECRET: secrets.jwtSecret,
          SAMVIRKE_CHILDREF_KEY: secrets.childRefKey,
          SAMVIRKE_KEYRING_MASTER_KEY: secrets.keyringMasterKey,
          BUS: 'kafka',
          KAFKA_BROKERS: kafka.brokers.join(','),
        },
      });
      children.push(child);
      urls[spec.name] = `http://localhost:${spec.port}`;
      await waitFor(
        `${spec.name} to be ready`,
        async () => {
          if (child.exitCode !== null)
            throw new Error(`${spec.name} exited with ${child.exitCode}`);
          return (await fetch(`${urls[spec.name]}/health/ready`)).ok ? true : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
      log(`${spec.name} on ${urls[spec.name]} (pid ${child.pid})`);
    }
    return { secrets, urls, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
