import { events as build } from '@samvirke/gap-engine/testing';
import { eventCatalog } from '@samvirke/contracts';
import { detailsOf, sectorOf, summaryOf, TIMELINE_SUMMARIES, timelineRowOf } from './timeline';

describe('timeline entries', () => {
  it('name the sector as consent names it', () => {
    expect(sectorOf('no.samvirke.childwelfare.concern-report-received.v1')).toBe('child-welfare');
    expect(sectorOf('no.samvirke.health.discharge-recorded.v1')).toBe('health');
    expect(sectorOf('no.samvirke.coordination.gap-opened.v1')).toBe('coordination');
  });

  it('say what kind of fact it was without its content', () => {
    const discharge = build.discharged('adm-1', '2026-03-02T10:00:00+01:00', true);
    expect(summaryOf(discharge)).toBe('Discharge from hospital recorded');
    expect(summaryOf(discharge)).not.toContain('adm-1');
  });

  it.each(eventCatalog.map((entry) => [entry.type, entry.event] as const))(
    'have English words for %s',
    (_type, event) => {
      expect(TIMELINE_SUMMARIES).toHaveProperty([event], expect.stringMatching(/\S/));
    },
  );

  it('keep the enrolment’s personal data out of the details, and every detail of an erased child', () => {
    const enrolled = {
      ...build.discharged('adm-1', '2026-03-02T10:00:00+01:00', true),
      type: 'no.samvirke.coordination.child-enrolled.v1',
      data: { name: 'Kari', birthDate: '2015-05-01', enrolledAt: '2026-03-02T10:00:00+01:00' },
    };
    expect(detailsOf(enrolled, false)).toEqual({ enrolledAt: '2026-03-02T10:00:00+01:00' });
    expect(
      timelineRowOf(build.discharged('adm-1', '2026-03-02T10:00:00+01:00', true), true).details,
    ).toEqual({});
  });

  it('store times as UTC instants', () => {
    const row = timelineRowOf(build.discharged('adm-1', '2026-03-02T10:00:00+01:00', true), false);
    expect(row.occurred_at).toBe('2026-03-02T09:00:00.000Z');
  });
});
