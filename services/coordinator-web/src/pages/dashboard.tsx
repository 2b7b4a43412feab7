import { BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { ComponentProps } from 'react';
import { Bar } from 'react-chartjs-2';
import { listAll } from '../api/client';
import type { ChildListItem, Statistics } from '../api/types';
import { ruleLabel, sectorLabel, sectorOfRule } from '../components/labels';
import { Loading, Problem } from '../components/problem';
import { useSession } from '../context';
import { useI18n } from '../i18n/i18n';
import { href } from '../router';
import { useLoad } from '../use-load';

Chart.register(BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const SECTORS = ['health', 'school', 'child-welfare', 'coordination'];
const DAY = 24 * 60 * 60 * 1000;
// Colours that keep 3:1 against white and each other's neighbours (WCAG 1.4.11).
const COLOURS = { open: '#1f5fa8', escalated: '#b3261e', within: '#1d7a46', waiting: '#7a4d00' };

/**
 * The coordinating unit's figures: open gaps by rule and by sector, those past twice the
 * deadline, the share resolved within the deadline per rule (GET /v1/statistics), and the
 * children who asked for a barnekoordinator and wait. Each chart's figures are also a table.
 */
export function DashboardPage() {
  const { t, date } = useI18n();
  const { api, is } = useSession();
  const statistics = useLoad(() => api.get<Statistics>('/v1/statistics'), [api]);
  const waiting = useLoad(async () => {
    if (!is('coordinating-unit')) return undefined;
    return listAll<ChildListItem>(api, '/v1/children', 'children', { waitingForCoordinator: true });
  }, [api]);

  if (statistics.error) return <Problem error={statistics.error} />;
  if (!statistics.data) return <Loading />;
  const rules = statistics.data.rules;
  const labels = rules.map((r) => ruleLabel(t, r.ruleId));
  const bySector = SECTORS.map((sector) => {
    const of = rules.filter((r) => sectorOfRule(r.ruleId) === sector);
    return { sector, open: sum(of.map((r) => r.open)), escalated: sum(of.map((r) => r.escalated)) };
  });
  const now = Date.now();
  const waitingRows = (waiting.data ?? [])
    .flatMap((c) =>
      c.waitingForCoordinatorSince ? [{ child: c, since: c.waitingForCoordinatorSince }] : [],
    )
    .map(({ child, since }) => ({
      child,
      since,
      days: Math.floor((now - Date.parse(since)) / DAY),
    }))
    .sort((a, b) => b.days - a.days);
  const axis = { ticks: { color: '#222' }, grid: { color: '#ddd' } };
  const vertical = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    scales: { x: axis, y: axis },
  };
  const horizontal = { ...vertical, indexAxis: 'y' as const };

  return (
    <section aria-labelledby="dashboard-title" className="dashboard">
      <h1 id="dashboard-title">{t.dashboard.title}</h1>
      <ul className="totals">
        <li>
          <span className="figure" data-testid="total-open">
            {sum(rules.map((r) => r.open))}
          </span>{' '}
          {t.dashboard.totalOpen}
        </li>
        <li>
          <span className="figure" data-testid="total-escalated">
            {sum(rules.map((r) => r.escalated))}
          </span>{' '}
          {t.dashboard.totalOverdue}
        </li>
        {waiting.data && (
          <li>
            <span className="figure" data-testid="total-waiting">
              {waitingRows.length}
            </span>{' '}
            {t.dashboard.totalWaiting}
          </li>
        )}
      </ul>
      <p className="muted">{t.dashboard.chartNote}</p>

      <div className="charts">
        <ChartFigure
          id="chart-rule"
          caption={t.dashboard.openByRule}
          tall
          options={{
            ...horizontal,
            scales: { x: { ...axis, stacked: true }, y: { ...axis, stacked: true } },
          }}
          data={{
            labels,
            datasets: [
              {
                label: t.dashboard.open,
                data: rules.map((r) => r.open - r.escalated),
                backgroundColor: COLOURS.open,
              },
              {
                label: t.dashboard.escalated,
                data: rules.map((r) => r.escalated),
                backgroundColor: COLOURS.escalated,
              },
            ],
          }}
        />
        <ChartFigure
          id="chart-sector"
          caption={t.dashboard.openBySector}
          options={vertical}
          data={{
            labels: bySector.map((s) => sectorLabel(t, s.sector)),
            datasets: [
              {
                label: t.dashboard.open,
                data: bySector.map((s) => s.open),
                backgroundColor: COLOURS.open,
              },
              {
                label: t.dashboard.escalated,
                data: bySector.map((s) => s.escalated),
                backgroundColor: COLOURS.escalated,
              },
            ],
          }}
        />
        <ChartFigure
          id="chart-within"
          caption={t.dashboard.withinDeadline}
          tall
          options={{ ...horizontal, scales: { x: { ...axis, min: 0, max: 100 }, y: axis } }}
          data={{
            labels,
            datasets: [
              {
                label: t.dashboard.percent,
                data: rules.map((r) => r.withinDeadlinePercent ?? 0),
                backgroundColor: COLOURS.within,
              },
            ],
          }}
        />
        {waiting.data && (
          <ChartFigure
            id="chart-waiting"
            caption={t.dashboard.waiting}
            options={vertical}
            data={{
              labels: waitingRows.map((w) => w.child.name ?? w.child.childRef.slice(0, 10)),
              datasets: [
                {
                  label: t.dashboard.waitingDays,
                  data: waitingRows.map((w) => w.days),
                  backgroundColor: COLOURS.waiting,
                },
              ],
            }}
          />
        )}
      </div>

      <h2 id="statistics-heading">{t.dashboard.statistics}</h2>
      <table
        className="statistics"
        aria-labelledby="statistics-heading"
        data-testid="statistics-table"
      >
        <thead>
          <tr>
            <th scope="col">{t.dashboard.rule}</th>
            <th scope="col">{t.dashboard.opened}</th>
            <th scope="col">{t.dashboard.open}</th>
            <th scope="col">{t.dashboard.escalated}</th>
            <th scope="col">{t.dashboard.resolved}</th>
            <th scope="col">{t.dashboard.resolvedWithin}</th>
            <th scope="col">{t.dashboard.percent}</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.ruleId} data-rule-id={r.ruleId}>
              <th scope="row">{ruleLabel(t, r.ruleId)}</th>
              <td data-figure="opened">{r.opened}</td>
              <td data-figure="open">{r.open}</td>
              <td data-figure="escalated">{r.escalated}</td>
              <td data-figure="resolved">{r.resolved}</td>
              <td data-figure="resolvedWithinDeadline">{r.resolvedWithinDeadline}</td>
              <td data-figure="withinDeadlinePercent">
                {r.withinDeadlinePercent === null
                  ? '–'
                  : r.withinDeadlinePercent.toLocaleString('nb-NO')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="sector-heading">{t.dashboard.openBySector}</h2>
      <table aria-labelledby="sector-heading">
        <thead>
          <tr>
            <th scope="col">{t.gaps.sector}</th>
            <th scope="col">{t.dashboard.open}</th>
            <th scope="col">{t.dashboard.escalated}</th>
          </tr>
        </thead>
        <tbody>
          {bySector.map((s) => (
            <tr key={s.sector} data-sector={s.sector}>
              <th scope="row">{sectorLabel(t, s.sector)}</th>
              <td data-figure="open">{s.open}</td>
              <td data-figure="escalated">{s.escalated}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {waiting.data && (
        <>
          <h2 id="waiting-heading">{t.dashboard.waiting}</h2>
          {waitingRows.length === 0 ? (
            <p>{t.dashboard.noneWaiting}</p>
          ) : (
            <table aria-labelledby="waiting-heading">
              <thead>
                <tr>
                  <th scope="col">{t.gaps.child}</th>
                  <th scope="col">{t.dashboard.waitingSince}</th>
                  <th scope="col">{t.dashboard.waitingDays}</th>
                </tr>
              </thead>
              <tbody>
                {waitingRows.map(({ child, since, days }) => (
                  <tr key={child.childRef}>
                    <td>
                      <a href={href.child(child.childRef)}>{child.name ?? child.childRef}</a>
                    </td>
                    <td>{date(since)}</td>
                    <td>{days}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** A bar chart with its caption, named by it for assistive technology (its figures are in a table too). */
function ChartFigure({
  id,
  caption,
  tall,
  options,
  data,
}: { id: string; caption: string; tall?: boolean } & Pick<
  ComponentProps<typeof Bar>,
  'options' | 'data'
>) {
  return (
    <figure>
      <figcaption id={id}>{caption}</figcaption>
      <div className={tall ? 'chart tall' : 'chart'}>
        <Bar aria-labelledby={id} role="img" options={options} data={data} />
      </div>
    </figure>
  );
}
