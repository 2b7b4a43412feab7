import { entrySummary } from '../components/labels';
import { en, nb } from './messages';

// The page bundles no library code, so the catalog comes through Jest's module map.
const { eventCatalog } = jest.requireActual<{
  eventCatalog: readonly { type: string; event: string }[];
}>('@samvirke/contracts');

describe('the timeline’s words', () => {
  it.each(eventCatalog.map((entry) => [entry.type, entry.event] as const))(
    'have bokmål for %s',
    (_type, event) => {
      expect(nb.events).toHaveProperty([event], expect.stringMatching(/\S/));
    },
  );

  it('name no event the catalog does not have', () => {
    const known = new Set(eventCatalog.map((entry) => entry.event));
    expect(Object.keys(nb.events).filter((event) => !known.has(event))).toEqual([]);
  });

  it('say in bokmål what an entry was, and which gap rule a gap was opened by', () => {
    expect(
      entrySummary(nb, {
        type: 'no.samvirke.health.discharge-recorded.v1',
        summary: 'Discharge from hospital recorded',
      }),
    ).toBe('Utskrivning fra sykehus registrert');
    expect(
      entrySummary(nb, {
        type: 'no.samvirke.coordination.gap-opened.v1',
        summary: 'Gap opened: health.discharge-follow-up',
      }),
    ).toBe('Avvik åpnet: Oppfølging etter utskrivning');
    expect(
      entrySummary(nb, { type: 'no.samvirke.coordination.gap-opened.v1', summary: 'Gap opened' }),
    ).toBe('Avvik åpnet');
  });

  it('show the service’s own summary in English, and for a type the page has no words for', () => {
    const entry = {
      type: 'no.samvirke.coordination.gap-opened.v1',
      summary: 'Gap opened: health.discharge-follow-up',
    };
    expect(entrySummary(en, entry)).toBe('Gap opened: health.discharge-follow-up');
    expect(
      entrySummary(nb, { type: 'no.samvirke.health.something-new.v1', summary: 'Something new' }),
    ).toBe('Something new');
  });
});
