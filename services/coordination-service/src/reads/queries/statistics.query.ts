import { RULE_IDS } from '@samvirke/gap-engine';
import type { ReadModelDb } from '../read-model.database';

export interface RuleFigures {
  ruleId: string;
  /** Every gap the rule found, whatever became of it. */
  opened: number;
  /** Open or acknowledged now. */
  open: number;
  /** Of those open, past twice the threshold: flagged to the coordinating unit. */
  escalated: number;
  resolved: number;
  /** Resolved with no time past the deadline recorded (`late_by_ms` absent or 0). */
  resolvedWithinDeadline: number;
  /** `resolvedWithinDeadline` of `resolved`, in percent with one decimal; null when none is resolved. */
  withinDeadlinePercent: number | null;
}

/** The figures per gap rule for one municipality (DOMAIN.md), every rule listed, in the rule table's order. */
export async function ruleFigures(db: ReadModelDb, municipality: string): Promise<RuleFigures[]> {
  const { rows } = await db.query<{
    rule_id: string;
    opened: number;
    open: number;
    escalated: number;
    resolved: number;
    within: number;
  }>(
    `SELECT rule_id,
       count(*)::int AS opened,
       count(*) FILTER (WHERE status <> 'resolved')::int AS open,
       count(*) FILTER (WHERE status <> 'resolved' AND escalated)::int AS escalated,
       count(*) FILTER (WHERE status = 'resolved')::int AS resolved,
       count(*) FILTER (WHERE status = 'resolved' AND coalesce(late_by_ms, 0) = 0)::int AS within
     FROM read_model.gaps WHERE municipality = $1 GROUP BY rule_id`,
    [municipality],
  );
  const byRule = new Map(rows.map((row) => [row.rule_id, row]));
  const ruleIds = [
    ...RULE_IDS,
    ...rows.map((row) => row.rule_id).filter((id) => !(RULE_IDS as readonly string[]).includes(id)),
  ];
  return ruleIds.map((ruleId) => {
    const row = byRule.get(ruleId);
    const resolved = row?.resolved ?? 0;
    const within = row?.within ?? 0;
    return {
      ruleId,
      opened: row?.opened ?? 0,
      open: row?.open ?? 0,
      escalated: row?.escalated ?? 0,
      resolved,
      resolvedWithinDeadline: within,
      withinDeadlinePercent: resolved === 0 ? null : Math.round((1000 * within) / resolved) / 10,
    };
  });
}
