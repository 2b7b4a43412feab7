import { useMemo, useState } from 'react';
import { listAll } from '../api/client';
import type { ChildListItem, ListedGap } from '../api/types';
import { GapLine } from '../components/gap-summary';
import { Loading, Problem } from '../components/problem';
import { useSession } from '../context';
import { useI18n } from '../i18n/i18n';
import { href } from '../router';
import { byChildUrgency, byGapUrgency } from '../urgency';
import { useLoad } from '../use-load';

/**
 * A coordinator's children (the coordinating unit's: the municipality's), each with its gaps not
 * yet resolved, most urgent first.
 */
export function CaseloadPage() {
  const { t, date } = useI18n();
  const { api, is } = useSession();
  const [search, setSearch] = useState('');
  const loaded = useLoad(async () => {
    const [children, gaps] = await Promise.all([
      listAll<ChildListItem>(api, '/v1/children', 'children'),
      listAll<ListedGap>(api, '/v1/gaps', 'gaps', { status: 'unresolved' }),
    ]);
    return { children, gaps };
  }, [api]);

  const rows = useMemo(() => {
    if (!loaded.data) return [];
    const gapsOf = new Map<string, ListedGap[]>();
    for (const gap of loaded.data.gaps) {
      const list = gapsOf.get(gap.childRef);
      if (list) list.push(gap);
      else gapsOf.set(gap.childRef, [gap]);
    }
    const needle = search.trim().toLocaleLowerCase('nb');
    return loaded.data.children
      .filter((child) => !needle || (child.name ?? '').toLocaleLowerCase('nb').includes(needle))
      .sort(byChildUrgency)
      .map((child) => ({ child, gaps: (gapsOf.get(child.childRef) ?? []).sort(byGapUrgency) }));
  }, [loaded.data, search]);

  const title = is('coordinating-unit') ? t.caseload.unitTitle : t.caseload.title;
  return (
    <section aria-labelledby="caseload-title">
      <h1 id="caseload-title">{title}</h1>
      <p>{t.caseload.intro}</p>
      <div className="filters">
        <label htmlFor="name-search">{t.caseload.filterName}</label>
        <input
          id="name-search"
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      {loaded.error !== undefined && <Problem error={loaded.error} />}
      {loaded.loading && !loaded.data && <Loading />}
      {loaded.data && rows.length === 0 && <p>{t.caseload.empty}</p>}
      <ol className="caseload" aria-label={title}>
        {rows.map(({ child, gaps }) => (
          <li key={child.childRef} className="caseload-child" data-child-ref={child.childRef}>
            <div className="caseload-head">
              <a href={href.child(child.childRef)} className="child-name">
                {child.name ?? child.childRef}
              </a>
              <span className="muted">
                {t.caseload.coordinator}: {child.coordinatorId ?? t.none}
              </span>
              {child.waitingForCoordinatorSince && (
                <span className="badge waiting">
                  {t.caseload.waiting} ({date(child.waitingForCoordinatorSince)})
                </span>
              )}
              <span className="count">
                {t.caseload.openGaps}: {child.openGaps}
              </span>
            </div>
            {gaps.length === 0 ? (
              <p className="muted">{t.caseload.noGaps}</p>
            ) : (
              <ul className="gap-list">
                {gaps.map((gap) => (
                  <li key={gap.gapId}>
                    <GapLine gap={gap} />
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
