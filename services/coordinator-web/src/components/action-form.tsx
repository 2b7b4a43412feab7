import { useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/i18n';
import { isoOfLocal, localNow } from './labels';
import { Problem } from './problem';

export type FieldSpec =
  | { name: string; label: string; kind: 'datetime'; optional?: boolean; now?: boolean }
  | { name: string; label: string; kind: 'date'; optional?: boolean }
  | { name: string; label: string; kind: 'text' | 'textarea'; optional?: boolean }
  | {
      name: string;
      label: string;
      kind: 'select';
      options: Array<{ value: string; label: string }>;
    }
  | {
      name: string;
      label: string;
      kind: 'checkboxes';
      options: Array<{ value: string; label: string }>;
    };

export type FormValues = Record<string, string | string[] | undefined>;

/**
 * One form of the child page: its fields, a submit button, the service's answer (each bad field
 * named). Times go out as RFC 3339; a date as the end of that day in the browser's zone. One
 * Idempotency-Key per attempt, kept when the network fails, so a retry never records twice.
 */
export function ActionForm({
  id,
  title,
  submitLabel,
  fields,
  onSubmit,
}: {
  id: string;
  title: string;
  submitLabel: string;
  fields: FieldSpec[];
  onSubmit(values: FormValues, idempotencyKey: string): Promise<unknown>;
}) {
  const { t } = useI18n();
  const initial = () =>
    Object.fromEntries(
      fields.map((f) => [
        f.name,
        f.kind === 'checkboxes'
          ? []
          : f.kind === 'datetime' && f.now !== false
            ? localNow()
            : f.kind === 'select'
              ? f.options[0]?.value
              : '',
      ]),
    );
  const [values, setValues] = useState<FormValues>(initial);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const key = useRef<string | undefined>(undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    setBusy(true);
    key.current ??= crypto.randomUUID();
    const out: FormValues = {};
    for (const field of fields) {
      const value = values[field.name];
      if (field.kind === 'datetime') out[field.name] = isoOfLocal(value as string);
      else if (field.kind === 'date')
        out[field.name] = value ? isoOfLocal(`${value as string}T23:59`) : undefined;
      else if (field.kind === 'text' || field.kind === 'textarea')
        out[field.name] = (value as string) || undefined;
      else out[field.name] = value;
    }
    try {
      await onSubmit(out, key.current);
      key.current = undefined;
      setSaved(true);
      setValues(initial());
    } catch (caught) {
      // A refusal is final for this body; only a lost answer keeps the key for the retry.
      if (!(caught instanceof TypeError)) key.current = undefined;
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="action-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {fields.map((field) => {
        const fieldId = `${id}-${field.name}`;
        if (field.kind === 'checkboxes') {
          return (
            <fieldset key={field.name}>
              <legend>{field.label}</legend>
              {field.options.map((option) => (
                <label key={option.value} className="check">
                  <input
                    type="checkbox"
                    name={field.name}
                    value={option.value}
                    checked={(values[field.name] as string[]).includes(option.value)}
                    onChange={(e) => {
                      const current = values[field.name] as string[];
                      setValues({
                        ...values,
                        [field.name]: e.target.checked
                          ? [...current, option.value]
                          : current.filter((v) => v !== option.value),
                      });
                    }}
                  />{' '}
                  {option.label}
                </label>
              ))}
            </fieldset>
          );
        }
        const common = {
          id: fieldId,
          name: field.name,
          value: (values[field.name] as string) ?? '',
          onChange: (e: { target: { value: string } }) =>
            setValues({ ...values, [field.name]: e.target.value }),
        };
        return (
          <div className="field" key={field.name}>
            <label htmlFor={fieldId}>{field.label}</label>
            {field.kind === 'select' ? (
              <select {...common}>
                {field.options.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
            ) : field.kind === 'textarea' ? (
              <textarea {...common} rows={3} required={!field.optional} />
            ) : (
              <input
                {...common}
                type={
                  field.kind === 'datetime'
                    ? 'datetime-local'
                    : field.kind === 'date'
                      ? 'date'
                      : 'text'
                }
                required={!('optional' in field && field.optional)}
              />
            )}
          </div>
        );
      })}
      <button type="submit" disabled={busy}>
        {submitLabel}
      </button>
      {saved && (
        <p role="status" className="saved">
          {t.child.saved}
        </p>
      )}
      {error !== undefined && <Problem error={error} />}
    </form>
  );
}
