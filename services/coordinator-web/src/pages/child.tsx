import { useMemo } from 'react';
import { listAll } from '../api/client';
import type { ChildSummary, ListedGap, TimelineEntry } from '../api/types';
import { ActionForm, type FormValues } from '../components/action-form';
import { GapCard } from '../components/gap-card';
import { entrySummary, sectorLabel } from '../components/labels';
import { Loading, Problem } from '../components/problem';
import { LANES, TimelineChart } from '../components/timeline-chart';
import { useSession } from '../context';
import { useI18n } from '../i18n/i18n';
import { href } from '../router';
import { byGapUrgency } from '../urgency';
import { useLoad } from '../use-load';

const CONSENT_SECTORS = ['health', 'school', 'child-welfare'] as const;

/** How long the page waits for the read model to show a gap's new status. */
const SETTLE_TRIES = 30;
const SETTLE_INTERVAL_MS = 200;

/** One child: summary, gaps with their actions, the timeline (chart and list), and the forms. */
export function ChildPage({ childRef }: { childRef: string }) {
  const { t, dateTime, date } = useI18n();
  const { api, is } = useSession();
  const base = `/v1/children/${childRef}`;

  const summary = useLoad(() => api.get<ChildSummary>(base), [api, base]);
  const timeline = useLoad(
    () => listAll<TimelineEntry>(api, `${base}/timeline`, 'entries'),
    [api, base],
  );
  const gaps = useLoad(
    () => listAll<ListedGap>(api, '/v1/gaps', 'gaps', { childRef }),
    [api, childRef],
  );
  const entriesById = useMemo(
    () => new Map((timeline.data ?? []).map((e) => [e.eventId, e])),
    [timeline.data],
  );
  const sortedGaps = useMemo(() => [...(gaps.data ?? [])].sort(byGapUrgency), [gaps.data]);

  const reloadAll = () => {
    summary.reload();
    timeline.reload();
    gaps.reload();
  };
  /**
   * After acknowledging or resolving a gap: the gap list is the read model's, which follows the
   * event store within moments; wait until it shows the new status. (The summary, consents
   * included, is read from the child's own stream, so other commands show at once.)
   */
  const gapChanged = async (gapId: string, status: string) => {
    const shows = async () =>
      (await api.get<{ gaps: ListedGap[] }>('/v1/gaps', { childRef, limit: 200 })).gaps.some(
        (g) => g.gapId === gapId && g.status === status,
      );
    for (let i = 0; i < SETTLE_TRIES && !(await shows()); i++)
      await new Promise((r) => setTimeout(r, SETTLE_INTERVAL_MS));
    reloadAll();
  };
  const write = (method: 'post' | 'put', path: string) => async (body: FormValues, key: string) => {
    await (method === 'post' ? api.post(path, body, key) : api.put(path, body, key));
    reloadAll();
  };
  const focusOn = (elementId: string) => {
    const element = document.getElementById(elementId);
    element?.scrollIntoView({ block: 'center' });
    element?.focus();
  };

  if (summary.error) return <Problem error={summary.error} />;
  if (!summary.data) return <Loading />;
  const child = summary.data;
  if (child.erased) {
    return (
      <section>
        <h1>{t.child.titleFallback}</h1>
        <p role="status">{t.child.erased}</p>
      </section>
    );
  }
  const covers = new Set(child.consentCovers ?? []);
  const restricted = child.restrictedSectors ?? [];
  // Child welfare has a lane only where a basis covers it: without one, not even its involvement shows.
  const lanes = LANES.filter((lane) => lane !== 'child-welfare' || covers.has('child-welfare'));
  const entries = timeline.data ?? [];
  const isCoordinator = is('coordinator');
  const isUnit = is('coordinating-unit');

  return (
    <article className="child-page" aria-labelledby="child-title">
      <header className="child-head">
        <h1 id="child-title">{child.name ?? t.child.titleFallback}</h1>
        <dl className="facts inline">
          <dt>{t.child.coordinator}</dt>
          <dd>
            {child.coordinator
              ? `${child.coordinator.coordinatorId} (${date(child.coordinator.assignedAt)})`
              : t.child.noCoordinator}
          </dd>
          <dt>{t.child.enrolled}</dt>
          <dd>{child.enrolledAt ? date(child.enrolledAt) : '–'}</dd>
          <dt>{t.child.sectors}</dt>
          <dd>{(child.sectors ?? []).map((s) => sectorLabel(t, s)).join(', ') || t.none}</dd>
          <dt>{t.child.consentCovers}</dt>
          <dd data-testid="consent-covers">
            {[...covers].map((s) => sectorLabel(t, s)).join(', ') || t.none}
          </dd>
        </dl>
        <a href={href.accessLog(childRef)}>{t.gaps.accessLog}</a>
      </header>

      <section aria-labelledby="gaps-heading" className="gaps">
        <h2 id="gaps-heading">{t.child.openGaps}</h2>
        {gaps.error !== undefined && <Problem error={gaps.error} />}
        {sortedGaps.length === 0 && gaps.data && <p>{t.caseload.noGaps}</p>}
        {sortedGaps.map((gap) => (
          <GapCard
            key={gap.gapId}
            gap={gap}
            entries={entriesById}
            onChanged={gapChanged}
            onEvidence={(id) => focusOn(`entry-${id}`)}
          />
        ))}
      </section>

      <section aria-labelledby="timeline-heading" className="timeline">
        <h2 id="timeline-heading">{t.child.timeline}</h2>
        {timeline.error !== undefined && <Problem error={timeline.error} />}
        {timeline.data && (
          <TimelineChart
            entries={entries}
            gaps={sortedGaps}
            lanes={lanes}
            restricted={restricted}
            onGap={(id) => focusOn(`gap-${id}`)}
          />
        )}
        {restricted.length > 0 && (
          <ul className="lane-marks">
            {restricted.map((sector) => (
              <li key={sector} data-restricted-sector={sector}>
                {t.child.laneMark(sectorLabel(t, sector))}
              </li>
            ))}
          </ul>
        )}
        <h3 id="entries-heading">{t.child.list}</h3>
        {timeline.data && entries.length === 0 && <p>{t.child.noEntries}</p>}
        <table className="entries" aria-labelledby="entries-heading">
          <thead>
            <tr>
              <th scope="col">{t.child.when}</th>
              <th scope="col">{t.child.sector}</th>
              <th scope="col">{t.child.summary}</th>
              <th scope="col">{t.child.details}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr
                key={entry.eventId}
                id={`entry-${entry.eventId}`}
                tabIndex={-1}
                data-sector={entry.sector}
                data-event-id={entry.eventId}
              >
                <td>
                  <time dateTime={entry.occurredAt}>{dateTime(entry.occurredAt)}</time>
                </td>
                <td>{sectorLabel(t, entry.sector)}</td>
                <td>{entrySummary(t, entry)}</td>
                <td>
                  {entry.details ? (
                    <Details details={entry.details} />
                  ) : (
                    <span className="hidden-content">{t.child.hidden}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="consents-heading" className="panel">
        <h2 id="consents-heading">{t.child.consents}</h2>
        {(child.consents ?? []).length === 0 && <p>{t.child.noConsent}</p>}
        <ul className="consents">
          {(child.consents ?? []).map((consent) => (
            <li key={consent.consentId} data-consent-id={consent.consentId}>
              <strong>{consent.sectors.map((s) => sectorLabel(t, s)).join(', ')}</strong> —{' '}
              {t.child.givenBy}: {t.child.givers[consent.givenBy]}, {t.child.givenAt}{' '}
              {date(consent.givenAt)}
              {consent.expiresAt &&
                `, ${t.child.expiresAt.replace(/ \(.*\)$/, '')} ${date(consent.expiresAt)}`}{' '}
              <span className="badge">
                {consent.withdrawnAt
                  ? t.child.withdrawn
                  : consent.inForce
                    ? t.child.inForce
                    : t.child.expired}
              </span>
              {isCoordinator && !consent.withdrawnAt && (
                <button
                  type="button"
                  onClick={() =>
                    void api.delete(`${base}/consents/${consent.consentId}`).then(reloadAll)
                  }
                >
                  {t.child.withdraw}
                </button>
              )}
            </li>
          ))}
        </ul>
        {isCoordinator && (
          <ActionForm
            id="consent"
            title={t.child.giveConsent}
            submitLabel={t.save}
            fields={[
              {
                name: 'sectors',
                label: t.child.sector,
                kind: 'checkboxes',
                options: CONSENT_SECTORS.map((s) => ({ value: s, label: sectorLabel(t, s) })),
              },
              {
                name: 'givenBy',
                label: t.child.givenBy,
                kind: 'select',
                options: [
                  { value: 'parent', label: t.child.givers.parent },
                  { value: 'child', label: t.child.givers.child },
                ],
              },
              { name: 'givenAt', label: t.child.givenAt, kind: 'datetime' },
              { name: 'expiresAt', label: t.child.expiresAt, kind: 'date', optional: true },
            ]}
            onSubmit={write('post', `${base}/consents`)}
          />
        )}
      </section>

      <section aria-labelledby="coordinator-heading" className="panel">
        <h2 id="coordinator-heading">{t.child.coordinatorRequest}</h2>
        <p>
          {(child.coordinatorRequests ?? []).length === 0
            ? t.none
            : (child.coordinatorRequests ?? []).map((r) => date(r)).join(', ')}
        </p>
        {(isCoordinator || isUnit) && (
          <ActionForm
            id="request"
            title={t.child.registerRequest}
            submitLabel={t.save}
            fields={[{ name: 'requestedAt', label: t.child.requestedAt, kind: 'datetime' }]}
            onSubmit={write('post', `${base}/coordinator-requests`)}
          />
        )}
        {isUnit && (
          <ActionForm
            id="assign"
            title={t.child.assign}
            submitLabel={t.save}
            fields={[
              { name: 'coordinatorId', label: t.child.coordinatorId, kind: 'text' },
              { name: 'assignedAt', label: t.child.assignedAt, kind: 'datetime' },
            ]}
            onSubmit={write('put', `${base}/coordinator`)}
          />
        )}
      </section>

      <section aria-labelledby="plan-heading" className="panel">
        <h2 id="plan-heading">{t.child.plan}</h2>
        {child.plan ? (
          <dl className="facts inline">
            <dt>{t.child.establishedAt}</dt>
            <dd>{date(child.plan.establishedAt)}</dd>
            <dt>{t.child.reviewDueAt}</dt>
            <dd>{date(child.plan.reviewDueAt)}</dd>
            {child.plan.lastRevisedAt && (
              <>
                <dt>{t.child.revisedAt}</dt>
                <dd>{date(child.plan.lastRevisedAt)}</dd>
              </>
            )}
          </dl>
        ) : (
          <p>{t.child.noPlan}</p>
        )}
        {isCoordinator &&
          (child.plan ? (
            <ActionForm
              id="revise-plan"
              title={t.child.revisePlan}
              submitLabel={t.save}
              fields={[
                { name: 'revisedAt', label: t.child.revisedAt, kind: 'datetime' },
                { name: 'reviewDueAt', label: t.child.reviewDueAt, kind: 'date' },
              ]}
              onSubmit={write('post', `${base}/individual-plan/revisions`)}
            />
          ) : (
            <ActionForm
              id="establish-plan"
              title={t.child.establishPlan}
              submitLabel={t.save}
              fields={[
                { name: 'establishedAt', label: t.child.establishedAt, kind: 'datetime' },
                { name: 'reviewDueAt', label: t.child.reviewDueAt, kind: 'date' },
              ]}
              onSubmit={write('post', `${base}/individual-plan`)}
            />
          ))}
        <h3>{t.child.meetings}</h3>
        <p>{(child.responsibilityGroupMeetings ?? []).map((m) => date(m)).join(', ') || t.none}</p>
        {isCoordinator && (
          <ActionForm
            id="meeting"
            title={t.child.recordMeeting}
            submitLabel={t.save}
            fields={[{ name: 'heldAt', label: t.child.heldAt, kind: 'datetime' }]}
            onSubmit={write('post', `${base}/responsibility-group-meetings`)}
          />
        )}
      </section>

      {isUnit && (
        <section aria-labelledby="erase-heading" className="panel danger">
          <h2 id="erase-heading">{t.child.erase}</h2>
          <p>{t.child.eraseConfirm}</p>
          <button
            type="button"
            className="danger"
            onClick={() => {
              if (window.confirm(t.child.eraseConfirm)) void api.delete(base).then(reloadAll);
            }}
          >
            {t.child.erase}
          </button>
        </section>
      )}
    </article>
  );
}

function Details({ details }: { details: Record<string, unknown> }) {
  const pairs = Object.entries(details).filter(
    ([, value]) => value !== undefined && value !== null && value !== '',
  );
  return (
    <dl className="details">
      {pairs.map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
