import { useState, type FormEvent } from 'react';
import { isRestricted, type Gap, type ListedGap, type TimelineEntry } from '../api/types';
import { useSession } from '../context';
import { useI18n } from '../i18n/i18n';
import { StatusBadge } from './gap-summary';
import { entrySummary, gapLabel } from './labels';
import { Problem } from './problem';

const DAY = 24 * 60 * 60 * 1000;

/**
 * A gap with what a coordinator needs to act: the rule and the law, the deadline, who owns the
 * next step, the evidence (links to the entries), and acknowledge / resolve with a note. A
 * restricted gap (no consent for its sector) shows only its deadline, owner and status.
 */
export function GapCard({
  gap,
  entries,
  onChanged,
  onEvidence,
}: {
  gap: ListedGap;
  entries: Map<string, TimelineEntry>;
  onChanged(gapId: string, status: string): Promise<void>;
  onEvidence(eventId: string): void;
}) {
  const { t, dateTime } = useI18n();
  const { api, is } = useSession();
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const canAct = (is('coordinator') || is('coordinating-unit')) && gap.status !== 'resolved';

  const act = (action: 'acknowledge' | 'resolve') => async (event?: FormEvent) => {
    event?.preventDefault();
    setError(undefined);
    if (!note.trim()) {
      setError(new Error(t.gaps.noteRequired));
      return;
    }
    setBusy(true);
    try {
      await api.post(`/v1/gaps/${gap.gapId}/${action}`, { note: note.trim() });
      setNote('');
      await onChanged(gap.gapId, action === 'acknowledge' ? 'acknowledged' : 'resolved');
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <article
      className={`gap-card status-${gap.status}${isRestricted(gap) ? ' restricted' : ''}`}
      id={`gap-${gap.gapId}`}
      tabIndex={-1}
      data-gap-id={gap.gapId}
      data-status={gap.status}
      aria-labelledby={`gap-${gap.gapId}-title`}
    >
      <h3 id={`gap-${gap.gapId}-title`}>
        {gapLabel(t, gap)} <StatusBadge status={gap.status} escalated={gap.escalated} />
      </h3>
      <dl className="facts">
        <dt>{t.gaps.due}</dt>
        <dd>
          <time dateTime={gap.dueAt}>{dateTime(gap.dueAt)}</time>
        </dd>
        <dt>{t.gaps.owner}</dt>
        <dd>
          {t.owners[gap.owner] ?? gap.owner}
          {!isRestricted(gap) && gap.ownerId ? ` (${gap.ownerId})` : ''}
        </dd>
      </dl>
      {isRestricted(gap) ? (
        <p className="restricted-note">{t.gaps.restrictedNote}</p>
      ) : (
        <GapFacts gap={gap} entries={entries} onEvidence={onEvidence} />
      )}
      {canAct && (
        <form className="gap-actions" onSubmit={act('resolve')}>
          <label htmlFor={`note-${gap.gapId}`}>{t.gaps.note}</label>
          <textarea
            id={`note-${gap.gapId}`}
            rows={2}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
          <div className="buttons">
            {gap.status === 'open' && (
              <button type="button" onClick={() => void act('acknowledge')()} disabled={busy}>
                {t.gaps.acknowledge}
              </button>
            )}
            <button type="submit" disabled={busy}>
              {t.gaps.resolve}
            </button>
          </div>
          {error !== undefined && <Problem error={error} />}
        </form>
      )}
    </article>
  );
}

/** The rule's facts: the law, the evidence (links to the entries), who acknowledged or resolved it, the note. */
function GapFacts({
  gap,
  entries,
  onEvidence,
}: {
  gap: Gap;
  entries: Map<string, TimelineEntry>;
  onEvidence(eventId: string): void;
}) {
  const { t, dateTime, date } = useI18n();
  return (
    <dl className="facts">
      <dt>{t.gaps.legalBasis}</dt>
      <dd>{gap.legalBasis}</dd>
      <dt>{t.gaps.evidence}</dt>
      <dd>
        <ul className="evidence">
          {gap.evidence.map((eventId) => {
            const entry = entries.get(eventId);
            return (
              <li key={eventId}>
                <button
                  type="button"
                  className="link"
                  onClick={() => onEvidence(eventId)}
                  disabled={!entry}
                >
                  {entry ? `${date(entry.occurredAt)}: ${entrySummary(t, entry)}` : eventId}
                </button>
              </li>
            );
          })}
        </ul>
      </dd>
      {gap.acknowledgedAt && (
        <>
          <dt>{t.statuses.acknowledged}</dt>
          <dd>{t.gaps.acknowledgedBy(gap.acknowledgedBy ?? '', dateTime(gap.acknowledgedAt))}</dd>
        </>
      )}
      {gap.resolvedAt && (
        <>
          <dt>{t.statuses.resolved}</dt>
          <dd>
            {gap.resolvedBy
              ? t.gaps.resolvedBy(gap.resolvedBy, dateTime(gap.resolvedAt))
              : t.gaps.autoResolved(dateTime(gap.resolvedAt))}
            {gap.lateByMs ? ` (${t.gaps.late(Math.ceil(gap.lateByMs / DAY))})` : ''}
          </dd>
        </>
      )}
      {gap.note && (
        <>
          <dt>{t.gaps.note}</dt>
          <dd className="note">{gap.note}</dd>
        </>
      )}
    </dl>
  );
}
