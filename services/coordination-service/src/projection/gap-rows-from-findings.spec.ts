import type { EventEnvelope } from '@samvirke/contracts';
import { events as build } from '@samvirke/gap-engine/testing';
import {
  childFactsFrom,
  defaultThresholds,
  evaluateAll,
  type GapFinding,
} from '@samvirke/gap-engine';
import { gapEventIdOf, gapIdOf } from '../read-model';
import type { GapRow } from './gap-row';
import { applyGapEvent } from './gap-rows-from-events';
import { NO_LONGER_APPLIES_NOTE, reconcileGaps } from './gap-rows-from-findings';

const CHILD = 'child-rows';
const DAY = 86_400_000;
const discharge = build.discharged('adm-1', '2026-03-02T10:00:00+01:00', false, { subject: CHILD });
const dueAt = new Date(new Date('2026-03-02T09:00:00Z').getTime() + 7 * DAY);

function reconcile(facts: EventEnvelope[], known: GapRow[], now: Date) {
  const findings = evaluateAll(childFactsFrom(facts), now, defaultThresholds).gaps;
  return reconcileGaps({ childRef: CHILD, municipality: '0301', findings, known, now });
}

describe('reconcileGaps', () => {
  it('opens a due gap at its deadline in event time, with a deterministic id and a gap-opened event', () => {
    const { rows, events, opened } = reconcile(
      [discharge],
      [],
      new Date(dueAt.getTime() + 3 * DAY),
    );
    const gapId = gapIdOf(CHILD, 'health.discharge-summary:adm-1');
    expect(opened).toBe(1);
    expect(rows).toEqual([
      expect.objectContaining({
        gap_id: gapId,
        status: 'open',
        opened_at: dueAt.toISOString(),
        due_at: dueAt.toISOString(),
      }),
    ]);
    expect(events.map((e) => [e.id, e.type, e.time])).toEqual([
      [
        gapEventIdOf(gapId, 'opened'),
        'no.samvirke.coordination.gap-opened.v1',
        dueAt.toISOString(),
      ],
    ]);
  });

  it('records a deadline met late in history as one resolved row with both events', () => {
    const sent = build.summarySent('adm-1', '2026-03-11T10:00:00+01:00', { subject: CHILD });
    const { rows, events } = reconcile([discharge, sent], [], new Date('2026-04-01T00:00:00Z'));
    expect(rows).toEqual([
      expect.objectContaining({
        status: 'resolved',
        resolution: 'auto',
        resolving_event_id: sent.id,
        late_by_ms: 2 * DAY,
      }),
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'no.samvirke.coordination.gap-opened.v1',
      'no.samvirke.coordination.gap-resolved.v2',
    ]);
  });

  it('changes nothing when the rules find what the rows already say', () => {
    const now = new Date(dueAt.getTime() + DAY);
    const first = reconcile([discharge], [], now);
    expect(reconcile([discharge], first.rows, now)).toEqual({
      rows: [],
      events: [],
      opened: 0,
      resolved: 0,
    });
  });

  it('changes nothing for a row whose detail came back from PostgreSQL with its keys in another order', () => {
    const now = new Date(dueAt.getTime() + DAY);
    const finding: GapFinding = {
      key: 'coordination.transition:2026-08-15',
      ruleId: 'coordination.transition',
      ruleVersion: 1,
      owner: 'coordinator',
      legalBasis: 'test',
      evidence: ['evt-1'],
      triggeredAt: new Date('2026-03-01T00:00:00Z'),
      dueAt,
      escalatesAt: new Date(dueAt.getTime() + 7 * DAY),
      escalated: false,
      detail: { transition: 'kindergarten-to-school', on: '2026-08-15' },
      status: 'open',
    };
    const first = reconcileGaps({
      childRef: CHILD,
      municipality: '0301',
      findings: [finding],
      known: [],
      now,
    });
    // jsonb keeps shorter keys first: { on, transition }.
    const stored = first.rows.map((row) => ({
      ...row,
      detail: { on: '2026-08-15', transition: 'kindergarten-to-school' },
    }));
    expect(
      reconcileGaps({
        childRef: CHILD,
        municipality: '0301',
        findings: [finding],
        known: stored,
        now,
      }),
    ).toEqual({ rows: [], events: [], opened: 0, resolved: 0 });
  });

  it('resolves as no longer applying a gap the rules no longer find, as of now', () => {
    const now = new Date(dueAt.getTime() + DAY);
    const [open] = reconcile([discharge], [], now).rows;
    const inTime = build.summarySent('adm-1', '2026-03-04T10:00:00+01:00', { subject: CHILD });
    const later = new Date(now.getTime() + DAY);
    const { rows, events } = reconcile([discharge, inTime], [open], later);
    expect(rows).toEqual([
      expect.objectContaining({
        status: 'resolved',
        resolution: 'no-longer-applies',
        resolved_at: later.toISOString(),
        late_by_ms: 0,
      }),
    ]);
    expect(events[0].data).toEqual(
      expect.objectContaining({ how: 'auto', lateByMs: 0, note: NO_LONGER_APPLIES_NOTE }),
    );
  });

  it('matches a row known only from its events to the finding with its id, and fills in what the event lacked', () => {
    const now = new Date(dueAt.getTime() + DAY);
    const [engineRow] = reconcile([discharge], [], now).rows;
    const [opened] = reconcile([discharge], [], now).events;
    const fromEvent = applyGapEvent(undefined, opened) as GapRow;
    expect(fromEvent).toEqual(
      expect.objectContaining({ gap_key: null, triggered_at: null, status: 'open' }),
    );
    const { rows, events } = reconcile([discharge], [fromEvent], now);
    expect(events).toEqual([]);
    expect(rows).toEqual([{ ...engineRow }]);
  });
});
