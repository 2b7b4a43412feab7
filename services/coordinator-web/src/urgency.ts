// Most urgent first (the caseload's order). Every open gap's deadline has passed (a gap opens at
// its deadline), so "overdue" here means past twice the deadline (escalated: flagged to the
// coordinating unit); then the oldest deadline first; resolved gaps last.

export interface UrgencyOfGap {
  status: string;
  escalated: boolean;
  dueAt: string;
}

export interface UrgencyOfChild {
  escalatedGaps: number;
  openGaps: number;
  oldestDueAt: string | null;
  name: string | null;
  childRef: string;
}

export function byGapUrgency<G extends UrgencyOfGap>(a: G, b: G): number {
  const resolved = Number(a.status === 'resolved') - Number(b.status === 'resolved');
  if (resolved !== 0) return resolved;
  const escalated = Number(b.escalated) - Number(a.escalated);
  if (escalated !== 0) return escalated;
  return Date.parse(a.dueAt) - Date.parse(b.dueAt);
}

export function byChildUrgency<C extends UrgencyOfChild>(a: C, b: C): number {
  const escalated = Number(b.escalatedGaps > 0) - Number(a.escalatedGaps > 0);
  if (escalated !== 0) return escalated;
  const open = Number(b.openGaps > 0) - Number(a.openGaps > 0);
  if (open !== 0) return open;
  if (a.oldestDueAt !== null && b.oldestDueAt !== null && a.oldestDueAt !== b.oldestDueAt) {
    return Date.parse(a.oldestDueAt) - Date.parse(b.oldestDueAt);
  }
  return (a.name ?? a.childRef).localeCompare(b.name ?? b.childRef, 'nb');
}
