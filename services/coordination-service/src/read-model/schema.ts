/**
 * The coordination service's read model: the tables the projection writes and the read API
 * queries, in the PostgreSQL schema `read_model` of the coordination database. Created by
 * idempotent SQL at start (`ensureReadModel`); a rebuild drops the schema and creates it again.
 */

import { GAP_RESOLUTION_MODES } from '@samvirke/contracts';

/** Anything that runs SQL with `$n` parameters: a `pg` client, a TypeORM DataSource or EntityManager. */
export interface SqlExecutor {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export const READ_MODEL_SCHEMA = 'read_model';

/** Bumped when a table changes in a way `CREATE ... IF NOT EXISTS` cannot carry: a rebuild is then due. */
export const READ_MODEL_VERSION = 1;

export const TIMELINE_SECTORS = ['health', 'school', 'child-welfare', 'coordination'] as const;
export type TimelineSector = (typeof TIMELINE_SECTORS)[number];

export const GAP_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type GapStatus = (typeof GAP_STATUSES)[number];

/** How a gap was resolved: as `gap-resolved.how` says, or closed because its rule no longer applies. */
export const GAP_RESOLUTIONS = [...GAP_RESOLUTION_MODES, 'no-longer-applies'] as const;
export type GapResolution = (typeof GAP_RESOLUTIONS)[number];

export const READ_MODEL_SQL = `
CREATE SCHEMA IF NOT EXISTS read_model;

CREATE TABLE IF NOT EXISTS read_model.children (
  child_ref text PRIMARY KEY,
  -- The municipality of the child's latest recorded event (its thresholds apply).
  municipality text,
  enrolled boolean NOT NULL DEFAULT false,
  enrolled_at timestamptz,
  -- As child-enrolled carried it: ciphertext in production, clear name only in tests and the demo.
  name_ciphertext text,
  name text,
  coordinator_id text,
  coordinator_assigned_at timestamptz,
  -- ChildFacts (src/child-facts): the order-independent fold of every event of the child.
  facts jsonb NOT NULL,
  -- { [consentId]: { sectors, givenBy, givenAt, expiresAt?, withdrawnAt? } }
  consents jsonb NOT NULL DEFAULT '{}',
  -- The current individual plan: { establishedAt, revisedAt?, reviewDueAt, versions } or null.
  plan jsonb,
  -- The sectors with any event for the child, e.g. {health,school}.
  sectors text[] NOT NULL DEFAULT '{}',
  last_event_at timestamptz,
  -- Events applied to this child (each once: a redelivery does not count).
  event_count integer NOT NULL DEFAULT 0,
  erased_at timestamptz,
  -- The gap engine's timer: the earliest instant at which the child's gaps change without a new event.
  next_check_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS children_municipality_idx ON read_model.children (municipality, child_ref);
CREATE INDEX IF NOT EXISTS children_coordinator_idx ON read_model.children (coordinator_id, child_ref)
  WHERE coordinator_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS children_next_check_idx ON read_model.children (next_check_at)
  WHERE next_check_at IS NOT NULL;

CREATE TABLE IF NOT EXISTS read_model.timeline_entries (
  event_id text PRIMARY KEY,
  child_ref text NOT NULL,
  municipality text NOT NULL,
  sector text NOT NULL CHECK (sector IN ('health', 'school', 'child-welfare', 'coordination')),
  -- The full event type, e.g. no.samvirke.health.discharge-recorded.v1.
  type text NOT NULL,
  occurred_at timestamptz NOT NULL,
  -- When the sector service stored the fact (the envelope's recordedAt).
  recorded_at timestamptz NOT NULL,
  -- Content-free words a coordinator understands ("Discharge recorded"); safe without consent.
  summary text NOT NULL,
  -- The event's data: show only where consent (or another legal basis) covers the sector.
  details jsonb NOT NULL,
  -- Bookkeeping: when this projection wrote the row.
  projected_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS timeline_child_time_idx ON read_model.timeline_entries (child_ref, occurred_at, event_id);
-- A sector filter walks the child's entries in time order (a child has hundreds at most): a
-- second index per sector cost every insert a quarter more and no read needed it.
DROP INDEX IF EXISTS read_model.timeline_child_sector_time_idx;

CREATE TABLE IF NOT EXISTS read_model.gaps (
  -- UUID v5 of '<childRef>:<gapKey>' (see gapIdOf): a replay gives the same id.
  gap_id uuid PRIMARY KEY,
  -- The rule's key, '<ruleId>:<trigger>'. Null only for a gap known from its events alone (see README).
  gap_key text,
  child_ref text NOT NULL,
  municipality text,
  rule_id text NOT NULL,
  rule_version integer NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'acknowledged', 'resolved')),
  owner text NOT NULL,
  -- The coordinator's id for coordinator-owned gaps, when one is assigned.
  owner_id text,
  legal_basis text NOT NULL,
  -- Ids of the events that opened the gap.
  evidence text[] NOT NULL,
  -- What kind of gap, without content (sectors, transition, number of absent days).
  detail jsonb,
  triggered_at timestamptz,
  -- Event time: a gap opens when its deadline passes, so opened_at = due_at.
  opened_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  escalates_at timestamptz,
  escalated boolean NOT NULL DEFAULT false,
  resolved_at timestamptz,
  resolution text CHECK (resolution IN ('auto', 'manual', 'no-longer-applies')),
  resolving_event_id text,
  resolved_by text,
  -- How long after due_at the missing fact came (resolution auto); 0 otherwise.
  late_by_ms bigint,
  acknowledged_at timestamptz,
  acknowledged_by text,
  -- What a coordinator reads: the note of a manual resolution, else that of the first acknowledgement.
  note text,
  acknowledged_note text,
  resolution_note text,
  -- Bookkeeping: when this projection first recorded the gap, by its clock.
  detected_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT gaps_child_key_key UNIQUE (child_ref, gap_key),
  CONSTRAINT gaps_resolved_check CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);
CREATE INDEX IF NOT EXISTS gaps_child_idx ON read_model.gaps (child_ref, status, due_at);
CREATE INDEX IF NOT EXISTS gaps_municipality_status_idx ON read_model.gaps (municipality, status, due_at, gap_id);
CREATE INDEX IF NOT EXISTS gaps_rule_status_idx ON read_model.gaps (rule_id, status, due_at);
CREATE INDEX IF NOT EXISTS gaps_open_idx ON read_model.gaps (municipality, due_at) WHERE status <> 'resolved';

ALTER TABLE read_model.gaps ADD COLUMN IF NOT EXISTS acknowledged_note text;
ALTER TABLE read_model.gaps ADD COLUMN IF NOT EXISTS resolution_note text;

-- The gap engine's events on their way to the event store (appended after the commit, in order).
-- Outside the read model: a rebuild drops the read model, not the events still to be stored.
CREATE TABLE IF NOT EXISTS coordination_gap_outbox (
  seq bigserial PRIMARY KEY,
  event_id uuid NOT NULL UNIQUE,
  stream_id text NOT NULL,
  envelope jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Transfers of children between municipalities: the receiving unit finds its pending ones here.
CREATE TABLE IF NOT EXISTS read_model.transfers (
  transfer_id text PRIMARY KEY,
  child_ref text NOT NULL,
  from_municipality text,
  to_municipality text,
  status text NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
  requested_at timestamptz,
  requested_by text,
  answered_at timestamptz,
  answered_by text,
  -- A decline's reason, for the sending unit (not for personal data).
  reason text,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS transfers_to_idx ON read_model.transfers (to_municipality, status, requested_at, transfer_id);
CREATE INDEX IF NOT EXISTS transfers_from_idx ON read_model.transfers (from_municipality, status, requested_at, transfer_id);

CREATE TABLE IF NOT EXISTS read_model.meta (
  key text PRIMARY KEY,
  value text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`;

/**
 * Creates the read model where missing. One simple-protocol query runs as one transaction, so
 * the advisory lock holds to the end and several instances may start at once.
 */
export async function ensureReadModel(sql: SqlExecutor): Promise<void> {
  await sql.query(
    `SELECT pg_advisory_xact_lock(hashtext('samvirke.coordination.read-model'));` +
      READ_MODEL_SQL +
      `INSERT INTO read_model.meta (key, value) VALUES ('version', '${READ_MODEL_VERSION}') ON CONFLICT (key) DO NOTHING;`,
  );
}

/** Drops every table of the read model (a rebuild creates them again). */
export async function dropReadModel(sql: SqlExecutor): Promise<void> {
  await sql.query(`DROP SCHEMA IF EXISTS read_model CASCADE`);
}
