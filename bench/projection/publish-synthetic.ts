/**
 * Publishes synthetic history (`syntheticChild` of @samvirke/gap-engine/testing) to Kafka until at least EVENTS events are out,
 * child by child, each topic in chunks, with bounded memory; prints one JSON line with what it
 * published. For the projection benchmark.
 *
 *   KAFKA_BROKERS, TOPICS_JSON ({"health": ..., "school": ..., "childwelfare": ..., "coordination": ...})
 *   EVENTS (default 1000000), SEED (default 1), RECORDED_BEFORE (ISO; default the end of the year)
 */
import { toKafkaMessage, type KafkaMessageShape } from '@samvirke/contracts';
import { KafkaTransport, silentLogger } from '@samvirke/messaging';
import {
  syntheticChild,
  type SyntheticOptions,
  type SyntheticTopics,
} from '@samvirke/gap-engine/testing';

async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '').split(',');
  const topics = JSON.parse(process.env.TOPICS_JSON ?? '{}') as SyntheticTopics;
  const target = Number(process.env.EVENTS ?? '1000000');
  const options: SyntheticOptions = {
    seed: Number(process.env.SEED ?? '1'),
    children: 0,
    topics,
    ...(process.env.RECORDED_BEFORE
      ? { recordedBefore: new Date(process.env.RECORDED_BEFORE) }
      : {}),
  };
  const transport = new KafkaTransport({
    brokers,
    clientId: 'synthetic-publisher',
    logger: silentLogger,
  });
  const pending = new Map<string, KafkaMessageShape[]>();
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();
  const send = async (topic: string) => {
    const messages = pending.get(topic) ?? [];
    pending.set(topic, []);
    if (messages.length === 0) return;
    const sending = transport.publish(topic, messages);
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending));
    // Keep a few chunks in flight; the transport sends them in order.
    if (inFlight.size >= 4) await Promise.race(inFlight);
  };

  let published = 0;
  let children = 0;
  while (published < target) {
    for (const { topic, envelope } of syntheticChild(options, children)) {
      const list = pending.get(topic) ?? [];
      list.push(toKafkaMessage(envelope));
      pending.set(topic, list);
      published += 1;
      if (list.length >= 2000) await send(topic);
    }
    children += 1;
  }
  for (const topic of [...pending.keys()]) await send(topic);
  await Promise.all(inFlight);
  await transport.close();
  process.stdout.write(`${JSON.stringify({ published, children, ms: Date.now() - started })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `publisher failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
