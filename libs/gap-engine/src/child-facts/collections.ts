import { compareStamps, type Stamp } from './child-facts';

/**
 * Canonical collections: records keep their keys sorted and lists stay sorted by
 * (time, event id), so the same facts always serialise the same way, whatever the event order.
 */

/** An own property only (ids are opaque strings from sector systems, `__proto__` included). */
export function get<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A new record with `key` set to `value` and its keys in sorted order. */
export function put<V>(
  record: Readonly<Record<string, V>>,
  key: string,
  value: V,
): Record<string, V> {
  if (get(record, key) === value) return record as Record<string, V>;
  const keys = Object.keys(record);
  if (!Object.hasOwn(record, key)) keys.push(key);
  keys.sort();
  const out: Record<string, V> = {};
  for (const k of keys) setOwn(out, k, k === key ? value : record[k]);
  return out;
}

/** The object itself when its own keys are in sorted order already, else a copy that has them so (shallow). */
export function sortedKeys<V extends object>(value: V): V {
  const keys = Object.keys(value);
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1] < keys[i];
  if (sorted) return value;
  keys.sort();
  const out = {} as Record<string, unknown>;
  for (const key of keys) setOwn(out, key, (value as Record<string, unknown>)[key]);
  return out as V;
}

/**
 * Sets an own, enumerable property. Plain assignment is much faster than `defineProperty`,
 * but would set the prototype for the key `__proto__` instead of an entry.
 */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  else target[key] = value;
}

/** Updates one entry, creating it from `empty` first; the entry's keys come out sorted. */
export function update<V extends object>(
  record: Readonly<Record<string, V>>,
  key: string,
  empty: NoInfer<V>,
  change: (value: V) => V,
): Record<string, V> {
  return put(record, key, sortedKeys(change(get(record, key) ?? empty)));
}

/** Inserts in (at, eventId) order; an event id already present changes nothing. */
export function insertStamp<S extends Stamp>(list: readonly S[], item: S): S[] {
  if (list.some((x) => x.eventId === item.eventId)) return list as S[];
  const index = list.findIndex((x) => compareStamps(item, x) < 0);
  return index < 0 ? [...list, item] : [...list.slice(0, index), item, ...list.slice(index)];
}
