import { childErasedV1 } from '@samvirke/contracts';
import type { ChildKeyring } from '@samvirke/identity';
import {
  IdempotentConsumer,
  pgTransactions,
  type ConsumedEvent,
  type ConsumerStatus,
  type Transport,
} from '@samvirke/messaging';
import type { Pool, PoolClient } from 'pg';

export interface ErasureListenerOptions {
  /** e.g. `health-service`: its consumer group is `<service>.erasure`. */
  service: string;
  /** Where the coordination service publishes `child-erased` (`coordination.events.v1`). */
  topic: string;
  transport: Transport;
  /** The service's own database: the group's offsets are kept there. */
  pool: Pool;
  /** The service's own keyring, where the personal ids it stores are sealed. */
  keyring: ChildKeyring;
}

/** The children an erasure in this batch is about, each once. Pure. */
export function erasedChildren(events: readonly ConsumedEvent[]): string[] {
  return [
    ...new Set(
      events
        .filter(({ envelope }) => envelope.type === childErasedV1.type)
        .map(({ envelope }) => envelope.subject),
    ),
  ];
}

/**
 * Carries the coordination service's erasure of a child into this service: on `child-erased` it
 * forgets the child's key in this service's own keyring, so the personal id sealed in its store
 * can never be opened again. Forgetting is idempotent, so a redelivered erasure changes nothing,
 * and the group's offsets commit after it.
 */
export class ErasureListener {
  private readonly consumer: IdempotentConsumer<PoolClient>;

  constructor(options: ErasureListenerOptions) {
    this.consumer = new IdempotentConsumer({
      groupId: `${options.service}.erasure`,
      topics: [options.topic],
      transport: options.transport,
      transactions: pgTransactions(options.pool),
      // Every coordination event passes here; only erasures matter, and forgetting twice is harmless.
      dedupe: 'handler',
      handler: async (events) => {
        const children = erasedChildren(events);
        for (const childRef of children) await options.keyring.forget(childRef);
        return children.length;
      },
    });
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }

  status(): ConsumerStatus {
    return this.consumer.status();
  }
}
