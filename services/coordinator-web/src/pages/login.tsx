import { useEffect, useState, type FormEvent } from 'react';
import { ApiClient } from '../api/client';
import type { SessionOptions, TokenResponse } from '../api/types';
import { roleLabel } from '../components/labels';
import { Loading, Problem } from '../components/problem';
import { useI18n } from '../i18n/i18n';
import { completeOidcLogin, isOidcReturn, startOidcLogin } from '../oidc';

const anonymous = new ApiClient(() => undefined);

/**
 * Log-in: the embedded run's demo users (a token from the service's demo log-in), or a bearer
 * token from the organisation's identity provider pasted in.
 */
export function LoginPage({ onToken, error }: { onToken(token: string): void; error?: unknown }) {
  const { t, language, setLanguage } = useI18n();
  const [options, setOptions] = useState<SessionOptions>();
  const [failure, setFailure] = useState<unknown>(error);
  const [pasted, setPasted] = useState('');

  useEffect(() => {
    anonymous
      .get<SessionOptions>('/v1/session/options')
      .then(async (answer) => {
        setOptions(answer);
        // Back from the identity provider: finish the log-in.
        if (answer.oidc && isOidcReturn()) onToken(await completeOidcLogin(answer.oidc));
      })
      .catch(setFailure);
    // Once, on arrival: the redirect back is read once.
  }, []);

  const demo = async (userId: string) => {
    try {
      const answer = await anonymous.post<TokenResponse>('/v1/session/demo', { userId });
      onToken(answer.access_token);
    } catch (caught) {
      setFailure(caught);
    }
  };
  const usePasted = (event: FormEvent) => {
    event.preventDefault();
    if (pasted.trim()) onToken(pasted.trim());
  };

  const oidc = options?.oidc;
  return (
    <main id="content" className="login">
      <div className="login-top">
        <span className="brand">{t.appName}</span>
        <button
          type="button"
          onClick={() => setLanguage(language === 'nb' ? 'en' : 'nb')}
          lang={language === 'nb' ? 'en' : 'nb'}
        >
          {t.switchLanguage}
        </button>
      </div>
      <h1>{t.login.title}</h1>
      <p>{t.login.intro}</p>
      {failure !== undefined && <Problem error={failure} />}
      {!options && !failure && <Loading />}
      {oidc && (
        <p>
          <button
            type="button"
            className="primary"
            onClick={() => void startOidcLogin(oidc).catch(setFailure)}
          >
            {t.login.oidc}
          </button>
        </p>
      )}
      {options?.demoLogin && (
        <section aria-labelledby="demo-users">
          <h2 id="demo-users">
            {t.login.demoUsers} ({options.demoLogin.municipality})
          </h2>
          <ul className="demo-users">
            {options.demoLogin.users.map((user) => (
              <li key={user.id}>
                <button type="button" onClick={() => void demo(user.id)} data-user-id={user.id}>
                  <strong>{user.name}</strong>
                  <span>{user.roles.map((role) => roleLabel(t, role)).join(', ')}</span>
                  {user.children !== undefined && <span>{t.login.children(user.children)}</span>}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {options && !options.demoLogin && !options.oidc && <p>{t.login.noDemo}</p>}
      <form onSubmit={usePasted} className="token-form">
        <label htmlFor="token">{t.login.tokenLabel}</label>
        <p id="token-help" className="help">
          {t.login.tokenHelp}
        </p>
        <textarea
          id="token"
          aria-describedby="token-help"
          rows={3}
          value={pasted}
          onChange={(e) => setPasted(e.target.value)}
        />
        <button type="submit">{t.login.useToken}</button>
      </form>
    </main>
  );
}
