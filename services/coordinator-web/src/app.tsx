import { useEffect, useMemo, useState, type MouseEvent } from 'react';
import { ApiClient } from './api/client';
import type { Me } from './api/types';
import { Loading, Problem } from './components/problem';
import { roleLabel } from './components/labels';
import { SessionContext, useSession, type Session } from './context';
import { useI18n } from './i18n/i18n';
import { AccessLogPage } from './pages/access-log';
import { CaseloadPage } from './pages/caseload';
import { ChildPage } from './pages/child';
import { DashboardPage } from './pages/dashboard';
import { GapsPage } from './pages/gaps';
import { LoginPage } from './pages/login';
import { href, useRoute, type Route } from './router';
import { forgetToken, storedToken, storeToken } from './session';

export function App() {
  const [token, setToken] = useState(storedToken);
  const [me, setMe] = useState<Me>();
  const [error, setError] = useState<unknown>();
  const api = useMemo(
    () =>
      new ApiClient(
        () => token,
        () => {
          forgetToken();
          setToken(undefined);
        },
      ),
    [token],
  );

  useEffect(() => {
    setMe(undefined);
    setError(undefined);
    if (!token) return;
    api.get<Me>('/v1/session').then(setMe, setError);
  }, [api, token]);

  const logIn = (next: string) => {
    storeToken(next);
    setToken(next);
    window.location.hash = '#/';
  };
  const logOut = () => {
    forgetToken();
    setToken(undefined);
    window.location.hash = '#/';
  };

  if (!token) return <LoginPage onToken={logIn} />;
  if (error) return <LoginPage onToken={logIn} error={error} />;
  if (!me) return <Loading />;
  const session: Session = {
    api,
    me,
    is: (role) => me.roles.includes(role as Me['roles'][number]),
  };
  return (
    <SessionContext.Provider value={session}>
      <Shell onLogOut={logOut} />
    </SessionContext.Provider>
  );
}

function Shell({ onLogOut }: { onLogOut(): void }) {
  const { t, language, setLanguage } = useI18n();
  const route = useRoute();
  const session = useSession();
  const { me, is } = session;
  const works = is('coordinator') || is('coordinating-unit');
  const oversees = is('coordinating-unit') || is('auditor');
  return (
    <>
      <a className="skip-link" href="#content" onClick={skipTo}>
        {t.skipToContent}
      </a>
      <header className="top">
        <span className="brand">{t.appName}</span>
        <nav aria-label={t.nav.main}>
          <ul>
            {works && (
              <li>
                <a
                  href={href.caseload()}
                  aria-current={route.page === 'caseload' ? 'page' : undefined}
                >
                  {is('coordinating-unit') ? t.nav.unitCaseload : t.nav.caseload}
                </a>
              </li>
            )}
            {oversees && (
              <li>
                <a href={href.gaps()} aria-current={route.page === 'gaps' ? 'page' : undefined}>
                  {t.nav.gaps}
                </a>
              </li>
            )}
            {oversees && (
              <li>
                <a
                  href={href.dashboard()}
                  aria-current={route.page === 'dashboard' ? 'page' : undefined}
                >
                  {t.nav.dashboard}
                </a>
              </li>
            )}
          </ul>
        </nav>
        <div className="who">
          <span>
            {t.loggedInAs} <strong>{me.name}</strong> (
            {me.roles.map((role) => roleLabel(t, role)).join(', ')})
          </span>
          <button
            type="button"
            onClick={() => setLanguage(language === 'nb' ? 'en' : 'nb')}
            lang={language === 'nb' ? 'en' : 'nb'}
          >
            {t.switchLanguage}
          </button>
          <button type="button" onClick={onLogOut}>
            {t.logOut}
          </button>
        </div>
      </header>
      <main id="content" tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  );
}

function Page({ route }: { route: Route }) {
  const { t } = useI18n();
  const { is } = useSession();
  switch (route.page) {
    case 'caseload':
      if (!is('coordinator') && !is('coordinating-unit')) return <DashboardPage />;
      return <CaseloadPage />;
    case 'gaps':
      return <GapsPage />;
    case 'dashboard':
      return <DashboardPage />;
    case 'child':
      return <ChildPage key={route.childRef} childRef={route.childRef} />;
    case 'access-log':
      return <AccessLogPage key={route.childRef} childRef={route.childRef} />;
    default:
      return <Problem error={new Error(t.errors.notFound)} />;
  }
}

function skipTo(event: MouseEvent<HTMLAnchorElement>) {
  event.preventDefault();
  document.getElementById('content')?.focus();
}
