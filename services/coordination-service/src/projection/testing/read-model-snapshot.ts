/** Anything that runs SQL and gives rows (a TypeORM DataSource, or a `pg` Pool through `rowsOf`). */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export interface ReadModelSnapshot {
  timeline: Array<Record<string, unknown>>;
  gaps: Array<Record<string, unknown>>;
  children: Array<Record<string, unknown>>;
}

/**
 * The read model as the read API sees it, in a stable order, without the projection's own
 * bookkeeping (when it wrote a row, when it first noticed a gap, its timers' due-now marks), so
 * two projections of the same events compare equal however the events came.
 */
export async function snapshotReadModel(db: Queryable): Promise<ReadModelSnapshot> {
  const rows = async (sql: string) => (await db.query(sql)) as Array<Record<string, unknown>>;
  return {
    timeline: await rows(
      `SELECT event_id, child_ref, municipality, sector, type, occurred_at::text AS occurred_at,
              recorded_at::text AS recorded_at, summary, details::text AS details
       FROM read_model.timeline_entries ORDER BY event_id`,
    ),
    gaps: await rows(
      `SELECT gap_id::text AS gap_id, gap_key, child_ref, municipality, rule_id, rule_version, status, owner, owner_id,
              legal_basis, evidence, detail::text AS detail, triggered_at::text AS triggered_at, opened_at::text AS opened_at,
              due_at::text AS due_at, escalates_at::text AS escalates_at, escalated, resolved_at::text AS resolved_at,
              resolution, resolving_event_id, resolved_by, late_by_ms::text AS late_by_ms,
              acknowledged_at::text AS acknowledged_at, acknowledged_by, note, acknowledged_note, resolution_note
       FROM read_model.gaps ORDER BY gap_id`,
    ),
    children: await rows(
      `SELECT child_ref, municipality, enrolled, enrolled_at::text AS enrolled_at, name_ciphertext, name, coordinator_id,
              coordinator_assigned_at::text AS coordinator_assigned_at, facts::text AS facts, consents::text AS consents,
              plan::text AS plan, sectors, last_event_at::text AS last_event_at, event_count, erased_at::text AS erased_at,
              next_check_at::text AS next_check_at
       FROM read_model.children ORDER BY child_ref`,
    ),
  };
}

/** Counts for a test's log line. */
export function describeSnapshot(snapshot: ReadModelSnapshot): string {
  const byStatus = new Map<string, number>();
  for (const gap of snapshot.gaps) {
    const key = `${String(gap.status)}${gap.resolution ? `/${String(gap.resolution)}` : ''}`;
    byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
  }
  const gaps = [...byStatus]
    .sort()
    .map(([key, n]) => `${key} ${n}`)
    .join(', ');
  return `${snapshot.children.length} children, ${snapshot.timeline.length} timeline entries, ${snapshot.gaps.length} gaps (${gaps})`;
}
