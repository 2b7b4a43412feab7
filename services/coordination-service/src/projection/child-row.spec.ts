import type { EventEnvelope } from '@samvirke/contracts';
import { events as build } from '@samvirke/gap-engine/testing';
import { defaultThresholds, evaluateAll } from '@samvirke/gap-engine';
import { applyToChild, applyWithoutFacts, newChildRow } from './child-row';
import { reconcileGaps } from './gap-rows-from-findings';

const CHILD = 'child-row';
const facts = [
  build.admitted('adm-1', '2026-02-20T10:00:00+01:00', 'inpatient', { subject: CHILD }),
  build.discharged('adm-1', '2026-03-02T10:00:00+01:00', false, { subject: CHILD }),
];

describe('a child’s row', () => {
  it('counts gap events without its facts exactly as with them', () => {
    const before = applyToChild(
      newChildRow(CHILD),
      facts.map((envelope) => ({ envelope })),
    );
    const findings = evaluateAll(
      before.facts,
      new Date('2026-06-01T00:00:00Z'),
      defaultThresholds,
    ).gaps;
    const { events } = reconcileGaps({
      childRef: CHILD,
      municipality: '0301',
      findings,
      known: [],
      now: new Date('2026-06-01T00:00:00Z'),
    });
    const gapEvents: EventEnvelope[] = events;
    expect(gapEvents.length).toBeGreaterThan(0);

    const withFacts = applyToChild(
      before,
      gapEvents.map((envelope) => ({ envelope })),
    );
    expect(
      applyWithoutFacts(
        withoutFacts(before),
        gapEvents.map((envelope) => ({ envelope })),
      ),
    ).toEqual(withoutFacts(withFacts));
    expect(withFacts.facts).toBe(before.facts);
    expect(withFacts.event_count).toBe(facts.length + gapEvents.length);
  });
});

function withoutFacts<R extends { facts: unknown }>(row: R): Omit<R, 'facts'> {
  const { facts: _facts, ...rest } = row;
  return rest;
}
