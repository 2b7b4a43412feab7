import type { EventEnvelope } from '@samvirke/contracts';
import { currentCoordinator, emptyChildFacts, municipalityOf } from './child-facts';
import { childFactsFrom, evolveChildFacts } from './evolve-child-facts';
import { envelope, events as e, inMunicipality, seededRandom, shuffle } from '../testing';

/** A year in one child's life, touching every event type the facts hold. */
function aHistory(): EventEnvelope[] {
  return [
    e.childEnrolled('2026-01-05T09:00:00+01:00', '2014-05-20'),
    e.admitted('adm-1', '2026-01-10T08:00:00+01:00'),
    e.discharged('adm-1', '2026-01-14T14:00:00+01:00', true),
    e.summarySent('adm-1', '2026-01-15T09:00:00+01:00'),
    e.followUp('fu-1', '2026-01-16T10:00:00+01:00', { admissionId: 'adm-1' }),
    e.followUp('fu-2', '2026-01-20T10:00:00+01:00', { kind: 'gp' }),
    e.admitted('adm-2', '2026-02-01T08:00:00+01:00', 'day'),
    e.referralReceived('ref-1', '2026-01-12T12:00:00+01:00'),
    e.referralAssessed('ref-1', '2026-01-22T12:00:00+01:00', '2026-03-01'),
    e.treatmentStarted('ref-1', '2026-02-20T09:00:00+01:00'),
    e.absence('2026-01-12'),
    e.absence('2026-01-13', 'partial'),
    e.absence('2026-01-14', 'full-day', { id: 'evt-absence-a' }),
    e.absence('2026-01-14', 'partial', { id: 'evt-absence-b' }), // the same day twice: one wins
    e.schoolMeeting('m-1', 'absence-follow-up', '2026-01-19T13:00:00+01:00'),
    e.schoolMeeting('m-2', 'parents', '2026-01-21T13:00:00+01:00'),
    e.expertRequested('ppt-1', '2026-01-08T09:00:00+01:00'),
    e.expertCompleted('ppt-1', '2026-03-30T09:00:00+02:00'),
    e.enrolment('primary', '2020-08-17'),
    e.enrolment('lower-secondary', '2026-08-17'),
    e.reportReceived('rep-1', '2026-02-02T10:00:00+01:00'),
    e.reportReviewed('rep-1', '2026-02-05T10:00:00+01:00'),
    e.investigationStarted('inv-1', '2026-02-06T10:00:00+01:00', 'rep-1'),
    e.investigationExtended('inv-1', '2026-04-01T10:00:00+02:00'),
    e.investigationConcluded('inv-1', '2026-06-01T10:00:00+02:00'),
    e.measureDecided('tiltak-1', '2026-06-05T10:00:00+02:00'),
    e.measureEvaluated('tiltak-1', '2026-09-01T10:00:00+02:00'),
    e.measureEvaluated('tiltak-1', '2026-11-20T10:00:00+01:00'),
    e.coordinatorRequested('2026-01-15T10:00:00+01:00'),
    e.coordinatorRequested('2026-01-25T10:00:00+01:00'),
    e.coordinatorAssigned('coord-kari', '2026-02-01T12:00:00+01:00'),
    e.consentGiven('consent-1', '2026-02-02T12:00:00+01:00', ['school', 'health']),
    e.consentWithdrawn('consent-1', '2026-05-02T12:00:00+02:00'),
    e.planEstablished('2026-02-10T12:00:00+01:00', '2026-08-10T12:00:00+02:00'),
    e.planRevised('2026-08-01T12:00:00+02:00', '2027-02-01T12:00:00+01:00'),
    e.responsibilityGroupMet('2026-03-01T12:00:00+01:00'),
    e.responsibilityGroupMet('2026-06-01T12:00:00+02:00'),
    inMunicipality('4601', e.followUp('fu-3', '2026-12-01T10:00:00+01:00')),
  ];
}

describe('evolveChildFacts', () => {
  it('gives equal facts for every order of the same events (200 seeded shuffles)', () => {
    const history = aHistory();
    const inOrder = childFactsFrom(history);
    const random = seededRandom(20260401);
    for (let run = 0; run < 200; run += 1) {
      const facts = childFactsFrom(shuffle(history, random));
      expect(facts).toEqual(inOrder);
      expect(JSON.stringify(facts)).toBe(JSON.stringify(inOrder));
    }
  });

  it('changes nothing when events are redelivered, in any order (100 seeded runs)', () => {
    const history = aHistory();
    const once = childFactsFrom(history);
    const random = seededRandom(7);
    for (let run = 0; run < 100; run += 1) {
      const redelivered = history.filter(() => random() < 0.4);
      const facts = childFactsFrom(shuffle([...history, ...redelivered, ...redelivered], random));
      expect(JSON.stringify(facts)).toBe(JSON.stringify(once));
    }
  });

  it('keeps a follow-up that arrives before the discharge it follows', () => {
    const followUp = e.followUp('fu-1', '2026-01-16T10:00:00+01:00', { admissionId: 'adm-1' });
    const discharge = e.discharged('adm-1', '2026-01-14T14:00:00+01:00');
    const early = childFactsFrom([followUp, discharge]);
    expect(early).toEqual(childFactsFrom([discharge, followUp]));
    expect(early.admissions['adm-1'].discharged?.at).toBe('2026-01-14T13:00:00.000Z');
    expect(early.followUps['fu-1']).toEqual({
      at: '2026-01-16T09:00:00.000Z',
      eventId: followUp.id,
      kind: 'health-nurse',
      admissionId: 'adm-1',
    });
  });

  it('records times as UTC instants, whatever offset the sector wrote', () => {
    const facts = childFactsFrom([e.reportReceived('rep-1', '2026-07-01T02:30:00+02:00')]);
    expect(facts.concernReports['rep-1'].received?.at).toBe('2026-07-01T00:30:00.000Z');
  });

  it('keeps one absence per date: of two different events the smaller id, in either order', () => {
    const a = e.absence('2026-01-14', 'full-day', { id: 'evt-a' });
    const b = e.absence('2026-01-14', 'partial', { id: 'evt-b' });
    expect(childFactsFrom([b, a]).absences).toEqual({
      '2026-01-14': { eventId: 'evt-a', scope: 'full-day', documented: false },
    });
    expect(childFactsFrom([a, b])).toEqual(childFactsFrom([b, a]));
  });

  it('sorts lists by time and then event id', () => {
    const later = e.responsibilityGroupMet('2026-06-01T12:00:00+02:00', { id: 'evt-b' });
    const sameTime = e.responsibilityGroupMet('2026-06-01T12:00:00+02:00', { id: 'evt-a' });
    const earlier = e.responsibilityGroupMet('2026-03-01T12:00:00+01:00', { id: 'evt-c' });
    const facts = childFactsFrom([later, earlier, sameTime]);
    expect(facts.responsibilityGroupMeetings.map((m) => m.eventId)).toEqual([
      'evt-c',
      'evt-a',
      'evt-b',
    ]);
  });

  it("takes the thresholds' municipality from the latest event", () => {
    const facts = childFactsFrom(aHistory());
    expect(facts.municipality?.code).toBe('4601');
  });

  it('takes the birth date from a clear enrolment, and none from ciphertext', () => {
    expect(
      childFactsFrom([e.childEnrolled('2026-01-05T09:00:00+01:00', '2014-05-20')]).birth?.date,
    ).toBe('2014-05-20');
    const encrypted = envelope('no.samvirke.coordination.child-enrolled.v1', {
      nameCiphertext: 'v1.gcm.x',
      birthDateCiphertext: 'v1.gcm.y',
      enrolledAt: '2026-01-05T09:00:00+01:00',
    });
    const facts = childFactsFrom([encrypted]);
    expect(facts.birth).toBeUndefined();
    expect(facts.enrolled).toEqual({
      at: '2026-01-05T08:00:00.000Z',
      eventId: encrypted.id,
      municipality: '0301',
    });
  });

  describe("the child's municipality", () => {
    const enrolled = e.childEnrolled('2026-01-05T09:00:00+01:00');
    const inBergen = inMunicipality('4601', e.followUp('F-1', '2026-02-01T10:00:00+01:00'));
    const assigned = envelope('no.samvirke.coordination.coordinator-assigned.v1', {
      coordinatorId: 'coord-oslo',
      assignedAt: '2026-01-06T10:00:00+01:00',
    });
    const accepted = inMunicipality(
      '4601',
      envelope('no.samvirke.coordination.transfer-accepted.v1', {
        transferId: 'T-1',
        fromMunicipality: '0301',
        toMunicipality: '4601',
        acceptedAt: '2026-03-01T10:00:00+01:00',
        acceptedBy: 'ke-bergen',
      }),
    );

    it('is the latest fact’s while the child is not enrolled', () => {
      expect(municipalityOf(childFactsFrom([inBergen]))).toBe('4601');
    });

    it('is the enrolling unit’s, whatever a sector’s later fact names, in any order', () => {
      expect(municipalityOf(childFactsFrom([enrolled, inBergen]))).toBe('0301');
      expect(municipalityOf(childFactsFrom([inBergen, enrolled]))).toBe('0301');
    });

    it('moves with an accepted transfer only, which also ends the coordinator', () => {
      const facts = childFactsFrom([accepted, inBergen, assigned, enrolled]);
      expect(municipalityOf(facts)).toBe('4601');
      expect(currentCoordinator(facts)).toBeUndefined();
      expect(currentCoordinator(childFactsFrom([enrolled, assigned]))).toBe('coord-oslo');
    });
  });

  it('notes which sectors were involved when, and not ordinary school days or reports alone', () => {
    const facts = childFactsFrom([
      e.absence('2026-01-12'),
      e.schoolMeeting('m-2', 'parents', '2026-01-21T13:00:00+01:00'),
      e.reportReceived('rep-1', '2026-02-02T10:00:00+01:00'),
      e.admitted('adm-1', '2026-01-10T08:00:00+01:00'),
      e.schoolMeeting('m-1', 'support-team', '2026-01-19T13:00:00+01:00'),
      e.measureDecided('tiltak-1', '2026-06-05T10:00:00+02:00'),
    ]);
    expect(facts.sectorActivity.map(({ sector, at }) => [sector, at])).toEqual([
      ['health', '2026-01-10T07:00:00.000Z'],
      ['school', '2026-01-19T12:00:00.000Z'],
      ['child-welfare', '2026-06-05T08:00:00.000Z'],
    ]);
  });

  it('forgets everything once the child is erased, whatever came before or after', () => {
    const history = aHistory();
    const erased = e.childErased('2026-12-24T12:00:00+01:00');
    const random = seededRandom(99);
    const expected = {
      ...emptyChildFacts(),
      childRef: erased.subject,
      erased: { at: '2026-12-24T11:00:00.000Z', eventId: erased.id },
    };
    for (let run = 0; run < 50; run += 1) {
      expect(childFactsFrom(shuffle([...history, erased], random))).toEqual(expected);
    }
  });

  it("ignores the gap engine's own events and unknown types", () => {
    const facts = childFactsFrom([e.reportReceived('rep-1', '2026-02-02T10:00:00+01:00')]);
    const gapOpened = envelope('no.samvirke.coordination.gap-opened.v1', {
      gapId: 'gap-1',
      ruleId: 'childwelfare.report-review',
      ruleVersion: 1,
      owner: 'child-welfare',
      legalBasis: 'barnevernsloven §2-1',
      evidence: ['evt-1'],
      openedAt: '2026-02-09T10:00:00+01:00',
      dueAt: '2026-02-09T10:00:00+01:00',
    });
    const unknown = { ...gapOpened, id: 'evt-x', type: 'no.samvirke.health.something-new.v2' };
    expect(
      evolveChildFacts(evolveChildFacts(facts, inMunicipality('4601', gapOpened)), unknown),
    ).toBe(facts);
  });
});
