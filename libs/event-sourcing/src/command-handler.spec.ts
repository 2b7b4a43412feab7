import { randomUUID } from 'node:crypto';
import {
  commandHandler,
  handleCommand,
  type CommandContext,
  type CommandHandlerOptions,
} from './command-handler';
import { DomainError } from './decider';
import {
  ConcurrencyError,
  type EventStore,
  type EventToAppend,
  type ExpectedVersion,
} from './event-store';
import { InMemoryEventStore } from './in-memory/in-memory-event-store';
import {
  admission,
  admitted,
  type AdmissionCommand,
  type AdmissionEvent,
  type AdmissionState,
} from './__fixtures__/admission';

const admit: AdmissionCommand = {
  type: 'record-admission',
  admissionId: 'a-1',
  ward: 'paediatrics',
};
const discharge: AdmissionCommand = {
  type: 'record-discharge',
  admissionId: 'a-1',
  dischargedOn: '2026-03-02',
};

const withFreshIds = (event: AdmissionEvent): EventToAppend => ({
  eventId: randomUUID(),
  type: event.type,
  data: event.data,
});

/** A real in-memory store in which another writer appends just before some of our appends. */
class RacedStore extends InMemoryEventStore {
  /** Our appends so far; the other writer's appends are not counted. */
  appends = 0;
  private racing = false;
  constructor(private readonly race: (store: InMemoryEventStore, append: number) => Promise<void>) {
    super();
  }
  override async appendToStream(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: EventToAppend[],
  ) {
    if (!this.racing) {
      this.racing = true;
      try {
        await this.race(this, ++this.appends);
      } finally {
        this.racing = false;
      }
    }
    return super.appendToStream(streamId, expectedVersion, events);
  }
}

function options(
  store: EventStore,
  overrides: Partial<CommandHandlerOptions<AdmissionCommand, AdmissionState, AdmissionEvent>> = {},
): CommandHandlerOptions<AdmissionCommand, AdmissionState, AdmissionEvent> {
  return { decider: admission, store, toEventToAppend: withFreshIds, ...overrides };
}

describe('handleCommand', () => {
  it('appends the decided events to a new stream at version 0 and returns the new state', async () => {
    const store = new InMemoryEventStore();

    const result = await handleCommand(options(store), 'stay-1', admit);

    expect(result).toMatchObject({
      state: { status: 'admitted', admissionId: 'a-1', ward: 'paediatrics' },
      newEvents: [admitted],
      nextExpectedVersion: 1,
      appended: true,
      attempts: 1,
    });
    expect(result.appendedEvents).toEqual([
      expect.objectContaining({ type: admitted.type, data: admitted.data, streamVersion: 1 }),
    ]);
    expect((await store.readStream('stay-1')).events.map((e) => e.type)).toEqual([admitted.type]);
  });

  it('decides against the state folded from the stream', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('stay-1', 0, [withFreshIds(admitted)]);

    const result = await handleCommand(options(store), 'stay-1', discharge);

    expect(result.state).toEqual({
      status: 'discharged',
      admissionId: 'a-1',
      dischargedOn: '2026-03-02',
    });
    expect(result.appendedEvents.map((e) => e.streamVersion)).toEqual([2]);
    expect(result.nextExpectedVersion).toBe(2);
  });

  it('writes nothing when decide returns no events', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('stay-1', 0, [withFreshIds(admitted)]);

    const result = await handleCommand(options(store), 'stay-1', admit);

    expect(result).toMatchObject({
      newEvents: [],
      appendedEvents: [],
      appended: false,
      nextExpectedVersion: 1,
    });
    expect((await store.readStream('stay-1')).version).toBe(1);
  });

  it('lets a DomainError through without retrying or writing', async () => {
    const store = new RacedStore(async () => undefined);
    const decide = jest.fn(admission.decide);

    const error = await handleCommand(
      options(store, { decider: { ...admission, decide } }),
      'stay-1',
      discharge,
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DomainError);
    expect(decide).toHaveBeenCalledTimes(1);
    expect(store.appends).toBe(0);
  });

  it('retries with the stream version the other writer left', async () => {
    const transfer = withFreshIds({
      type: 'no.samvirke.health.admission-recorded.v1',
      data: { admissionId: 'a-1', ward: 'icu' },
    });
    const store = new RacedStore(async (inner, append) => {
      if (append === 1) await inner.appendToStream('stay-1', 1, [transfer]);
    });
    await new InMemoryEventStore({ log: store.log }).appendToStream('stay-1', 0, [
      withFreshIds(admitted),
    ]);
    const decide = jest.fn(admission.decide);

    const result = await handleCommand(
      options(store, { decider: { ...admission, decide } }),
      'stay-1',
      discharge,
    );

    expect(result).toMatchObject({ attempts: 2, nextExpectedVersion: 3, appended: true });
    expect(decide).toHaveBeenCalledTimes(2);
    expect(decide.mock.calls[1][1]).toEqual({
      status: 'admitted',
      admissionId: 'a-1',
      ward: 'icu',
    });
    expect((await store.readStream('stay-1')).events.map((e) => e.streamVersion)).toEqual([
      1, 2, 3,
    ]);
  });

  it('rethrows the ConcurrencyError after maxAttempts attempts', async () => {
    let competing = 0;
    const store = new RacedStore(async (inner) => {
      await inner.appendToStream('stay-1', 'any', [withFreshIds(admitted)]);
      competing++;
    });

    const error = await handleCommand(
      options(store, { maxAttempts: 3, decider: { ...admission, decide: () => [admitted] } }),
      'stay-1',
      admit,
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(store.appends).toBe(3);
    expect((await store.readStream('stay-1')).version).toBe(competing);
  });

  it('treats a concurrent duplicate of the command (same event ids) as done, with the state from the stream', async () => {
    const idFromCommand = (
      event: AdmissionEvent,
      { command, index }: CommandContext<AdmissionCommand>,
    ): EventToAppend => ({
      eventId: uuidFrom(`${command.type}:${command.admissionId}:${index}`),
      type: event.type,
      data: event.data,
    });
    // The same request, retried by the sector system, lands between our load and our append.
    const store = new RacedStore(async (inner, append) => {
      if (append === 1) {
        const context = {
          streamId: 'stay-1',
          command: admit,
          expectedVersion: 0,
          index: 0,
          stream: { events: [], version: 0 },
        };
        await inner.appendToStream('stay-1', 0, [idFromCommand(admitted, context)]);
      }
    });

    const result = await handleCommand(
      options(store, { toEventToAppend: idFromCommand }),
      'stay-1',
      admit,
    );

    expect(result).toMatchObject({
      appended: false,
      newEvents: [],
      nextExpectedVersion: 1,
      attempts: 1,
      state: { status: 'admitted', admissionId: 'a-1', ward: 'paediatrics' },
    });
    expect((await store.readStream('stay-1')).version).toBe(1);
  });

  it('passes the command, expected version, index and loaded stream to the mapping', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('stay-1', 0, [withFreshIds(admitted)]);
    const contexts: CommandContext<AdmissionCommand>[] = [];

    await handleCommand(
      options(store, {
        toEventToAppend: (event, context) => (contexts.push(context), withFreshIds(event)),
      }),
      'stay-1',
      discharge,
    );

    expect(contexts).toEqual([
      {
        streamId: 'stay-1',
        command: discharge,
        expectedVersion: 1,
        index: 0,
        stream: {
          version: 1,
          events: [expect.objectContaining({ streamId: 'stay-1', streamVersion: 1 })],
        },
      },
    ]);
  });

  it('folds stored events through fromStoredEvent when given', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('stay-1', 0, [
      { eventId: randomUUID(), type: 'legacy-admission', data: { id: 'a-9' } },
    ]);

    const result = await handleCommand(
      options(store, {
        fromStoredEvent: (e) => ({
          type: 'no.samvirke.health.admission-recorded.v1',
          data: { admissionId: (e.data as { id: string }).id, ward: 'unknown' },
        }),
      }),
      'stay-1',
      { type: 'record-discharge', admissionId: 'a-9', dischargedOn: '2026-03-02' },
    );

    expect(result.newEvents).toEqual([
      {
        type: 'no.samvirke.health.discharge-recorded.v1',
        data: { admissionId: 'a-9', dischargedOn: '2026-03-02' },
      },
    ]);
  });
});

describe('commandHandler', () => {
  it('binds the options once and handles commands by stream', async () => {
    const store = new InMemoryEventStore();
    const handle = commandHandler(options(store));

    await handle('stay-1', admit);
    await handle('stay-2', admit);
    const result = await handle('stay-1', discharge);

    expect(result.nextExpectedVersion).toBe(2);
    expect((await store.readStream('stay-2')).version).toBe(1);
  });
});

/** A stable UUID-shaped id from a string, as a service would derive one from an idempotency key. */
function uuidFrom(text: string): string {
  const hex = Buffer.from(text.padEnd(16, '.')).toString('hex').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
