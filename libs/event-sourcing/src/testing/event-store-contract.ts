import { randomUUID } from 'node:crypto';
import {
  ConcurrencyError,
  EventIdConflictError,
  type AppendResult,
  type Checkpoint,
  type EventStore,
  type EventToAppend,
  type ExpectedVersion,
  type StoredEvent,
} from '../event-store';

/** One adapter under test, made fresh for each case by the factory given to `eventStoreContract`. */
export interface EventStoreUnderTest {
  store: EventStore;
  /** A second, independent store instance on the same database: checkpoints must survive into it. */
  reopen(): Promise<EventStore>;
  /**
   * Appends through the adapter inside a transaction that stays open `holdMs` before it
   * commits, so appends started later can commit first. Only for stores with client-side
   * transactions; the others name why not in `slowTransactions`.
   */
  appendInSlowTransaction?(
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: EventToAppend[],
    holdMs: number,
  ): Promise<AppendResult>;
  /** Called after each case, e.g. to drop the database. The contract closes `store` itself. */
  cleanUp?(): Promise<void>;
}

export interface EventStoreContractOptions {
  /**
   * Skip the whole suite, with the reason in its title (e.g. no server configured). The
   * cases still show up as skipped.
   */
  skip?: string;
  /** When the adapter cannot hold a transaction open: why, shown in the skipped case's name. */
  slowTransactionsUnsupported?: string;
  /** Upper bound for the concurrency cases' polling. Default 60 s. */
  timeoutMs?: number;
}

/**
 * The contract every `EventStore` adapter passes. Call it at the top level of the adapter's
 * spec file; it declares its own `describe`. Each case works on streams of its own (random
 * ids) and reads the global log only for those streams, so a shared server does not disturb it.
 */
export function eventStoreContract(
  name: string,
  makeStore: () => Promise<EventStoreUnderTest>,
  options: EventStoreContractOptions = {},
): void {
  const timeoutMs = options.timeoutMs ?? 60_000;
  // Jest's default of 5 s is too short for a loaded machine; the polling cases bound themselves by timeoutMs.
  const caseTimeoutMs = timeoutMs + 30_000;
  const title = options.skip ? `${name} contract (skipped: ${options.skip})` : `${name} contract`;
  (options.skip ? describe.skip : describe)(title, () => {
    let subject: EventStoreUnderTest;
    let store: EventStore;
    const opened: EventStore[] = [];

    beforeEach(async () => {
      subject = await makeStore();
      store = subject.store;
    }, caseTimeoutMs);

    afterEach(async () => {
      for (const other of opened.splice(0)) await other.close();
      await store?.close();
      await subject?.cleanUp?.();
    }, caseTimeoutMs);

    describe('appending and reading a stream', () => {
      it(
        'reads back appended events in order, numbered from version 1, with their data and metadata',
        async () => {
          const streamId = uniqueStream('read-back');
          const events = [
            event('opened', { n: 1 }, { correlationId: 'c-1' }),
            event('noted', { n: 2, nested: { list: [1, 'a'] } }),
          ];

          const result = await store.appendToStream(streamId, 0, events);
          const read = await store.readStream(streamId);

          expect(result).toEqual({ nextExpectedVersion: 2, appended: true });
          expect(read.version).toBe(2);
          expect(read.events.map(comparable)).toEqual([
            {
              eventId: events[0].eventId,
              type: 'opened',
              data: { n: 1 },
              metadata: { correlationId: 'c-1' },
              streamId,
              streamVersion: 1,
            },
            {
              eventId: events[1].eventId,
              type: 'noted',
              data: { n: 2, nested: { list: [1, 'a'] } },
              metadata: {},
              streamId,
              streamVersion: 2,
            },
          ]);
          for (const stored of read.events) {
            expect(stored.recordedAt).toBeInstanceOf(Date);
            expect(Number.isNaN(stored.recordedAt.getTime())).toBe(false);
            expect(typeof stored.position).toBe('string');
          }
        },
        caseTimeoutMs,
      );

      it(
        'continues a stream from the version the last append returned',
        async () => {
          const streamId = uniqueStream('continue');
          const first = await store.appendToStream(streamId, 0, [event('a')]);
          const second = await store.appendToStream(streamId, first.nextExpectedVersion, [
            event('b'),
            event('c'),
          ]);

          expect(second).toEqual({ nextExpectedVersion: 3, appended: true });
          expect(
            (await store.readStream(streamId)).events.map((e) => [e.streamVersion, e.type]),
          ).toEqual([
            [1, 'a'],
            [2, 'b'],
            [3, 'c'],
          ]);
        },
        caseTimeoutMs,
      );

      it(
        'reads a stream that does not exist as version 0 with no events',
        async () => {
          expect(await store.readStream(uniqueStream('missing'))).toEqual({
            events: [],
            version: 0,
          });
        },
        caseTimeoutMs,
      );

      it(
        'keeps streams apart',
        async () => {
          const [one, two] = [uniqueStream('apart'), uniqueStream('apart')];
          await store.appendToStream(one, 0, [event('one')]);
          await store.appendToStream(two, 0, [event('two'), event('two')]);

          expect((await store.readStream(one)).events.map((e) => e.type)).toEqual(['one']);
          expect((await store.readStream(two)).version).toBe(2);
        },
        caseTimeoutMs,
      );
    });

    describe('optimistic concurrency', () => {
      it(
        'refuses an append with a stale expected version with a typed ConcurrencyError and writes nothing',
        async () => {
          const streamId = uniqueStream('stale');
          await store.appendToStream(streamId, 0, [event('a'), event('b')]);

          const error = await store
            .appendToStream(streamId, 1, [event('late')])
            .catch((e: unknown) => e);

          expect(error).toBeInstanceOf(ConcurrencyError);
          expect(error).toMatchObject({ streamId, expectedVersion: 1, actualVersion: 2 });
          expect((await store.readStream(streamId)).events.map((e) => e.type)).toEqual(['a', 'b']);
        },
        caseTimeoutMs,
      );

      it(
        'refuses expected version 0 when the stream already exists',
        async () => {
          const streamId = uniqueStream('exists');
          await store.appendToStream(streamId, 0, [event('a')]);

          await expect(store.appendToStream(streamId, 0, [event('again')])).rejects.toBeInstanceOf(
            ConcurrencyError,
          );
        },
        caseTimeoutMs,
      );

      it(
        'refuses an expected version ahead of the stream',
        async () => {
          const streamId = uniqueStream('ahead');

          await expect(store.appendToStream(streamId, 3, [event('a')])).rejects.toBeInstanceOf(
            ConcurrencyError,
          );
          expect((await store.readStream(streamId)).version).toBe(0);
        },
        caseTimeoutMs,
      );

      it(
        "appends with 'any' whether or not the stream exists",
        async () => {
          const streamId = uniqueStream('any');
          expect(await store.appendToStream(streamId, 'any', [event('a')])).toEqual({
            nextExpectedVersion: 1,
            appended: true,
          });
          expect(await store.appendToStream(streamId, 'any', [event('b')])).toEqual({
            nextExpectedVersion: 2,
            appended: true,
          });
          expect((await store.readStream(streamId)).events.map((e) => e.streamVersion)).toEqual([
            1, 2,
          ]);
        },
        caseTimeoutMs,
      );

      it(
        'lets exactly one of several concurrent appends at the same expected version win',
        async () => {
          const streamId = uniqueStream('race');
          await store.appendToStream(streamId, 0, [event('start')]);

          const outcomes = await Promise.allSettled(
            Array.from({ length: 5 }, (_, i) =>
              store.appendToStream(streamId, 1, [event(`writer-${i}`)]),
            ),
          );

          const won = outcomes.filter((o) => o.status === 'fulfilled');
          const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
          expect(won).toHaveLength(1);
          for (const loss of lost) expect(loss.reason).toBeInstanceOf(ConcurrencyError);
          expect((await store.readStream(streamId)).version).toBe(2);
        },
        caseTimeoutMs,
      );
    });

    describe('idempotent appends', () => {
      it(
        'treats re-appending the same event ids at the same expected version as a no-op',
        async () => {
          const streamId = uniqueStream('retry');
          const events = [event('a'), event('b')];
          await store.appendToStream(streamId, 0, events);

          const retry = await store.appendToStream(streamId, 0, events);

          expect(retry).toEqual({ nextExpectedVersion: 2, appended: false });
          expect((await store.readStream(streamId)).events.map((e) => e.eventId)).toEqual(
            events.map((e) => e.eventId),
          );
        },
        caseTimeoutMs,
      );

      it(
        "treats re-appending the same event ids with 'any' as a no-op, even after later events",
        async () => {
          const streamId = uniqueStream('retry-any');
          const events = [event('a')];
          await store.appendToStream(streamId, 'any', events);
          await store.appendToStream(streamId, 1, [event('b')]);

          const retry = await store.appendToStream(streamId, 'any', events);

          expect(retry).toEqual({ nextExpectedVersion: 2, appended: false });
          expect((await store.readStream(streamId)).version).toBe(2);
        },
        caseTimeoutMs,
      );

      it(
        'does not duplicate a re-appended event in the global log',
        async () => {
          const streamId = uniqueStream('retry-log');
          const events = [event('a'), event('b')];
          await store.appendToStream(streamId, 0, events);
          await store.appendToStream(streamId, 0, events);

          const seen = await readAllOf(store, new Set([streamId]), 2, timeoutMs);

          expect(seen.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
        },
        caseTimeoutMs,
      );

      it(
        'refuses an append that repeats only some stored event ids, and writes none of it',
        async () => {
          const streamId = uniqueStream('partial');
          const first = event('a');
          await store.appendToStream(streamId, 0, [first]);

          const error = await store
            .appendToStream(streamId, 1, [first, event('b')])
            .catch((e: unknown) => e);

          expect(error).toBeInstanceOf(EventIdConflictError);
          expect((await store.readStream(streamId)).version).toBe(1);
        },
        caseTimeoutMs,
      );
    });

    describe('appending to several streams at once', () => {
      it(
        'appends each stream after its head, in the order given, and a repeat of the call writes nothing',
        async () => {
          const [fresh, existing, other] = [
            uniqueStream('many'),
            uniqueStream('many'),
            uniqueStream('many'),
          ];
          await store.appendToStream(existing, 0, [event('existing-1')]);
          const appends = [
            { streamId: fresh, expectedVersion: 0, events: [event('fresh-1'), event('fresh-2')] },
            { streamId: existing, expectedVersion: 'any' as const, events: [event('existing-2')] },
            { streamId: other, expectedVersion: 'any' as const, events: [event('other-1')] },
          ];

          expect(await store.appendToStreams(appends)).toEqual([
            { nextExpectedVersion: 2, appended: true },
            { nextExpectedVersion: 2, appended: true },
            { nextExpectedVersion: 1, appended: true },
          ]);
          expect(await store.appendToStreams(appends)).toEqual([
            { nextExpectedVersion: 2, appended: false },
            { nextExpectedVersion: 2, appended: false },
            { nextExpectedVersion: 1, appended: false },
          ]);

          const ours = new Set([fresh, existing, other]);
          const log = await readAllOf(store, ours, 5, timeoutMs);
          expect(log.map((e) => e.type)).toEqual([
            'existing-1',
            'fresh-1',
            'fresh-2',
            'existing-2',
            'other-1',
          ]);
          expect(
            (await store.readStream(existing)).events.map((e) => [e.type, e.streamVersion]),
          ).toEqual([
            ['existing-1', 1],
            ['existing-2', 2],
          ]);
        },
        caseTimeoutMs,
      );

      it(
        'fails with the error of a stream not at its expected version, and writes that stream nothing',
        async () => {
          const [moved, fine] = [uniqueStream('many-moved'), uniqueStream('many-fine')];
          await store.appendToStream(moved, 0, [event('a'), event('b')]);

          const error = await store
            .appendToStreams([
              { streamId: fine, expectedVersion: 0, events: [event('fine-1')] },
              { streamId: moved, expectedVersion: 1, events: [event('late')] },
            ])
            .catch((e: unknown) => e);

          expect(error).toBeInstanceOf(ConcurrencyError);
          expect((error as ConcurrencyError).streamId).toBe(moved);
          expect((await store.readStream(moved)).version).toBe(2);
          // Each append is whole or absent: calling again with the moved stream's real version finishes the job.
          expect([0, 1]).toContain((await store.readStream(fine)).version);
        },
        caseTimeoutMs,
      );

      it(
        'refuses an append that repeats only some stored ids of its stream, and writes that stream nothing',
        async () => {
          const streamId = uniqueStream('many-partial');
          const first = event('a');
          await store.appendToStream(streamId, 0, [first]);

          const error = await store
            .appendToStreams([{ streamId, expectedVersion: 'any', events: [first, event('b')] }])
            .catch((e: unknown) => e);

          expect(error).toBeInstanceOf(EventIdConflictError);
          expect((await store.readStream(streamId)).version).toBe(1);
        },
        caseTimeoutMs,
      );

      it(
        'refuses a call that names a stream twice before writing anything',
        async () => {
          const [twice, once] = [uniqueStream('many-twice'), uniqueStream('many-once')];

          await expect(
            store.appendToStreams([
              { streamId: once, expectedVersion: 0, events: [event('once')] },
              { streamId: twice, expectedVersion: 0, events: [event('a')] },
              { streamId: twice, expectedVersion: 1, events: [event('b')] },
            ]),
          ).rejects.toThrow(/named twice/);
          expect((await store.readStream(twice)).version).toBe(0);
          expect((await store.readStream(once)).version).toBe(0);
        },
        caseTimeoutMs,
      );
    });

    describe('the global log', () => {
      it(
        'reads every stream in append order and resumes after a checkpoint, page by page',
        async () => {
          const [one, two] = [uniqueStream('log'), uniqueStream('log')];
          await store.appendToStream(one, 0, [event('one-1'), event('one-2')]);
          await store.appendToStream(two, 0, [event('two-1')]);
          await store.appendToStream(one, 2, [event('one-3'), event('one-4'), event('one-5')]);
          const ours = new Set([one, two]);

          const pages: string[][] = [];
          let checkpoint = await headBefore(store, ours, timeoutMs);
          const deadline = Date.now() + timeoutMs;
          while (pages.flat().length < 6 && Date.now() < deadline) {
            const page = await store.readAll(checkpoint, 2);
            expect(page.events.length).toBeLessThanOrEqual(2);
            if (page.events.length > 0)
              expect(page.checkpoint).toBe(page.events[page.events.length - 1].position);
            pages.push(page.events.filter((e) => ours.has(e.streamId)).map((e) => e.type));
            checkpoint = page.checkpoint;
          }

          expect(pages.flat()).toEqual(['one-1', 'one-2', 'two-1', 'one-3', 'one-4', 'one-5']);
          expect(pages.filter((p) => p.length > 0).length).toBeGreaterThanOrEqual(3);
        },
        caseTimeoutMs,
      );

      it(
        'returns the same checkpoint and no events when nothing is new',
        async () => {
          const streamId = uniqueStream('idle');
          await store.appendToStream(streamId, 0, [event('a')]);
          const [last] = await readAllOf(store, new Set([streamId]), 1, timeoutMs);

          const idle = await drainFrom(store, last.position);
          const again = await store.readAll(idle, 10);

          expect(again).toEqual({ events: [], checkpoint: idle });
        },
        caseTimeoutMs,
      );

      it(
        'gives each event a position from which readAll resumes right after it',
        async () => {
          const streamId = uniqueStream('position');
          await store.appendToStream(streamId, 0, [event('a'), event('b'), event('c')]);
          const [a, b, c] = await readAllOf(store, new Set([streamId]), 3, timeoutMs);

          const afterA = await store.readAll(a.position, 2);

          expect(afterA.events.map((e) => e.eventId)).toEqual([b.eventId, c.eventId]);
        },
        caseTimeoutMs,
      );
    });

    describe('named checkpoints', () => {
      it(
        'loads null for a checkpoint never stored',
        async () => {
          expect(await store.loadCheckpoint(`never-${randomUUID()}`)).toBeNull();
        },
        caseTimeoutMs,
      );

      it(
        'stores, overwrites and loads a checkpoint by name',
        async () => {
          const name = `relay-${randomUUID()}`;
          const other = `projection-${randomUUID()}`;
          const [a, b] = await positionsOfNewEvents(store, 2, timeoutMs);

          await store.storeCheckpoint(name, a);
          await store.storeCheckpoint(other, a);
          await store.storeCheckpoint(name, b);

          expect(await store.loadCheckpoint(name)).toBe(b);
          expect(await store.loadCheckpoint(other)).toBe(a);
        },
        caseTimeoutMs,
      );

      it(
        'keeps checkpoints in a new store instance on the same database',
        async () => {
          const name = `durable-${randomUUID()}`;
          const [position] = await positionsOfNewEvents(store, 1, timeoutMs);
          await store.storeCheckpoint(name, position);

          const reopened = await subject.reopen();
          opened.push(reopened);

          expect(await reopened.loadCheckpoint(name)).toBe(position);
          const resumed = await reopened.readAll(position, 1);
          expect(resumed.events.every((e) => e.position !== position)).toBe(true);
        },
        caseTimeoutMs,
      );
    });

    describe('many writers and a reader at once', () => {
      it(
        'shows a concurrent reader every event exactly once and in stream order',
        async () => {
          const outcome = await runWritersAndReader(store, {
            streams: 20,
            appendsPerStream: 8,
            timeoutMs,
          });
          expectEveryEventOnceInStreamOrder(outcome);
        },
        caseTimeoutMs,
      );

      const slowTitle =
        'shows a concurrent reader every event exactly once and in stream order while some transactions commit after later ones';
      if (options.slowTransactionsUnsupported) {
        it.skip(`${slowTitle} (skipped: ${options.slowTransactionsUnsupported})`, () => undefined);
      } else {
        it(
          slowTitle,
          async () => {
            const slow = subject.appendInSlowTransaction?.bind(subject);
            if (!slow)
              throw new Error(
                'the adapter must give appendInSlowTransaction or say why not in slowTransactionsUnsupported',
              );
            const outcome = await runWritersAndReader(store, {
              streams: 20,
              appendsPerStream: 8,
              timeoutMs,
              // Every fifth append of a writer holds its transaction open while the others commit.
              slowAppend: (streamId, version, events, { writer, append }) =>
                append % 5 === 2
                  ? slow(streamId, version, events, 100 + (writer % 7) * 50)
                  : undefined,
            });
            expectEveryEventOnceInStreamOrder(outcome);
            expect(outcome.slowAppends).toBeGreaterThan(0);
          },
          caseTimeoutMs,
        );
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------

function uniqueStream(prefix: string): string {
  return `contract-${prefix}-${randomUUID()}`;
}

function event(
  type: string,
  data: Record<string, unknown> = {},
  metadata?: Record<string, unknown>,
): EventToAppend {
  return { eventId: randomUUID(), type, data, ...(metadata ? { metadata } : {}) };
}

function comparable(e: StoredEvent) {
  return {
    eventId: e.eventId,
    type: e.type,
    data: e.data,
    metadata: e.metadata,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads the log to its current end and returns where it stopped. */
async function drainFrom(store: EventStore, after: Checkpoint | null): Promise<Checkpoint | null> {
  let checkpoint = after;
  for (;;) {
    const page = await store.readAll(checkpoint, 500);
    if (page.events.length === 0) return checkpoint;
    checkpoint = page.checkpoint;
  }
}

/**
 * A checkpoint before the first event of `streams`. A log may hold back an event until the
 * transactions before it end, so read until one of ours shows up and resume before it.
 */
async function headBefore(
  store: EventStore,
  streams: Set<string>,
  timeoutMs: number,
): Promise<Checkpoint | null> {
  const deadline = Date.now() + timeoutMs;
  let checkpoint: Checkpoint | null = null;
  while (Date.now() < deadline) {
    const page = await store.readAll(checkpoint, 500);
    const firstOurs = page.events.findIndex((e) => streams.has(e.streamId));
    if (firstOurs === 0) return checkpoint;
    if (firstOurs > 0) return page.events[firstOurs - 1].position;
    if (page.events.length === 0) await sleep(20);
    checkpoint = page.checkpoint;
  }
  throw new Error(
    `no event of ${[...streams].join(', ')} appeared in the global log within ${timeoutMs} ms`,
  );
}

/** Reads the whole log until `count` events of `streams` were seen. */
async function readAllOf(
  store: EventStore,
  streams: Set<string>,
  count: number,
  timeoutMs: number,
): Promise<StoredEvent[]> {
  const deadline = Date.now() + timeoutMs;
  const seen: StoredEvent[] = [];
  let checkpoint: Checkpoint | null = null;
  while (Date.now() < deadline) {
    const page = await store.readAll(checkpoint, 500);
    seen.push(...page.events.filter((e) => streams.has(e.streamId)));
    if (page.events.length === 0) {
      if (seen.length >= count) return seen;
      await sleep(20);
    }
    checkpoint = page.checkpoint;
  }
  throw new Error(`saw ${seen.length} of ${count} events in the global log within ${timeoutMs} ms`);
}

async function positionsOfNewEvents(
  store: EventStore,
  count: number,
  timeoutMs: number,
): Promise<Checkpoint[]> {
  const streamId = uniqueStream('positions');
  await store.appendToStream(
    streamId,
    0,
    Array.from({ length: count }, () => event('positioned')),
  );
  return (await readAllOf(store, new Set([streamId]), count, timeoutMs)).map((e) => e.position);
}

interface WritersAndReaderOutcome {
  written: Map<string, string[]>;
  read: StoredEvent[];
  slowAppends: number;
}

/**
 * Writers append to their own streams (1–3 events per append) while one reader polls the
 * global log in small pages from before the first write, until it has seen every event.
 */
async function runWritersAndReader(
  store: EventStore,
  plan: {
    streams: number;
    appendsPerStream: number;
    timeoutMs: number;
    slowAppend?: (
      streamId: string,
      expected: number,
      events: EventToAppend[],
      at: { writer: number; append: number },
    ) => Promise<AppendResult> | undefined;
  },
): Promise<WritersAndReaderOutcome> {
  const streams = Array.from({ length: plan.streams }, () => uniqueStream('writer'));
  const ours = new Set(streams);
  const written = new Map(streams.map((s) => [s, [] as string[]]));
  let slowAppends = 0;
  const start = await drainFrom(store, null);
  let writing = true;
  let failed = false;

  const writers = streams.map(async (streamId, w) => {
    let version = 0;
    for (let i = 0; i < plan.appendsPerStream; i++) {
      const events = Array.from({ length: 1 + ((w + i) % 3) }, () => event('written', { w, i }));
      const slow = plan.slowAppend?.(streamId, version, events, { writer: w, append: i });
      if (slow) slowAppends++;
      const result = await (slow ?? store.appendToStream(streamId, version, events));
      version = result.nextExpectedVersion;
      written.get(streamId)?.push(...events.map((e) => e.eventId));
      if (i % 3 === 0) await sleep(1);
    }
  });

  const read: StoredEvent[] = [];
  const reader = (async () => {
    const deadline = Date.now() + plan.timeoutMs;
    let checkpoint = start;
    for (;;) {
      const page = await store.readAll(checkpoint, 7);
      read.push(...page.events.filter((e) => ours.has(e.streamId)));
      checkpoint = page.checkpoint;
      if (page.events.length === 0) {
        const total = [...written.values()].reduce((n, ids) => n + ids.length, 0);
        if (failed || (!writing && read.length >= total)) return;
        if (Date.now() > deadline)
          throw new Error(`reader saw ${read.length} of ${total} events before the deadline`);
        await sleep(5);
      }
    }
  })();

  try {
    await Promise.all(writers);
  } catch (error) {
    failed = true;
    await reader.catch(() => undefined);
    throw error;
  } finally {
    writing = false;
  }
  await reader;
  return { written, read, slowAppends };
}

function expectEveryEventOnceInStreamOrder({ written, read }: WritersAndReaderOutcome): void {
  const ids = read.map((e) => e.eventId);
  expect(new Set(ids).size).toBe(ids.length);
  for (const [streamId, expected] of written) {
    const seen = read.filter((e) => e.streamId === streamId);
    expect(seen.map((e) => e.eventId)).toEqual(expected);
    expect(seen.map((e) => e.streamVersion)).toEqual(expected.map((_, i) => i + 1));
  }
}
