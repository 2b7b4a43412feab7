import { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';

/** An error as a person reads it: what went wrong, and each bad field by name. */
export function Problem({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const api = error instanceof ApiError ? error : undefined;
  const message =
    api?.status === 403
      ? t.errors.forbidden
      : api?.status === 404
        ? t.errors.notFound
        : (api?.detail ?? api?.title ?? String(error));
  return (
    <div role="alert" className="problem">
      <strong>{t.errors.title}</strong>
      <p>{message}</p>
      {api && api.errors.length > 0 && (
        <ul>
          {api.errors.map((e) => (
            <li key={`${e.field}:${e.message}`}>{t.errors.field(e.field, e.message)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" className="loading">
      {t.loading}
    </p>
  );
}
