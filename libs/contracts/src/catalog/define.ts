import type { Static, TSchema } from '@sinclair/typebox';
import type { Sector } from '../sector';
import { TOPICS } from '../topics';

/**
 * One entry of the event catalog. `type` is written out in full at each definition (never
 * derived from a class or a string builder) so that renaming code never breaks stored history;
 * the template type below only checks that it agrees with sector, event and version.
 */
export interface EventDefinition<
  T extends string = string,
  S extends Sector = Sector,
  E extends string = string,
  V extends number = number,
  Schema extends TSchema = TSchema,
> {
  /** Full CloudEvents type, e.g. `no.samvirke.health.discharge-recorded.v1`. */
  readonly type: T;
  readonly sector: S;
  /**
   * Short name, past tense, e.g. `discharge-recorded`; every version shares it, and it keys the
   * event's timeline wording in each language.
   */
  readonly event: E;
  readonly version: V;
  /** JSON Schema (TypeBox) of the event's `data`. */
  readonly schema: Schema;
  /** The Kafka topic it is published on. */
  readonly topic: (typeof TOPICS)[S];
  /**
   * The data field that says when the fact happened: the envelope's `time`. A date-only field
   * (`absence-recorded.date`, `enrolment-recorded.from`) stands for the start of that day in Europe/Oslo.
   */
  readonly occurredAtField?: string;
  /** One line for people: what happened. */
  readonly description: string;
  /** A valid `data` example (used in the docs and the tests). */
  readonly example: Static<Schema>;
}

export function defineEvent<
  const S extends Sector,
  const E extends string,
  const V extends number,
  Schema extends TSchema,
>(definition: {
  type: NoInfer<`no.samvirke.${S}.${E}.v${V}`>;
  sector: S;
  event: E;
  version: V;
  schema: Schema;
  occurredAtField?: keyof Static<Schema> & string;
  description: string;
  example: Static<Schema>;
}): EventDefinition<`no.samvirke.${S}.${E}.v${V}`, S, E, V, Schema> {
  return Object.freeze({ ...definition, topic: TOPICS[definition.sector] });
}
