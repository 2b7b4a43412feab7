// The timeline's time axis: a window [from, to) at one of five zoom levels, from weeks to years,
// and where a time falls in it. Pure, so the page's drawing is tested without a browser.

export const ZOOMS = ['week', 'month', 'quarter', 'year', 'years'] as const;
export type Zoom = (typeof ZOOMS)[number];

const DAY = 24 * 60 * 60 * 1000;
export const ZOOM_SPAN_MS: Record<Zoom, number> = {
  week: 14 * DAY,
  month: 35 * DAY,
  quarter: 92 * DAY,
  year: 366 * DAY,
  years: 3 * 366 * DAY,
};

export interface Window {
  from: number;
  to: number;
}

/** The window of `zoom` that ends at `end` (a little after, so the latest entry is not on the edge). */
export function windowEndingAt(end: number, zoom: Zoom): Window {
  const span = ZOOM_SPAN_MS[zoom];
  const to = end + span * 0.05;
  return { from: to - span, to };
}

/** One zoom level in (-1) or out (+1), keeping the window's centre. */
export function zoomed(window: Window, zoom: Zoom, step: -1 | 1): { window: Window; zoom: Zoom } {
  const index = Math.min(ZOOMS.length - 1, Math.max(0, ZOOMS.indexOf(zoom) + step));
  const next = ZOOMS[index];
  const centre = (window.from + window.to) / 2;
  const span = ZOOM_SPAN_MS[next];
  return { zoom: next, window: { from: centre - span / 2, to: centre + span / 2 } };
}

/** The window moved by `fraction` of its width (negative: earlier). */
export function panned(window: Window, fraction: number): Window {
  const shift = (window.to - window.from) * fraction;
  return { from: window.from + shift, to: window.to + shift };
}

/** Where `time` falls across `width` pixels, clamped to the edges. */
export function xOf(time: number, window: Window, width: number): number {
  const x = ((time - window.from) / (window.to - window.from)) * width;
  return Math.min(width, Math.max(0, x));
}

export function inWindow(time: number, window: Window): boolean {
  return time >= window.from && time < window.to;
}

/** Whether the span [start, end] shows in the window at all. */
export function overlaps(start: number, end: number, window: Window): boolean {
  return end >= window.from && start < window.to;
}

/** Tick marks: the first of each month (or each year when zoomed far out, each week when in). */
export function ticks(window: Window, zoom: Zoom): number[] {
  const result: number[] = [];
  const start = new Date(window.from);
  if (zoom === 'week' || zoom === 'month') {
    // Mondays, UTC midnight (near enough for a tick), every one for weeks, every other otherwise.
    const d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()));
    while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
    for (; d.getTime() < window.to; d.setUTCDate(d.getUTCDate() + (zoom === 'week' ? 7 : 14)))
      result.push(d.getTime());
    return result;
  }
  const months = zoom === 'quarter' ? 1 : zoom === 'year' ? 2 : 6;
  const d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  for (; d.getTime() < window.to; d.setUTCMonth(d.getUTCMonth() + months)) result.push(d.getTime());
  return result;
}
