import { useMemo, useState, type KeyboardEvent } from 'react';
import { isRestricted, type ListedGap, type TimelineEntry } from '../api/types';
import { useI18n } from '../i18n/i18n';
import {
  overlaps,
  panned,
  ticks,
  windowEndingAt,
  xOf,
  ZOOMS,
  zoomed,
  type Window,
  type Zoom,
} from '../timeline/scale';
import { entrySummary, gapLabel, gapSector, sectorLabel } from './labels';

export const LANES = ['health', 'school', 'child-welfare', 'coordination'] as const;
export type Lane = (typeof LANES)[number];
const WIDTH = 1000;
const LABEL = 130;
const LANE_HEIGHT = 52;
const AXIS = 28;

/** The trigger of a gap: the earliest of its evidence on the timeline, else its deadline. */
export function triggerOf(gap: ListedGap, occurredAt: Map<string, number>): number {
  if (isRestricted(gap)) return Date.parse(gap.dueAt);
  const times = gap.evidence
    .map((id) => occurredAt.get(id))
    .filter((time): time is number => time !== undefined);
  return times.length > 0 ? Math.min(...times) : Date.parse(gap.dueAt);
}

/**
 * One lane per sector on a time axis; entries as dots, each gap as a bar from its trigger to its
 * deadline (in its rule's sector's lane). Zoom from weeks to years, and move earlier or later.
 * The same entries are in the list below the chart, which is what a screen reader reads.
 * `lanes`: the sectors drawn (child welfare only with a basis); `restricted`: involved sectors
 * whose content is hidden, drawn as a lane mark with nothing in it.
 */
export function TimelineChart({
  entries,
  gaps,
  lanes,
  restricted,
  onGap,
}: {
  entries: TimelineEntry[];
  gaps: ListedGap[];
  lanes: readonly Lane[];
  restricted: readonly string[];
  onGap(gapId: string): void;
}) {
  const { t, date } = useI18n();
  const latest = useMemo(
    () => Math.max(Date.now(), ...entries.map((e) => Date.parse(e.occurredAt))),
    [entries],
  );
  const [view, setView] = useState<{ zoom: Zoom; window: Window }>(() => ({
    zoom: 'year',
    window: windowEndingAt(latest, 'year'),
  }));
  const occurredAt = useMemo(
    () => new Map(entries.map((e) => [e.eventId, Date.parse(e.occurredAt)])),
    [entries],
  );
  const plot = WIDTH - LABEL;
  const x = (time: number) => LABEL + xOf(time, view.window, plot);
  const height = AXIS + lanes.length * LANE_HEIGHT;
  const laneY = (sector: string) => AXIS + Math.max(0, lanes.indexOf(sector as Lane)) * LANE_HEIGHT;

  const setZoom = (zoom: Zoom) => {
    const steps = ZOOMS.indexOf(zoom) - ZOOMS.indexOf(view.zoom);
    let next = view;
    for (let i = 0; i < Math.abs(steps); i++)
      next = zoomed(next.window, next.zoom, steps > 0 ? 1 : -1);
    setView(next);
  };
  const visibleEntries = entries.filter((e) =>
    overlaps(Date.parse(e.occurredAt), Date.parse(e.occurredAt), view.window),
  );
  const bars = gaps
    .filter((gap) => lanes.includes(gapSector(gap) as Lane))
    .map((gap) => ({ gap, start: triggerOf(gap, occurredAt), end: Date.parse(gap.dueAt) }))
    .filter(({ start, end }) => overlaps(start, end, view.window));
  const activate = (gapId: string) => (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onGap(gapId);
    }
  };

  return (
    <div className="timeline-chart">
      <div className="timeline-controls" role="group" aria-label={t.child.zoom}>
        <button
          type="button"
          onClick={() => setView({ ...view, window: panned(view.window, -0.5) })}
        >
          ← {t.child.earlier}
        </button>
        <button
          type="button"
          onClick={() => setView(zoomed(view.window, view.zoom, -1))}
          disabled={view.zoom === 'week'}
        >
          {t.child.zoomIn}
        </button>
        <label htmlFor="zoom-level" className="visually-hidden">
          {t.child.zoom}
        </label>
        <select id="zoom-level" value={view.zoom} onChange={(e) => setZoom(e.target.value as Zoom)}>
          {ZOOMS.map((zoom) => (
            <option key={zoom} value={zoom}>
              {t.child.spans[zoom]}
            </option>
          ))}
        </select>
        <button
          type="button"
          onClick={() => setView(zoomed(view.window, view.zoom, 1))}
          disabled={view.zoom === 'years'}
        >
          {t.child.zoomOut}
        </button>
        <button
          type="button"
          onClick={() => setView({ ...view, window: panned(view.window, 0.5) })}
        >
          {t.child.later} →
        </button>
        <span className="muted" aria-live="polite">
          {t.child.showing(
            date(new Date(view.window.from).toISOString()),
            date(new Date(view.window.to).toISOString()),
          )}
        </span>
      </div>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        className="timeline-svg"
        role="group"
        aria-label={t.child.timeline}
      >
        {ticks(view.window, view.zoom).map((tick) => (
          <g key={tick} aria-hidden="true">
            <line x1={x(tick)} x2={x(tick)} y1={AXIS - 6} y2={height} className="tick" />
            <text x={x(tick) + 3} y={AXIS - 10} className="tick-label">
              {date(new Date(tick).toISOString())}
            </text>
          </g>
        ))}
        {lanes.map((lane) => (
          <g key={lane} data-lane={lane} data-restricted={restricted.includes(lane) || undefined}>
            <rect
              x={0}
              y={laneY(lane)}
              width={WIDTH}
              height={LANE_HEIGHT}
              className={`lane lane-${lane}`}
              aria-hidden="true"
            />
            <text x={8} y={laneY(lane) + LANE_HEIGHT / 2 + 5} className="lane-label">
              {sectorLabel(t, lane)}
            </text>
            {restricted.includes(lane) && (
              <g className="lane-mark" data-testid={`lane-mark-${lane}`}>
                <rect
                  x={LABEL}
                  y={laneY(lane) + 6}
                  width={plot}
                  height={LANE_HEIGHT - 12}
                  rx={4}
                  className="lane-mark-band"
                  aria-hidden="true"
                />
                <text
                  x={LABEL + 12}
                  y={laneY(lane) + LANE_HEIGHT / 2 + 5}
                  className="lane-mark-text"
                >
                  {t.child.laneMark(sectorLabel(t, lane))}
                </text>
              </g>
            )}
          </g>
        ))}
        {bars.map(({ gap, start, end }) => (
          <g
            key={gap.gapId}
            className={`gap-bar status-${gap.status}`}
            data-gap-id={gap.gapId}
            data-status={gap.status}
            tabIndex={0}
            role="button"
            aria-label={`${gapLabel(t, gap)}: ${t.statuses[gap.status]}, ${t.gaps.due} ${date(gap.dueAt)}`}
            onClick={() => onGap(gap.gapId)}
            onKeyDown={activate(gap.gapId)}
          >
            <title>{`${gapLabel(t, gap)} (${t.statuses[gap.status]})`}</title>
            <rect
              x={x(start)}
              y={laneY(gapSector(gap)) + 32}
              width={Math.max(4, x(end) - x(start))}
              height={12}
              rx={3}
            />
          </g>
        ))}
        {visibleEntries.map((entry) => (
          <circle
            key={entry.eventId}
            cx={x(Date.parse(entry.occurredAt))}
            cy={laneY(entry.sector) + 18}
            r={5}
            className={`entry-dot lane-${entry.sector}`}
            data-event-id={entry.eventId}
          >
            <title>{`${date(entry.occurredAt)}: ${entrySummary(t, entry)}`}</title>
          </circle>
        ))}
      </svg>
    </div>
  );
}
