/**
 * A relay in a process of its own, for the fault test: it relays until at least
 * `CRASH_AFTER` events are acknowledged by Kafka, then, before it can store the checkpoint
 * for that batch, says `crash-point <published>` on stdout and hangs, for the test to SIGKILL.
 */
import { createPostgresEventStore, type EventStore } from '@samvirke/event-sourcing';
import { KafkaTransport } from '../kafka-transport';
import { silentLogger } from '../logger';
import { Relay } from '../relay';
import type { OutgoingMessage } from '../transport';

async function main(): Promise<void> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set`);
    return value;
  };
  const crashAfter = Number(env('CRASH_AFTER'));
  const store = await createPostgresEventStore({
    url: env('STORE_URL'),
    schema: env('STORE_SCHEMA'),
    poolSize: 2,
  });
  const kafka = new KafkaTransport({
    brokers: env('KAFKA_BROKERS').split(','),
    clientId: 'crashing-relay',
    logger: silentLogger,
  });

  let acknowledged = 0;
  const transport = {
    publish: async (topic: string, messages: OutgoingMessage[]) => {
      await kafka.publish(topic, messages);
      acknowledged += messages.length;
    },
  };
  const crashing: EventStore = Object.assign(Object.create(store) as EventStore, {
    storeCheckpoint: async (name: string, checkpoint: string) => {
      if (acknowledged >= crashAfter) {
        process.stdout.write(`crash-point ${acknowledged}\n`);
        await new Promise(() => undefined);
      }
      return store.storeCheckpoint(name, checkpoint);
    },
  });
  new Relay({
    name: env('RELAY_NAME'),
    store: crashing,
    transport,
    topic: env('TOPIC'),
    batchSize: Number(env('BATCH_SIZE')),
    logger: silentLogger,
  }).start();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
