import { useState, type FormEvent } from 'react';
import { listAll } from '../api/client';
import type { ChildListItem, ListedGap } from '../api/types';
import { GapLine } from '../components/gap-summary';
import { gapSector, ruleLabel, sectorLabel } from '../components/labels';
import { Loading, Problem } from '../components/problem';
import { useSession } from '../context';
import { useI18n } from '../i18n/i18n';
import { nb } from '../i18n/messages';
import { href } from '../router';
import { useLoad } from '../use-load';

// Every gap rule has its name in the messages, in the rule table's order.
const RULES = Object.keys(nb.rules);
const SECTORS = ['health', 'school', 'child-welfare', 'coordination'];
const STATUSES = ['unresolved', 'open', 'acknowledged', 'resolved'];

interface Filter {
  ruleId: string;
  sector: string;
  coordinatorId: string;
  status: string;
}

/** Every gap of the municipality (coordinating unit, auditor), filtered by rule, sector, coordinator and status. */
export function GapsPage() {
  const { t, date } = useI18n();
  const { api, is } = useSession();
  const [draft, setDraft] = useState<Filter>({
    ruleId: '',
    sector: '',
    coordinatorId: '',
    status: 'unresolved',
  });
  const [filter, setFilter] = useState(draft);
  const [more, setMore] = useState<{ gaps: ListedGap[]; nextCursor: string | null }>({
    gaps: [],
    nextCursor: null,
  });
  const canReadChildren = is('coordinating-unit') || is('coordinator');

  const children = useLoad(async () => {
    if (!canReadChildren) return new Map<string, ChildListItem>();
    const children = await listAll<ChildListItem>(api, '/v1/children', 'children');
    return new Map(children.map((child) => [child.childRef, child]));
  }, [api, canReadChildren]);
  const first = useLoad(async () => {
    const page = await api.get<{ gaps: ListedGap[]; nextCursor: string | null }>('/v1/gaps', {
      ...filter,
      limit: 100,
    });
    setMore({ gaps: [], nextCursor: page.nextCursor });
    return page;
  }, [api, filter]);

  const coordinators = [
    ...new Set(
      [...(children.data?.values() ?? [])]
        .map((c) => c.coordinatorId)
        .filter((id): id is string => !!id),
    ),
  ].sort();
  const gaps = [...(first.data?.gaps ?? []), ...more.gaps];
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter(draft);
  };
  const loadMore = async () => {
    if (!more.nextCursor) return;
    const page = await api.get<{ gaps: ListedGap[]; nextCursor: string | null }>('/v1/gaps', {
      ...filter,
      limit: 100,
      cursor: more.nextCursor,
    });
    setMore({ gaps: [...more.gaps, ...page.gaps], nextCursor: page.nextCursor });
  };
  const select = (
    key: keyof Filter,
    label: string,
    values: string[],
    text: (value: string) => string,
    allowAll = true,
  ) => (
    <div className="field">
      <label htmlFor={`filter-${key}`}>{label}</label>
      <select
        id={`filter-${key}`}
        value={draft[key]}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      >
        {allowAll && <option value="">{t.gaps.all}</option>}
        {values.map((value) => (
          <option key={value} value={value}>
            {text(value)}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <section aria-labelledby="gaps-title">
      <h1 id="gaps-title">{t.gaps.title}</h1>
      <form className="filters" onSubmit={apply} aria-label={t.gaps.filters}>
        {select('ruleId', t.gaps.rule, RULES, (id) => ruleLabel(t, id))}
        {select('sector', t.gaps.sector, SECTORS, (s) => sectorLabel(t, s))}
        {canReadChildren && select('coordinatorId', t.gaps.coordinator, coordinators, (id) => id)}
        {select('status', t.gaps.status, STATUSES, (s) => t.statuses[s] ?? s, false)}
        <button type="submit">{t.gaps.apply}</button>
      </form>
      {first.error !== undefined && <Problem error={first.error} />}
      {first.loading && <Loading />}
      <p role="status">{t.gaps.shown(gaps.length)}</p>
      {first.data && gaps.length === 0 && <p>{t.gaps.empty}</p>}
      {gaps.length > 0 && (
        <table className="gaps-table">
          <thead>
            <tr>
              <th scope="col">{t.gaps.child}</th>
              <th scope="col">{t.gaps.rule}</th>
              <th scope="col">{t.gaps.sector}</th>
              <th scope="col">{t.gaps.opened}</th>
              <th scope="col">{t.gaps.owner}</th>
            </tr>
          </thead>
          <tbody>
            {gaps.map((gap) => {
              const child = children.data?.get(gap.childRef);
              return (
                <tr key={gap.gapId}>
                  <td>
                    {canReadChildren ? (
                      <a href={href.child(gap.childRef)}>{child?.name ?? gap.childRef}</a>
                    ) : (
                      <a
                        href={href.accessLog(gap.childRef)}
                        aria-label={`${t.gaps.accessLog} ${gap.childRef}`}
                      >
                        {gap.childRef.slice(0, 12)}…
                      </a>
                    )}
                  </td>
                  <td>
                    <GapLine gap={gap} />
                  </td>
                  <td>{sectorLabel(t, gapSector(gap))}</td>
                  <td>
                    <time dateTime={gap.openedAt}>{date(gap.openedAt)}</time>
                  </td>
                  <td>{t.owners[gap.owner] ?? gap.owner}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {more.nextCursor && (
        <button type="button" onClick={() => void loadMore()}>
          {t.loadMore}
        </button>
      )}
    </section>
  );
}
