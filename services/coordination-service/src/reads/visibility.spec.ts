import { fold } from '@samvirke/event-sourcing';
import { childDecider, type ChildEvent } from '../domain';
import {
  basesInForce,
  coveredSectors,
  gapAsSeen,
  involvedSectors,
  restrictedSectors,
  visibilityAt,
  visibilityOf,
  visibleEntry,
  type GapFacts,
  type TimelineRow,
  type Visibility,
} from './visibility';

const enrolled: ChildEvent = {
  type: 'no.samvirke.coordination.child-enrolled.v1',
  data: { nameCiphertext: 'pd1.x', enrolledAt: '2026-03-01T09:00:00+01:00' },
  municipality: '5001',
};
const consent = (
  consentId: string,
  sectors: Array<'health' | 'school' | 'child-welfare'>,
  extra: { givenAt?: string; expiresAt?: string } = {},
): ChildEvent => ({
  type: 'no.samvirke.coordination.consent-given.v1',
  data: { consentId, sectors, givenBy: 'parent', givenAt: '2026-03-05T13:00:00+01:00', ...extra },
});
const withdrawn = (consentId: string): ChildEvent => ({
  type: 'no.samvirke.coordination.consent-withdrawn.v1',
  data: { consentId, withdrawnAt: '2026-04-01T08:00:00+02:00' },
});
const stateOf = (...events: ChildEvent[]) => fold(childDecider, [enrolled, ...events]);
const now = new Date('2026-05-01T12:00:00Z');
const covered = (...events: ChildEvent[]) => coveredSectors(visibilityAt(stateOf(...events), now));

const withoutBasis = visibilityOf([]);
const withChildWelfare = visibilityOf([{ kind: 'consent', sectors: ['child-welfare'] }]);
const withHealth = visibilityOf([{ kind: 'consent', sectors: ['health'] }]);

describe('visibility of a child’s sectors', () => {
  it('given no basis, then coordination in full, health and school as involvement, child welfare not at all', () => {
    expect(withoutBasis).toEqual<Visibility>({
      coordination: 'content',
      health: 'involvement',
      school: 'involvement',
      'child-welfare': 'nothing',
    });
  });

  it('given a consent for health and one for child welfare, then both sectors’ content', () => {
    expect(
      visibilityOf([
        { kind: 'consent', sectors: ['health'] },
        { kind: 'consent', sectors: ['child-welfare'] },
      ]),
    ).toEqual<Visibility>({
      coordination: 'content',
      health: 'content',
      school: 'involvement',
      'child-welfare': 'content',
    });
  });

  it('given consents in force, then their sectors are covered', () => {
    expect(covered(consent('a', ['health']), consent('b', ['school']))).toEqual([
      'health',
      'school',
    ]);
  });

  it('given no consent, then nothing is covered', () => {
    expect(covered()).toEqual([]);
  });

  it('given a withdrawn consent, then it counts no more', () => {
    expect(covered(consent('a', ['health']), withdrawn('a'))).toEqual([]);
  });

  it('given a consent that expires, then it counts until the instant it expires', () => {
    const expiring = stateOf(consent('a', ['health'], { expiresAt: '2026-05-01T12:00:00Z' }));
    expect(coveredSectors(visibilityAt(expiring, new Date('2026-05-01T11:59:59Z')))).toEqual([
      'health',
    ]);
    expect(coveredSectors(visibilityAt(expiring, now))).toEqual([]);
  });

  it('given a consent dated in the future, then it does not count yet', () => {
    expect(covered(consent('a', ['health'], { givenAt: '2026-05-02T08:00:00+02:00' }))).toEqual([]);
  });

  it('given an erased child, then no basis at all', () => {
    const erased: ChildEvent = {
      type: 'no.samvirke.coordination.child-erased.v1',
      data: { erasedAt: '2026-04-20T10:00:00+02:00' },
    };
    expect(basesInForce(stateOf(consent('a', ['child-welfare']), erased), now)).toEqual([]);
  });

  it('given the involved sectors, then child welfare is left out without a basis and the uncovered ones get a lane mark', () => {
    const sectors = ['coordination', 'health', 'child-welfare', 'school'];
    expect(involvedSectors(sectors, withoutBasis)).toEqual(['coordination', 'health', 'school']);
    expect(restrictedSectors(sectors, withoutBasis)).toEqual(['health', 'school']);
    expect(involvedSectors(sectors, withChildWelfare)).toEqual(sectors);
    expect(restrictedSectors(sectors, withHealth)).toEqual(['school']);
  });
});

describe('a gap as a reader sees it', () => {
  const gap = (ruleId: string, extra: Partial<GapFacts> = {}): GapFacts => ({
    ruleId,
    evidence: ['e1'],
    ...extra,
  });
  const multiSector = (...sectors: string[]) =>
    gap('coordination.multi-sector', {
      evidence: sectors.map((s) => `ev-${s}`),
      detail: { sectors },
    });

  it('given a consent for the rule’s sector, when read, then the gap in full', () => {
    expect(gapAsSeen(gap('health.discharge-follow-up'), withHealth)).toEqual({
      as: 'shown',
      gap: gap('health.discharge-follow-up'),
    });
  });

  it('given no consent for health or school, when read, then only that a deadline in that sector passed', () => {
    expect(gapAsSeen(gap('health.discharge-follow-up'), withoutBasis)).toEqual({
      as: 'restricted',
      sector: 'health',
    });
    expect(gapAsSeen(gap('school.absence-follow-up'), withHealth)).toEqual({
      as: 'restricted',
      sector: 'school',
    });
  });

  it('given no basis for child welfare, when read, then its gaps not at all', () => {
    expect(gapAsSeen(gap('childwelfare.report-review'), withoutBasis)).toEqual({ as: 'hidden' });
    expect(gapAsSeen(gap('childwelfare.report-review'), withChildWelfare)).toEqual({
      as: 'shown',
      gap: gap('childwelfare.report-review'),
    });
  });

  it('given coordination’s own gap, when read without any consent, then in full', () => {
    expect(gapAsSeen(gap('coordination.plan-review'), withoutBasis).as).toBe('shown');
  });

  it('given a multi-sector gap of health and school, when read without consent, then in full: it names sectors only', () => {
    expect(gapAsSeen(multiSector('health', 'school'), withoutBasis)).toEqual({
      as: 'shown',
      gap: multiSector('health', 'school'),
    });
  });

  it('given a multi-sector gap that child welfare makes, when read without its basis, then not at all', () => {
    expect(gapAsSeen(multiSector('child-welfare', 'health'), withoutBasis)).toEqual({
      as: 'hidden',
    });
    expect(gapAsSeen(multiSector('child-welfare', 'health'), withChildWelfare).as).toBe('shown');
  });

  it('given a multi-sector gap of three sectors, when read without a basis for child welfare, then the other two alone', () => {
    expect(gapAsSeen(multiSector('child-welfare', 'health', 'school'), withoutBasis)).toEqual({
      as: 'shown',
      gap: {
        ruleId: 'coordination.multi-sector',
        evidence: ['ev-health', 'ev-school'],
        detail: { sectors: ['health', 'school'] },
      },
    });
  });
});

describe('a visible timeline entry', () => {
  const row = (
    sector: string,
    details: Record<string, unknown>,
    type = 'no.samvirke.health.discharge-recorded.v1',
    summary = 'Discharge recorded',
  ): TimelineRow => ({
    eventId: 'e1',
    type,
    sector,
    occurredAt: '2026-03-09T13:00:00.000Z',
    recordedAt: '2026-03-09T13:00:01.000Z',
    summary,
    details,
  });
  const gapOpened = (ruleId: string) =>
    row(
      'coordination',
      { gapId: 'g1', ruleId, evidence: ['e0'], legalBasis: 'pbrl §2-2' },
      'no.samvirke.coordination.gap-opened.v1',
      `Gap opened: ${ruleId}`,
    );

  it('given a consent for the sector, then the entry with its details', () => {
    expect(visibleEntry(row('health', { destination: 'home' }), withHealth)?.details).toEqual({
      destination: 'home',
    });
  });

  it('given no consent for health, then no entry at all: the lane mark says the sector is involved', () => {
    expect(visibleEntry(row('health', { destination: 'home' }), withoutBasis)).toBeUndefined();
  });

  it('given no basis for child welfare, then none of its entries', () => {
    expect(
      visibleEntry(
        row(
          'child-welfare',
          { reporter: 'school' },
          'no.samvirke.childwelfare.concern-report-received.v1',
        ),
        withoutBasis,
      ),
    ).toBeUndefined();
  });

  it('given coordination’s own entry, then in full without the enrolment’s personal data', () => {
    const entry = visibleEntry(
      row('coordination', {
        nameCiphertext: 'pd1.x',
        birthDateCiphertext: 'pd1.y',
        enrolledAt: 't',
      }),
      withoutBasis,
    );
    expect(entry?.details).toEqual({ enrolledAt: 't' });
  });

  it('given the entry of a child welfare gap and no basis, then not at all; with one, in full', () => {
    expect(visibleEntry(gapOpened('childwelfare.report-review'), withoutBasis)).toBeUndefined();
    expect(visibleEntry(gapOpened('childwelfare.report-review'), withChildWelfare)?.summary).toBe(
      'Gap opened: childwelfare.report-review',
    );
  });

  it('given the entry of a health gap and no consent, then the gap without its rule', () => {
    expect(visibleEntry(gapOpened('health.referral-assessment'), withoutBasis)).toMatchObject({
      summary: 'Gap opened',
      details: { gapId: 'g1', sector: 'health' },
    });
  });

  it('given an acknowledgement of a child welfare gap, then judged by the gap it names', () => {
    const acknowledged = row(
      'coordination',
      { gapId: 'g1', note: 'Called.' },
      'no.samvirke.coordination.gap-acknowledged.v1',
      'Gap acknowledged',
    );
    expect(
      visibleEntry(acknowledged, withoutBasis, {
        ruleId: 'childwelfare.investigation',
        evidence: [],
      }),
    ).toBeUndefined();
    expect(visibleEntry(acknowledged, withoutBasis)).toBeUndefined();
    expect(
      visibleEntry(acknowledged, withoutBasis, { ruleId: 'coordination.plan-review', evidence: [] })
        ?.details,
    ).toEqual({ gapId: 'g1', note: 'Called.' });
  });
});
