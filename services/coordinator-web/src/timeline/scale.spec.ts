import {
  inWindow,
  overlaps,
  panned,
  ticks,
  windowEndingAt,
  xOf,
  ZOOM_SPAN_MS,
  zoomed,
} from './scale';

const t = (iso: string) => Date.parse(iso);

describe('the timeline’s time axis', () => {
  it('given a window of a month, when a time falls in its middle, then it is drawn at half the width', () => {
    const window = { from: t('2026-03-01T00:00:00Z'), to: t('2026-03-31T00:00:00Z') };
    expect(xOf(t('2026-03-16T00:00:00Z'), window, 1000)).toBeCloseTo(500, 5);
    expect(xOf(t('2025-01-01T00:00:00Z'), window, 1000)).toBe(0);
    expect(xOf(t('2027-01-01T00:00:00Z'), window, 1000)).toBe(1000);
  });

  it('given the latest entry, when the window ends at it, then the entry is inside the window, not on its edge', () => {
    const end = t('2026-11-24T12:00:00Z');
    const window = windowEndingAt(end, 'month');
    expect(inWindow(end, window)).toBe(true);
    expect(window.to - window.from).toBe(ZOOM_SPAN_MS.month);
  });

  it('given a quarter, when zoomed in twice and out four times, then it stops at weeks and at years, keeping its centre', () => {
    let state = {
      zoom: 'quarter' as const as Parameters<typeof zoomed>[1],
      window: { from: 0, to: ZOOM_SPAN_MS.quarter },
    };
    const centre = ZOOM_SPAN_MS.quarter / 2;
    for (let i = 0; i < 3; i++) state = zoomed(state.window, state.zoom, -1);
    expect(state.zoom).toBe('week');
    expect((state.window.from + state.window.to) / 2).toBeCloseTo(centre, 0);
    for (let i = 0; i < 5; i++) state = zoomed(state.window, state.zoom, 1);
    expect(state.zoom).toBe('years');
  });

  it('given a window, when panned back by half, then both ends move by half its width', () => {
    expect(panned({ from: 100, to: 300 }, -0.5)).toEqual({ from: 0, to: 200 });
  });

  it('given a gap from before the window to inside it, then it overlaps; one wholly before does not', () => {
    const window = { from: 100, to: 200 };
    expect(overlaps(50, 150, window)).toBe(true);
    expect(overlaps(10, 90, window)).toBe(false);
  });

  it('given a year, then the ticks fall on the first of every other month, inside the window', () => {
    const window = { from: t('2026-01-10T00:00:00Z'), to: t('2027-01-10T00:00:00Z') };
    const marks = ticks(window, 'year');
    expect(marks.length).toBe(6);
    for (const mark of marks) {
      expect(new Date(mark).getUTCDate()).toBe(1);
      expect(inWindow(mark, window)).toBe(true);
    }
  });
});
