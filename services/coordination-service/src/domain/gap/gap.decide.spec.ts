import { given } from '@samvirke/event-sourcing/testing';
import type { GapOpenedV1 } from '@samvirke/contracts';
import { streamIdForGap, type GapEvent } from './gap';
import { gapDecider, type AcknowledgeGap, type ResolveGap } from './gap.decide';

const gap: GapOpenedV1 = {
  gapId: 'gap-1',
  ruleId: 'health.discharge-follow-up',
  ruleVersion: 1,
  owner: 'health',
  legalBasis: 'hotjl §7-2a',
  evidence: ['event-1'],
  openedAt: '2026-03-16T14:00:00+01:00',
  dueAt: '2026-03-16T14:00:00+01:00',
};
const opened: GapEvent = { type: 'no.samvirke.coordination.gap-opened.v1', data: gap };
const acknowledge: AcknowledgeGap = {
  type: 'AcknowledgeGap',
  data: {
    gapId: 'gap-1',
    acknowledgedAt: '2026-03-17T09:00:00+01:00',
    noteCiphertext: 'pd1.c2VhbGVkLWFja25vd2xlZGdlbWVudA',
    by: 'coord-kari',
  },
};
const acknowledged: GapEvent = {
  type: 'no.samvirke.coordination.gap-acknowledged.v2',
  data: acknowledge.data,
};
const resolve: ResolveGap = {
  type: 'ResolveGap',
  data: {
    gapId: 'gap-1',
    resolvedAt: '2026-03-18T14:00:00+01:00',
    noteCiphertext: 'pd1.c2VhbGVkLXJlc29sdXRpb24',
    by: 'coord-kari',
  },
};
const resolvedByHand: GapEvent = {
  type: 'no.samvirke.coordination.gap-resolved.v2',
  data: { ...resolve.data, how: 'manual', lateByMs: 2 * 86_400_000 },
};
const resolvedAutomatically: GapEvent = {
  type: 'no.samvirke.coordination.gap-resolved.v1',
  data: {
    gapId: 'gap-1',
    resolvedAt: '2026-03-17T10:00:00+01:00',
    how: 'auto',
    resolvingEventId: 'event-2',
    lateByMs: 72_000_000,
  },
};

describe('gap', () => {
  it('names its stream by the gap id', () => {
    expect(streamIdForGap('gap-1')).toBe('coordination-gap-gap-1');
  });

  it('acknowledges an open gap with the note and who', () => {
    given(gapDecider, [opened]).when(acknowledge).then([acknowledged]);
  });

  it('refuses to acknowledge a gap it does not know', () => {
    given(gapDecider, []).when(acknowledge).thenThrows('unknown-gap');
  });

  it('refuses to acknowledge a gap twice', () => {
    given(gapDecider, [opened, acknowledged]).when(acknowledge).thenThrows('gap-not-open');
  });

  it('knows a gap acknowledged before notes were sealed (v1)', () => {
    const before: GapEvent = {
      type: 'no.samvirke.coordination.gap-acknowledged.v1',
      data: {
        gapId: 'gap-1',
        acknowledgedAt: '2026-03-17T09:00:00+01:00',
        note: 'Called the health nurse.',
        by: 'coord-kari',
      },
    };
    given(gapDecider, [opened, before]).when(acknowledge).thenThrows('gap-not-open');
    given(gapDecider, [opened, before]).when(resolve).then([resolvedByHand]);
  });

  it('refuses to acknowledge a resolved gap', () => {
    given(gapDecider, [opened, resolvedAutomatically]).when(acknowledge).thenThrows('gap-not-open');
  });

  it('resolves an open gap by hand, saying how late after the deadline', () => {
    given(gapDecider, [opened]).when(resolve).then([resolvedByHand]);
  });

  it('resolves an acknowledged gap', () => {
    given(gapDecider, [opened, acknowledged]).when(resolve).then([resolvedByHand]);
  });

  it('counts a resolution at the deadline as in time', () => {
    given(gapDecider, [opened])
      .when({ ...resolve, data: { ...resolve.data, resolvedAt: '2026-03-16T13:00:00Z' } })
      .then([
        {
          ...resolvedByHand,
          data: { ...resolvedByHand.data, resolvedAt: '2026-03-16T13:00:00Z', lateByMs: 0 },
        } as GapEvent,
      ]);
  });

  it('refuses to resolve a gap the engine already resolved', () => {
    given(gapDecider, [opened, resolvedAutomatically])
      .when(resolve)
      .thenThrows('gap-already-resolved');
  });

  it('refuses to resolve a gap twice', () => {
    given(gapDecider, [opened, resolvedByHand]).when(resolve).thenThrows('gap-already-resolved');
  });

  it('refuses to resolve a gap it does not know', () => {
    given(gapDecider, []).when(resolve).thenThrows('unknown-gap');
  });
});
