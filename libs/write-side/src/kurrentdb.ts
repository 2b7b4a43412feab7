import type { EventStore } from '@samvirke/event-sourcing';

/** The KurrentDB adapter, loaded only when EVENT_STORE=kurrentdb. */
export async function createKurrentDbStore(connectionString: string): Promise<EventStore> {
  const { KurrentDbEventStore } = await import('@samvirke/event-sourcing');
  return KurrentDbEventStore.connect(connectionString);
}
