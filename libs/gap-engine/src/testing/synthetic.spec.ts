import { validateEnvelope } from '@samvirke/contracts';
import { inTimeOrder, syntheticYear } from './synthetic';

describe('synthetic history', () => {
  const events = syntheticYear({ seed: 7, children: 50 });

  it('holds only envelopes the catalog accepts, with unique ids', () => {
    const invalid = events.map((e) => validateEnvelope(e.envelope)).filter((result) => !result.ok);
    expect(invalid).toEqual([]);
    expect(new Set(events.map((e) => e.envelope.id)).size).toBe(events.length);
  });

  it('is the same for the same seed and differs for another', () => {
    expect(syntheticYear({ seed: 7, children: 50 })).toEqual(events);
    expect(syntheticYear({ seed: 8, children: 50 })).not.toEqual(events);
  });

  it('uses every sector topic and records nothing before it happened or after the year', () => {
    expect(new Set(events.map((e) => e.topic))).toEqual(
      new Set([
        'health.events.v1',
        'school.events.v1',
        'childwelfare.events.v1',
        'coordination.events.v1',
      ]),
    );
    for (const { envelope } of events) {
      expect(envelope.recordedAt >= envelope.time).toBe(true);
      expect(envelope.recordedAt < '2026-01-01T00:00:00.000Z').toBe(true);
    }
  });

  it('puts events in the order they were recorded', () => {
    const ordered = inTimeOrder(events).map((e) => e.envelope.recordedAt);
    expect(ordered).toEqual([...ordered].sort());
  });
});
