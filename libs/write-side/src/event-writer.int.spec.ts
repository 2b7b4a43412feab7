import {
  admissionRecordedV1,
  dischargeRecordedV1,
  fromKafkaMessage,
  type AdmissionRecordedV1,
  type DischargeRecordedV1,
} from '@samvirke/contracts';
import {
  createPostgresEventStore,
  DomainError,
  type Decider,
  type PostgresEventStore,
} from '@samvirke/event-sourcing';
import { ChildRefKey, InMemoryChildKeyring, syntheticPersonalIds } from '@samvirke/identity';
import { InProcessBus, Relay } from '@samvirke/messaging';
import { createDatabase, testPostgresUrl, waitFor } from '@samvirke/testing';
import { randomBytes } from 'node:crypto';
import { ChildIdentity } from './child-identity';
import { EventWriter, SEALED_PERSONAL_ID, type RequestContext, type Write } from './event-writer';

// A two-step stay, enough to show the write path: admit (starts the stream), discharge (follows it).
type Event =
  | { type: typeof admissionRecordedV1.type; data: AdmissionRecordedV1 }
  | { type: typeof dischargeRecordedV1.type; data: DischargeRecordedV1 };
type Command =
  { type: 'admit'; data: AdmissionRecordedV1 } | { type: 'discharge'; data: DischargeRecordedV1 };
type State = { admitted?: AdmissionRecordedV1; discharged?: DischargeRecordedV1 };

const stay: Decider<Command, State, Event> = {
  initialState: () => ({}),
  evolve: (state, event) =>
    event.type === admissionRecordedV1.type
      ? { ...state, admitted: event.data }
      : { ...state, discharged: event.data },
  decide: (command, state) => {
    if (command.type === 'admit') {
      if (state.admitted) return [];
      return [{ type: admissionRecordedV1.type, data: command.data }];
    }
    if (!state.admitted) throw new DomainError('not admitted', 'not-admitted');
    if (state.discharged) return [];
    return [{ type: dischargeRecordedV1.type, data: command.data }];
  },
};
const isRepeatOf = (event: Event, command: Command) =>
  (command.type === 'admit') === (event.type === admissionRecordedV1.type);

describe('EventWriter on PostgreSQL with the relay', () => {
  const [personalId, otherPersonalId] = syntheticPersonalIds('event-writer', 2);
  const identity = new ChildIdentity(ChildRefKey.of(randomBytes(32)), new InMemoryChildKeyring());
  const childRef = identity.childRefOf(personalId);
  const context: RequestContext = {
    correlationId: 'corr-1',
    causationId: 'cause-1',
    reach: 'national',
  };
  const servingOnly = (...municipalities: string[]): RequestContext => ({
    ...context,
    reach: municipalities,
  });
  let store: PostgresEventStore;
  let bus: InProcessBus;
  let relay: Relay;
  let writer: EventWriter;

  const admit = (
    admissionId: string,
    ref = childRef,
    id = personalId,
  ): Write<Command, State, Event> => ({
    decider: stay,
    streamId: `stay-${admissionId}`,
    command: {
      type: 'admit',
      data: {
        admissionId,
        facility: 'St. Olavs',
        kind: 'inpatient',
        admittedAt: '2026-03-02T08:15:00+01:00',
      },
    },
    child: { childRef: ref, municipality: '5001' },
    sealedPersonalId: () => identity.seal(ref, id),
    isRepeatOf,
    context,
    describe: `admission ${admissionId}`,
  });
  const discharge = (admissionId: string): Write<Command, State, Event> => ({
    decider: stay,
    streamId: `stay-${admissionId}`,
    command: {
      type: 'discharge',
      data: {
        admissionId,
        dischargedAt: '2026-03-09T14:00:00+01:00',
        followUpNeeded: true,
        destination: 'home',
      },
    },
    isRepeatOf,
    context,
    describe: `admission ${admissionId}`,
  });

  beforeAll(async () => {
    store = await createPostgresEventStore({
      url: await createDatabase(testPostgresUrl(), 'write_side'),
    });
    bus = new InProcessBus();
    relay = new Relay({
      name: 'relay:test',
      store,
      transport: bus,
      topic: 'health.events.v1',
      pollIntervalMs: 20,
    });
    writer = new EventWriter({
      store,
      source: '/samvirke/test',
      clock: () => new Date('2026-03-09T15:00:00Z'),
      onAppended: () => relay.notify(),
    });
    relay.start();
  });
  afterAll(async () => {
    await relay.stop();
    await bus.close();
    await store.close();
  });

  it('records a new fact as one envelope, publishes it, and keeps the personal id only sealed', async () => {
    const outcome = await writer.write(admit('A-1'));

    expect(outcome).toEqual({
      created: true,
      eventId: expect.any(String),
      childRef,
      type: admissionRecordedV1.type,
    });
    const { events } = await store.readStream('stay-A-1');
    expect(events).toHaveLength(1);
    expect(events[0].metadata).toMatchObject({
      source: '/samvirke/test',
      subject: childRef,
      municipality: '5001',
      time: '2026-03-02T08:15:00+01:00',
      recordedAt: '2026-03-09T15:00:00.000Z',
      correlationId: 'corr-1',
      causationId: 'cause-1',
    });
    const sealed = String(events[0].metadata[SEALED_PERSONAL_ID]);
    expect(sealed).not.toContain(personalId);
    expect(await identity.unseal(childRef, sealed)).toBe(personalId);

    const published = await waitFor('the relay', async () =>
      bus
        .log('health.events.v1')
        .flat()
        .find((m) => m.headers['ce_id'] === outcome.eventId),
    );
    const envelope = fromKafkaMessage({
      key: published.key,
      value: published.value,
      headers: published.headers,
    });
    expect(envelope).toMatchObject({
      id: outcome.eventId,
      subject: childRef,
      municipality: '5001',
      correlationId: 'corr-1',
    });
    expect(JSON.stringify(published)).not.toContain(personalId);
    expect(Object.keys(published.headers).join()).not.toContain(SEALED_PERSONAL_ID.toLowerCase());
  });

  it('answers a repeat with the recorded event and appends nothing', async () => {
    const first = await writer.write(admit('A-2'));
    const again = await writer.write(admit('A-2'));
    expect(again).toEqual({ ...first, created: false });
    expect((await store.readStream('stay-A-2')).version).toBe(1);
  });

  it('seals the personal id only for the fact that starts a stream, not for a repeat', async () => {
    let sealed = 0;
    const counting = (w: Write<Command, State, Event>): Write<Command, State, Event> => ({
      ...w,
      sealedPersonalId: () => (sealed++, identity.seal(childRef, personalId)),
    });
    await writer.write(counting(admit('A-8')));
    await writer.write(counting(admit('A-8')));
    expect(sealed).toBe(1);
  });

  it('takes the child of a follow-up fact from its stream', async () => {
    await writer.write(admit('A-3'));
    const outcome = await writer.write(discharge('A-3'));
    expect(outcome).toMatchObject({ created: true, childRef, type: dischargeRecordedV1.type });
    const { events } = await store.readStream('stay-A-3');
    expect(events[1].metadata).toMatchObject({
      subject: childRef,
      municipality: '5001',
      time: '2026-03-09T14:00:00+01:00',
    });
    expect(events[1].metadata[SEALED_PERSONAL_ID]).toBeUndefined();
  });

  it("stamps a later fact with the municipality it names (the child moved), and keeps the stream's otherwise", async () => {
    await writer.write(admit('A-7'));
    await writer.write({ ...discharge('A-7'), child: { childRef, municipality: '0301' } });
    const { events } = await store.readStream('stay-A-7');
    expect(events.map((e) => e.metadata['municipality'])).toEqual(['5001', '0301']);
  });

  it('refuses a follow-up fact for a stream it has never seen', async () => {
    await expect(writer.write(discharge('A-404'))).rejects.toMatchObject({
      name: 'DomainError',
      code: 'not-admitted',
    });
    expect((await store.readStream('stay-A-404')).version).toBe(0);
  });

  it('refuses the same id for another child, and appends nothing', async () => {
    await writer.write(admit('A-5'));
    const otherRef = identity.childRefOf(otherPersonalId);
    await expect(writer.write(admit('A-5', otherRef, otherPersonalId))).rejects.toMatchObject({
      code: 'another-child',
    });
    expect((await store.readStream('stay-A-5')).version).toBe(1);
  });

  describe('who may write for which municipality', () => {
    it('refuses a fact naming a municipality the token does not serve, naming the field, and appends nothing', async () => {
      const refused = writer.write({
        ...admit('A-20'),
        context: servingOnly('0301'),
        municipalityField: 'municipality',
      });
      await expect(refused).rejects.toMatchObject({
        problem: {
          status: 403,
          errors: [{ field: 'municipality', message: expect.stringContaining('5001') }],
        },
      });
      expect((await store.readStream('stay-A-20')).version).toBe(0);
    });

    it('refuses a follow-on fact of a stream recorded for a municipality the token does not serve, before deciding', async () => {
      await writer.write(admit('A-21'));
      const refused = writer.write({
        ...discharge('A-21'),
        context: servingOnly('0301'),
        municipalityField: 'admissionId',
      });
      await expect(refused).rejects.toMatchObject({
        problem: { status: 403, errors: [{ field: 'admissionId' }] },
      });
      // Even a repeat of what is recorded is refused: the answer would tell what the stream holds.
      await expect(
        writer.write({ ...admit('A-21'), context: servingOnly('0301') }),
      ).rejects.toMatchObject({ problem: { status: 403 } });
      expect((await store.readStream('stay-A-21')).version).toBe(1);
    });

    it('lets a token serving the municipality, among others, write', async () => {
      await writer.write(admit('A-22'));
      const outcome = await writer.write({
        ...discharge('A-22'),
        context: servingOnly('0301', '5001'),
      });
      expect(outcome).toMatchObject({ created: true, type: dischargeRecordedV1.type });
    });

    it('lets a token that serves no municipality write nothing', async () => {
      await expect(
        writer.write({ ...admit('A-23'), context: servingOnly() }),
      ).rejects.toMatchObject({ problem: { status: 403 } });
    });
  });
});
