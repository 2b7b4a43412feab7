import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Principal } from '@samvirke/platform';
import { CLOCK } from '../commands/clock';
import type { Clock } from '../domain';
import type { SqlExecutor } from '../read-model';
import { READ_MODEL_DB, type ReadModelDb } from '../reads/read-model.database';

/**
 * What a logged read showed of the child: one child's summary, timeline, gaps or access log;
 * a lookup by personal id (`lookup` found the child enrolled here, `lookup-not-found` did not);
 * the child as a row of a list (`caseload`: the children list, `gap-list`: the gap list);
 * a transfer of the child between municipalities (`transfer`).
 */
export const ACCESS_KINDS = [
  'summary',
  'timeline',
  'gaps',
  'lookup',
  'lookup-not-found',
  'access-log',
  'caseload',
  'gap-list',
  'transfer',
] as const;
export type AccessKind = (typeof ACCESS_KINDS)[number];

/**
 * The access log: one row per read of one child, in schema `audit` beside the read model (a
 * rebuild, which drops `read_model`, keeps it). Append-only in the database too: a statement
 * trigger refuses UPDATE, DELETE and TRUNCATE, whoever connects.
 */
export const ACCESS_LOG_SQL = `
CREATE SCHEMA IF NOT EXISTS audit;

CREATE TABLE IF NOT EXISTS audit.access_log (
  id bigserial PRIMARY KEY,
  child_ref text NOT NULL,
  -- The caller: the token's sub, its display name, the roles under which the read was allowed.
  subject text NOT NULL,
  name text,
  roles text[] NOT NULL,
  municipality text,
  at timestamptz NOT NULL,
  what text NOT NULL,
  request_id text
);
CREATE INDEX IF NOT EXISTS access_log_child_idx ON audit.access_log (child_ref, at DESC, id DESC);

CREATE OR REPLACE FUNCTION audit.refuse_access_log_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit.access_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$fn$;

DROP TRIGGER IF EXISTS access_log_append_only ON audit.access_log;
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit.access_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_access_log_change();
`;

/** Creates the access log and its trigger where missing; under an advisory lock, as one transaction. */
export async function ensureAccessLog(sql: SqlExecutor): Promise<void> {
  await sql.query(
    `SELECT pg_advisory_xact_lock(hashtext('samvirke.coordination.access-log'));` + ACCESS_LOG_SQL,
  );
}

export interface AccessLogEntry {
  id: string;
  childRef: string;
  subject: string;
  name: string | null;
  roles: string[];
  municipality: string | null;
  at: string;
  what: AccessKind;
  requestId: string | null;
}

export type AccessLogEntryWithCursor = AccessLogEntry & { cursorAt: string };

/** Writes and reads the access log. Writing is one INSERT; nothing here updates or deletes. */
@Injectable()
export class AccessLog implements OnModuleInit {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await ensureAccessLog(this.db);
  }

  /** Records that `caller` read `what` of the child, under those of its roles that `allowedRoles` name. */
  record(
    caller: Principal,
    childRef: string,
    what: AccessKind,
    allowedRoles: readonly string[],
    requestId?: unknown,
  ): Promise<void> {
    return this.recordEach(caller, [childRef], what, allowedRoles, requestId);
  }

  /** As `record`, one row for each child (a list shows several): one INSERT; none for none. */
  async recordEach(
    caller: Principal,
    childRefs: readonly string[],
    what: AccessKind,
    allowedRoles: readonly string[],
    requestId?: unknown,
  ): Promise<void> {
    if (childRefs.length === 0) return;
    await this.db.query(
      `INSERT INTO audit.access_log (child_ref, subject, name, roles, municipality, at, what, request_id)
       SELECT child_ref, $2, $3, $4, $5, $6, $7, $8 FROM unnest($1::text[]) AS child_ref`,
      [
        [...new Set(childRefs)],
        caller.sub,
        // Principal.name falls back to the sub: keep null when the token carried no name.
        caller.name === caller.sub ? null : caller.name,
        caller.roles.filter((role) => allowedRoles.includes(role)),
        caller.municipality ?? null,
        this.clock(),
        what,
        typeof requestId === 'string' || typeof requestId === 'number' ? String(requestId) : null,
      ],
    );
  }

  /** One page of a child's log, newest first, keyset-paged on (at, id). One more than `limit`. */
  async find(
    childRef: string,
    before: readonly [string, string] | undefined,
    limit: number,
  ): Promise<AccessLogEntryWithCursor[]> {
    const parameters: unknown[] = [childRef, limit + 1];
    let after = '';
    if (before) {
      parameters.push(before[0], before[1]);
      after = 'AND (at, id) < ($3::timestamptz, $4::bigint)';
    }
    const { rows } = await this.db.query<{
      id: string;
      child_ref: string;
      subject: string;
      name: string | null;
      roles: string[];
      municipality: string | null;
      at: Date;
      what: AccessKind;
      request_id: string | null;
      cursor_at: string;
    }>(
      `SELECT id::text, child_ref, subject, name, roles, municipality, at, what, request_id,
         to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at
       FROM audit.access_log WHERE child_ref = $1 ${after}
       ORDER BY at DESC, id DESC LIMIT $2`,
      parameters,
    );
    return rows.map((row) => ({
      id: row.id,
      childRef: row.child_ref,
      subject: row.subject,
      name: row.name,
      roles: row.roles,
      municipality: row.municipality,
      at: row.at.toISOString(),
      what: row.what,
      requestId: row.request_id,
      cursorAt: row.cursor_at,
    }));
  }
}
