import { randomBytes, randomUUID } from 'node:crypto';
import { createDatabase, testPostgresUrl } from '@samvirke/testing';
import type { EventToAppend } from '../event-store';
import { createPostgresEventStore, type PostgresEventStore } from './postgres-event-store';

/** For the integration specs: one database per spec file, one schema (one store) per case. */
export async function testDatabase(prefix: string): Promise<string> {
  return createDatabase(testPostgresUrl(), prefix);
}

export function uniqueSchema(prefix = 'es'): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export function freshStore(url: string, poolSize = 10): Promise<PostgresEventStore> {
  return createPostgresEventStore({ url, schema: uniqueSchema(), poolSize });
}

export function anEvent(
  type = 'no.samvirke.health.admission-recorded.v1',
  data: unknown = { ward: 'paediatrics' },
): EventToAppend {
  return { eventId: randomUUID(), type, data };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
