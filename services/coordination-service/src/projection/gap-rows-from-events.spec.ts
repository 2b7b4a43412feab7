import type { EventEnvelope } from '@samvirke/contracts';
import { childFactsFrom, defaultThresholds, evaluateAll } from '@samvirke/gap-engine';
import { events as build } from '@samvirke/gap-engine/testing';
import type { GapRow } from './gap-row';
import { applyGapEvent } from './gap-rows-from-events';
import { reconcileGaps } from './gap-rows-from-findings';

const CHILD = 'child-rows';
const DAY = 86_400_000;
const discharge = build.discharged('adm-1', '2026-03-02T10:00:00+01:00', false, { subject: CHILD });
const dueAt = new Date(new Date('2026-03-02T09:00:00Z').getTime() + 7 * DAY);

function reconcile(facts: EventEnvelope[], known: GapRow[], now: Date) {
  const findings = evaluateAll(childFactsFrom(facts), now, defaultThresholds).gaps;
  return reconcileGaps({ childRef: CHILD, municipality: '0301', findings, known, now });
}

describe('applyGapEvent', () => {
  const now = new Date(dueAt.getTime() + DAY);
  const [row] = reconcile([discharge], [], now).rows;
  const gapEvent = (type: string, id: string, data: Record<string, unknown>): EventEnvelope => ({
    ...discharge,
    id,
    type: `no.samvirke.coordination.${type}.v1`,
    data: { gapId: row.gap_id, ...data },
  });
  const ackEarly = gapEvent('gap-acknowledged', 'a1', {
    acknowledgedAt: '2026-03-10T08:00:00Z',
    note: 'on it',
    by: 'kari',
  });
  const ackLate = gapEvent('gap-acknowledged', 'a2', {
    acknowledgedAt: '2026-03-11T08:00:00Z',
    note: 'still on it',
    by: 'ola',
  });
  const manual = gapEvent('gap-resolved', 'r1', {
    resolvedAt: '2026-03-12T08:00:00Z',
    how: 'manual',
    by: 'kari',
    note: 'done',
  });
  const auto = gapEvent('gap-resolved', 'r2', {
    resolvedAt: '2026-03-11T12:00:00Z',
    how: 'auto',
    resolvingEventId: 'e9',
    lateByMs: 1000,
  });

  it('gives the same row whatever order acknowledgements and resolutions come in', () => {
    const apply = (list: EventEnvelope[]) =>
      list.reduce<GapRow | undefined>((r, e) => applyGapEvent(r, e), row);
    const expected = apply([ackEarly, ackLate, manual, auto]);
    expect(expected).toEqual(
      expect.objectContaining({
        status: 'resolved',
        resolution: 'auto',
        resolved_at: '2026-03-11T12:00:00.000Z',
        acknowledged_by: 'kari',
      }),
    );
    for (const order of [
      [auto, manual, ackLate, ackEarly],
      [manual, ackEarly, auto, ackLate],
      [ackLate, auto, ackEarly, manual],
    ]) {
      expect(apply(order)).toEqual(expected);
    }
  });

  it('acknowledges an open gap and leaves a resolved one resolved', () => {
    expect(applyGapEvent(row, ackEarly)).toEqual(
      expect.objectContaining({ status: 'acknowledged', acknowledged_by: 'kari', note: 'on it' }),
    );
    expect(applyGapEvent(applyGapEvent(row, manual), ackEarly)).toEqual(
      expect.objectContaining({ status: 'resolved', resolution: 'manual' }),
    );
  });

  it('keeps how late a coordinator resolved a gap, so the figures count it as late', () => {
    const late = gapEvent('gap-resolved', 'r3', {
      resolvedAt: '2026-03-12T08:00:00Z',
      how: 'manual',
      by: 'kari',
      lateByMs: 86_400_000,
    });
    expect(applyGapEvent(row, late)).toEqual(
      expect.objectContaining({ resolution: 'manual', late_by_ms: 86_400_000 }),
    );
  });

  it('cannot acknowledge a gap it does not hold', () => {
    expect(applyGapEvent(undefined, ackEarly)).toBeUndefined();
  });
});
