import type { ListedGap } from '../api/types';
import { useI18n } from '../i18n/i18n';
import { gapLabel } from './labels';

/** A status as a badge: words, not only colour. */
export function StatusBadge({ status, escalated }: { status: string; escalated?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <span className={`badge status-${status}`}>{t.statuses[status] ?? status}</span>
      {escalated && status !== 'resolved' && (
        <span className="badge escalated">{t.gaps.escalated}</span>
      )}
    </>
  );
}

/** One line about a gap: rule, status, deadline. */
export function GapLine({ gap }: { gap: ListedGap }) {
  const { t, date } = useI18n();
  return (
    <span className="gap-line" data-gap-id={gap.gapId}>
      <span className="rule">{gapLabel(t, gap)}</span>{' '}
      <StatusBadge status={gap.status} escalated={gap.escalated} />{' '}
      <span className="due">
        {t.gaps.due}: <time dateTime={gap.dueAt}>{date(gap.dueAt)}</time>
      </span>
    </span>
  );
}
