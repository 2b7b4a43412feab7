import type { EventEnvelope } from '@samvirke/contracts';
import { InMemoryEventStore } from '@samvirke/event-sourcing/testing';
import { pgPoolOf } from '@samvirke/event-sourcing';
import { pgTransactions } from '@samvirke/messaging';
import type { DataSource } from 'typeorm';
import { GapOutbox } from './gap-outbox';
import { readModelDatabase } from './testing/database';

const GAP_ID = '0b5c3a1e-8f2d-5c4b-9a6e-1d2f3a4b5c6d';
const STREAM = `coordination-gap-${GAP_ID}`;

function gapEvent(id: string, kind: 'opened' | 'resolved'): EventEnvelope {
  return {
    id,
    type: `no.samvirke.coordination.gap-${kind}.v1`,
    source: '/samvirke/coordination-service',
    subject: 'child-1',
    time: '2026-01-01T00:00:00.000Z',
    data: { gapId: GAP_ID },
    municipality: '0301',
    correlationId: id,
    causationId: id,
    recordedAt: '2026-01-01T00:00:00.000Z',
    schemaVersion: 1,
  };
}

describe('the gap outbox', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    ({ dataSource } = await readModelDatabase('gap_outbox'));
  });
  afterAll(() => dataSource.destroy());

  it('appends a gap’s events in the order they were queued, also past a power of ten (9, then 10)', async () => {
    const opened = gapEvent('6a0f5a47-52c3-4b0e-8d61-8f1f9f0c4a01', 'opened');
    const resolved = gapEvent('6a0f5a47-52c3-4b0e-8d61-8f1f9f0c4a02', 'resolved');
    await dataSource.query(
      `INSERT INTO coordination_gap_outbox (seq, event_id, stream_id, envelope) VALUES (9, $1, $3, $4), (10, $2, $3, $5)`,
      [opened.id, resolved.id, STREAM, JSON.stringify(opened), JSON.stringify(resolved)],
    );
    const store = new InMemoryEventStore();
    const outbox = new GapOutbox({ transactions: pgTransactions(pgPoolOf(dataSource)), store });

    expect(await outbox.flush()).toBe(2);

    const { events } = await store.readStream(STREAM);
    expect(events.map((event) => event.eventId)).toEqual([opened.id, resolved.id]);
    expect(await dataSource.query(`SELECT seq FROM coordination_gap_outbox`)).toEqual([]);
  });
});
