import { fold } from '@samvirke/event-sourcing';
import { childDecider, type ChildEvent } from '../domain';
import { coveredSectors, visibleEntry, type TimelineRow } from './visibility';

const enrolled: ChildEvent = {
  type: 'no.samvirke.coordination.child-enrolled.v1',
  data: { nameCiphertext: 'pd1.x', enrolledAt: '2026-03-01T09:00:00+01:00' },
  municipality: '5001',
};
const consent = (consentId: string, sectors: Array<'health' | 'school' | 'child-welfare'>, extra: { givenAt?: string; expiresAt?: string } = {}): ChildEvent => ({
  type: 'no.samvirke.coordination.consent-given.v1',
  data: { consentId, sectors, givenBy: 'parent', givenAt: '2026-03-05T13:00:00+01:00', ...extra },
});
const withdrawn = (consentId: string): ChildEvent => ({
  type: 'no.samvirke.coordination.consent-withdrawn.v1',
  data: { consentId, withdrawnAt: '2026-04-01T08:00:00+02:00' },
});
const stateOf = (...events: ChildEvent[]) => fold(childDecider, [enrolled, ...events]);
const now = new Date('2026-05-01T12:00:00Z');

describe('consent coverage', () => {
  it('covers the sectors of each consent in force', () => {
    expect([...coveredSectors(stateOf(consent('a', ['health']), consent('b', ['school'])), now)].sort()).toEqual(['health', 'school']);
  });

  it('covers nothing without consent', () => {
    expect(coveredSectors(stateOf(), now).size).toBe(0);
  });

  it('drops a withdrawn consent', () => {
    expect(coveredSectors(stateOf(consent('a', ['health']), withdrawn('a')), now).size).toBe(0);
  });

  it('drops an expired consent, from the instant it expires', () => {
    const expiring = stateOf(consent('a', ['health'], { expiresAt: '2026-05-01T12:00:00Z' }));
    expect(coveredSectors(expiring, new Date('2026-05-01T11:59:59Z')).has('health')).toBe(true);
    expect(coveredSectors(expiring, now).has('health')).toBe(false);
  });

  it('does not count a consent dated in the future yet', () => {
    expect(coveredSectors(stateOf(consent('a', ['health'], { givenAt: '2026-05-02T08:00:00+02:00' })), now).size).toBe(0);
  });

  it('covers nothing for an erased child', () => {
    const erased: ChildEvent = { type: 'no.samvirke.coordination.child-erased.v1', data: { erasedAt: '2026-04-20T10:00:00+02:00' } };
    expect(coveredSectors(stateOf(consent('a', ['health']), erased), now).size).toBe(0);
  });
});

describe('a visible timeline entry', () => {
  const row = (sector: string, details: Record<string, unknown>): TimelineRow => ({
    eventId: 'e1',
    type: 'no.samvirke.health.discharge-recorded.v1',
    sector,
    occurredAt: '2026-03-09T13:00:00.000Z',
    recordedAt: '2026-03-09T13:00:01.000Z',
    summary: 'Discharge recorded',
    details,
  });

  it('shows a covered sector’s details', () => {
    expect(visibleEntry(row('health', { destination: 'home' }), new Set(['health'])).details).toEqual({ destination: 'home' });
  });

  it('shows only that an uncovered sector was involved', () => {
    const entry = visibleEntry(row('child-welfare', { reporter: 'school' }), new Set(['health']));
    expect(entry).toEqual({
      eventId: 'e1',
      type: 'no.samvirke.health.discharge-recorded.v1',
      sector: 'child-welfare',
      occurredAt: '2026-03-09T13:00:00.000Z',
      recordedAt: '2026-03-09T13:00:01.000Z',
      summary: 'Discharge recorded',
    });
  });

  it('always shows coordination’s own entries, without the enrolment’s personal data', () => {
    const entry = visibleEntry(row('coordination', { nameCiphertext: 'pd1.x', birthDateCiphertext: 'pd1.y', enrolledAt: 't' }), new Set());
    expect(entry.details).toEqual({ enrolledAt: 't' });
  });
});
