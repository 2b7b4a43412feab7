import type { Static } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import type { EventEnvelope } from '../envelope';
import type { Sector } from '../sector';
import { childwelfareEvents } from './childwelfare';
import { coordinationEvents } from './coordination';
import type { EventDefinition } from './define';
import { registerFormats } from './formats';
import { healthEvents } from './health';
import { schoolEvents } from './school';

export * from './define';
export * from './formats';
export * from './health';
export * from './school';
export * from './childwelfare';
export * from './coordination';

/** Every event type Samvirke publishes, by sector, in the order CONTRACT.md lists them. */
export const eventCatalog = [
  ...healthEvents,
  ...schoolEvents,
  ...childwelfareEvents,
  ...coordinationEvents,
] as const;

export type CatalogEntry = (typeof eventCatalog)[number];
/** The union of every known type name, e.g. `'no.samvirke.health.discharge-recorded.v1' | …`. */
export type KnownEventType = CatalogEntry['type'];
export type CatalogEntryOf<T extends KnownEventType> = Extract<CatalogEntry, { type: T }>;
/** The `data` of a known event type. */
export type EventDataOf<T extends KnownEventType> = Static<CatalogEntryOf<T>['schema']>;
/**
 * The short names, e.g. `'discharge-recorded' | …`: shared by every version of an event, and the
 * key of its timeline wording (the coordination service's English summary, the web page's bokmål).
 */
export type KnownEventName = CatalogEntry['event'];

/** A typed event record `{type, data}`, as deciders emit and evolve them. */
export type CatalogEvent<T extends KnownEventType = KnownEventType> = {
  [K in T]: { type: K; data: EventDataOf<K> };
}[T];
/** An envelope of a known type whose data has that type's shape; narrow it with a `switch` on `type`. */
export type CatalogEnvelope<T extends KnownEventType = KnownEventType> = {
  [K in T]: EventEnvelope<K, EventDataOf<K>>;
}[T];
export type HealthEvent = CatalogEvent<(typeof healthEvents)[number]['type']>;
export type SchoolEvent = CatalogEvent<(typeof schoolEvents)[number]['type']>;
export type ChildWelfareEvent = CatalogEvent<(typeof childwelfareEvents)[number]['type']>;
export type CoordinationEvent = CatalogEvent<(typeof coordinationEvents)[number]['type']>;
export type EventTypeOfSector<S extends Sector> = Extract<CatalogEntry, { sector: S }>['type'];

/** Catalog entries by full type name. */
export const eventCatalogByType: ReadonlyMap<string, EventDefinition> = new Map(
  eventCatalog.map((entry) => [entry.type, entry as EventDefinition]),
);

export function isKnownEventType(type: unknown): type is KnownEventType {
  return typeof type === 'string' && eventCatalogByType.has(type);
}

export function catalogEntry<T extends KnownEventType>(type: T): CatalogEntryOf<T>;
export function catalogEntry(type: string): EventDefinition | undefined;
export function catalogEntry(type: string): EventDefinition | undefined {
  return eventCatalogByType.get(type);
}

/** The catalog entries of one sector. */
export function eventsOfSector(sector: Sector): readonly EventDefinition[] {
  return eventCatalog.filter((entry) => entry.sector === sector);
}

export interface SchemaError {
  /** JSON Pointer into the checked value, e.g. `/dischargedAt`; `` for the value itself. */
  path: string;
  message: string;
}

export type ValidationResult = { ok: true } | { ok: false; errors: SchemaError[] };

// Extra types (e.g. a test-only v2, or a new version before it joins the catalog) may be registered.
const extraDefinitions = new Map<string, EventDefinition>();
const compiled = new Map<string, TypeCheck<EventDefinition['schema']>>();

/** Adds a definition outside the built-in catalog (used for new versions in tests). */
export function registerEventDefinition(definition: EventDefinition): void {
  if (eventCatalogByType.has(definition.type)) {
    throw new Error(`${definition.type} is already in the catalog`);
  }
  extraDefinitions.set(definition.type, definition);
  compiled.delete(definition.type);
}

/** Removes a definition added by registerEventDefinition. */
export function unregisterEventDefinition(type: string): void {
  extraDefinitions.delete(type);
  compiled.delete(type);
}

/** The definition for a type: the catalog's, or one registered beside it. */
export function findEventDefinition(type: string): EventDefinition | undefined {
  return eventCatalogByType.get(type) ?? extraDefinitions.get(type);
}

function checkerFor(definition: EventDefinition): TypeCheck<EventDefinition['schema']> {
  let check = compiled.get(definition.type);
  if (!check) {
    registerFormats();
    check = TypeCompiler.Compile(definition.schema);
    compiled.set(definition.type, check);
  }
  return check;
}

/** Checks an event's `data` against its type's schema; every error names its field path. */
export function validateEventData(type: string, data: unknown): ValidationResult {
  const definition = findEventDefinition(type);
  if (!definition) {
    return {
      ok: false,
      errors: [{ path: '', message: `unknown event type ${JSON.stringify(type)}` }],
    };
  }
  const check = checkerFor(definition);
  if (check.Check(data)) return { ok: true };
  return { ok: false, errors: collectErrors(check.Errors(data)) };
}

/** TypeBox errors made readable: a union of literals lists its values, a union of objects reports its nearest variant. */
export function collectErrors(iterator: Iterable<ValueError>, limit = 20): SchemaError[] {
  const errors: SchemaError[] = [];
  const missing = new Set<string>();
  for (const error of iterator) {
    // A missing property also fails its own type check; "required" says it better, once.
    if (missing.has(error.path)) continue;
    if (error.type === ValueErrorType.ObjectRequiredProperty) missing.add(error.path);
    errors.push(...explain(error));
    if (errors.length >= limit) break;
  }
  return errors.slice(0, limit);
}

function explain(error: ValueError): SchemaError[] {
  if (error.type !== ValueErrorType.Union) return [{ path: error.path, message: error.message }];
  const variants = (error.schema as { anyOf?: { const?: unknown }[] }).anyOf ?? [];
  if (variants.length > 0 && variants.every((v) => v.const !== undefined)) {
    const values = variants.map((v) => JSON.stringify(v.const)).join(', ');
    return [{ path: error.path, message: `Expected one of ${values}` }];
  }
  const candidates = error.errors.map((it) => [...it].flatMap(explain));
  const nearest = candidates.sort((a, b) => a.length - b.length)[0];
  return nearest && nearest.length > 0 ? nearest : [{ path: error.path, message: error.message }];
}

/** Type guard over validateEventData. */
export function isValidEventData<T extends KnownEventType>(
  type: T,
  data: unknown,
): data is EventDataOf<T> {
  return validateEventData(type, data).ok;
}

/** `/a/b: message; /c: message` — a reason fit for a log line or a dead-letter header. */
export function formatSchemaErrors(errors: readonly SchemaError[]): string {
  return errors.map((e) => `${e.path || '/'}: ${e.message}`).join('; ');
}
