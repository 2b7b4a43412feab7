import { listAll } from '../api/client';
import type { AccessLogEntry } from '../api/types';
import { roleLabel } from '../components/labels';
import { Loading, Problem } from '../components/problem';
import { useSession } from '../context';
import { useI18n } from '../i18n/i18n';
import { href } from '../router';
import { useLoad } from '../use-load';

/** Who read the child, under which role, when and what (coordinator, auditor). */
export function AccessLogPage({ childRef }: { childRef: string }) {
  const { t, dateTime } = useI18n();
  const { api, is } = useSession();
  const log = useLoad(
    () => listAll<AccessLogEntry>(api, `/v1/children/${childRef}/access-log`, 'entries', {}, 1000),
    [api, childRef],
  );
  return (
    <section aria-labelledby="access-log-title">
      <h1 id="access-log-title">{t.accessLog.title}</h1>
      <p>{t.accessLog.intro}</p>
      {(is('coordinator') || is('coordinating-unit')) && (
        <a href={href.child(childRef)}>{t.accessLog.openChild}</a>
      )}
      {log.error !== undefined && <Problem error={log.error} />}
      {log.loading && !log.data && <Loading />}
      {log.data && log.data.length === 0 && <p>{t.accessLog.empty}</p>}
      {log.data && log.data.length > 0 && (
        <table className="access-log" aria-labelledby="access-log-title">
          <thead>
            <tr>
              <th scope="col">{t.accessLog.when}</th>
              <th scope="col">{t.accessLog.who}</th>
              <th scope="col">{t.accessLog.role}</th>
              <th scope="col">{t.accessLog.what}</th>
            </tr>
          </thead>
          <tbody>
            {log.data.map((entry) => (
              <tr key={entry.id} data-subject={entry.subject}>
                <td>
                  <time dateTime={entry.at}>{dateTime(entry.at)}</time>
                </td>
                <td>
                  {entry.name ?? entry.subject} <span className="muted">({entry.subject})</span>
                </td>
                <td>{entry.roles.map((role) => roleLabel(t, role)).join(', ')}</td>
                <td>{t.accessLog.whats[entry.what] ?? entry.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
