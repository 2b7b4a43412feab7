/**
 * Publishes dead letters again on their original topic, once the cause is mended (a fixed
 * projection deployed, a database constraint relaxed):
 *
 *   KAFKA_BROKERS=localhost:9092 DLQ_TOPIC=health.events.v1.dlq \
 *     node -r @swc-node/register libs/messaging/src/replay-cli.ts
 *
 * Optional filters: CODE (e.g. handler-failed), REJECTED_BY (the consumer group), EVENT_IDS
 * (comma-separated), SINCE (ISO time of dead-lettering). DRY_RUN=1 lists what it would replay.
 * Prints one JSON line per replayed letter (topic, offset in the dead-letter topic, event id,
 * code: no payloads) and a summary. Repeating it is harmless: consumers drop what they processed.
 */
import { KafkaTransport } from './kafka-transport';
import { silentLogger } from './logger';
import { replayDeadLetters } from './replay';

async function main(): Promise<void> {
  const brokers = required('KAFKA_BROKERS').split(',');
  const transport = new KafkaTransport({
    brokers,
    clientId: 'samvirke-dlq-replay',
    logger: silentLogger,
  });
  try {
    const { read, replayed } = await replayDeadLetters({
      brokers,
      dlqTopic: required('DLQ_TOPIC'),
      transport,
      dryRun: process.env.DRY_RUN === '1',
      filter: {
        code: process.env.CODE || undefined,
        rejectedBy: process.env.REJECTED_BY || undefined,
        eventIds: process.env.EVENT_IDS ? process.env.EVENT_IDS.split(',') : undefined,
        since: process.env.SINCE ? new Date(process.env.SINCE) : undefined,
      },
    });
    for (const letter of replayed) process.stdout.write(`${JSON.stringify(letter)}\n`);
    process.stdout.write(
      `${JSON.stringify({ read, replayed: replayed.length, dryRun: process.env.DRY_RUN === '1' })}\n`,
    );
  } finally {
    await transport.close();
  }
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `replay failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
