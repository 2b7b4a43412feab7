import { isSector, type Sector } from './sector';

// no.samvirke.<sector>.<event>.v<N>
const EVENT_TYPE = /^no\.samvirke\.([a-z]+)\.([a-z0-9]+(?:-[a-z0-9]+)*)\.v([1-9][0-9]*)$/;
export const EVENT_TYPE_PATTERN = EVENT_TYPE.source;

export interface ParsedEventType {
  sector: Sector;
  event: string;
  version: number;
}

/** Splits `no.samvirke.health.discharge-recorded.v1` into its parts; undefined if malformed. */
export function parseEventType(type: string): ParsedEventType | undefined {
  const m = EVENT_TYPE.exec(type);
  if (!m || !isSector(m[1])) return undefined;
  return { sector: m[1], event: m[2], version: Number(m[3]) };
}

/** The `N` of a type's `.vN` suffix. */
export function schemaVersionOf(type: string): number | undefined {
  return parseEventType(type)?.version;
}
