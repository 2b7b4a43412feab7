import type { EventEnvelope } from './envelope';
import {
  gapAcknowledgedV1,
  gapAcknowledgedV2,
  gapResolvedV1,
  gapResolvedV2,
} from './catalog/coordination';
import { schemaVersionOf } from './event-type';

/** Turns the data of one version into the data of the next. Pure; may read the envelope. */
export type Upcaster = (data: unknown, envelope: EventEnvelope) => unknown;

interface Step {
  toType: string;
  fn: Upcaster;
}

/**
 * Upcasters by source type: when a `.v1` event is read after `.v2` exists, the decoder
 * rewrites it to `.v2` so consumers handle only the newest version. Steps chain (v1→v2→v3).
 */
export class UpcasterRegistry {
  private readonly steps = new Map<string, Step>();

  register(fromType: string, toType: string, fn: Upcaster): this {
    if (fromType === toType) throw new Error(`an upcaster must change the type: ${fromType}`);
    if (this.steps.has(fromType))
      throw new Error(`an upcaster from ${fromType} is already registered`);
    this.steps.set(fromType, { toType, fn });
    return this;
  }

  unregister(fromType: string): void {
    this.steps.delete(fromType);
  }

  has(fromType: string): boolean {
    return this.steps.has(fromType);
  }

  /** The type an event of `type` becomes after every upcaster ran. */
  finalTypeOf(type: string): string {
    let current = type;
    for (let hops = 0; this.steps.has(current); hops++) {
      if (hops > 100) throw new Error(`upcaster cycle from ${type}`);
      current = (this.steps.get(current) as Step).toType;
    }
    return current;
  }

  /** Applies the chain of upcasters for the envelope's type; returns it unchanged when none apply. */
  upcast(envelope: EventEnvelope): EventEnvelope {
    let current = envelope;
    for (let hops = 0; ; hops++) {
      const step = this.steps.get(current.type);
      if (!step) return current;
      if (hops > 100) throw new Error(`upcaster cycle from ${envelope.type}`);
      current = {
        ...current,
        type: step.toType,
        schemaVersion: schemaVersionOf(step.toType) ?? current.schemaVersion + 1,
        data: step.fn(current.data, current),
      };
    }
  }
}

/** The registry the Kafka decoder uses unless told otherwise. */
export const defaultUpcasters = new UpcasterRegistry();

// A v1 gap event's note was written in clear and stays so (an upcaster cannot encrypt): its data
// is already a v2 (`note`, not `noteCiphertext`), and erasure strips it from the read model.
defaultUpcasters
  .register(gapAcknowledgedV1.type, gapAcknowledgedV2.type, (data) => data)
  .register(gapResolvedV1.type, gapResolvedV2.type, (data) => data);

export function registerUpcaster(fromType: string, toType: string, fn: Upcaster): void {
  defaultUpcasters.register(fromType, toType, fn);
}

export function unregisterUpcaster(fromType: string): void {
  defaultUpcasters.unregister(fromType);
}

export function upcast(
  envelope: EventEnvelope,
  registry: UpcasterRegistry = defaultUpcasters,
): EventEnvelope {
  return registry.upcast(envelope);
}
