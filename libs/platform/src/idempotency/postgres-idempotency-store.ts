import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import {
  ClaimResult,
  DEFAULT_IDEMPOTENCY_TIMINGS,
  IdempotencyRequest,
  IdempotencyStore,
  IdempotencyTimings,
  StoredResponse,
} from './idempotency-store';

export interface PostgresIdempotencyStoreOptions extends Partial<IdempotencyTimings> {
  /** The process's pool (`DATABASE_POOL`); the store never closes it. */
  pool: Pool;
  /** The schema holding the `idempotency_keys` table; created when missing. */
  schema?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Idempotency keys in PostgreSQL, so a restarted or second instance still knows them. A claim
 * is one `INSERT ... ON CONFLICT` on the primary key `(issuer, caller, municipality,
 * idempotency_key)`: of several concurrent requests with one key, exactly one inserts and runs.
 */
export class PostgresIdempotencyStore implements IdempotencyStore {
  private readonly pool: Pool;
  private readonly table: string;
  private readonly timings: IdempotencyTimings;

  private constructor(private readonly options: PostgresIdempotencyStoreOptions) {
    const schema = options.schema ?? 'platform';
    if (!IDENTIFIER.test(schema))
      throw new Error(`invalid schema name for the idempotency store: ${schema}`);
    this.table = `"${schema}".idempotency_keys`;
    this.timings = {
      leaseMs: options.leaseMs ?? DEFAULT_IDEMPOTENCY_TIMINGS.leaseMs,
      retentionMs: options.retentionMs ?? DEFAULT_IDEMPOTENCY_TIMINGS.retentionMs,
    };
    this.pool = options.pool;
  }

  /** Creates the schema and table when missing. */
  static async open(options: PostgresIdempotencyStoreOptions): Promise<PostgresIdempotencyStore> {
    const store = new PostgresIdempotencyStore(options);
    await store.migrate();
    return store;
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Instances starting together would race on CREATE ... IF NOT EXISTS without it.
      await client.query(
        `SELECT pg_advisory_xact_lock(hashtext('samvirke.platform.idempotency_keys'))`,
      );
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${this.options.schema ?? 'platform'}"`);
      await client.query(`
        CREATE TABLE IF NOT EXISTS ${this.table} (
          issuer          text        NOT NULL DEFAULT '',
          caller          text        NOT NULL,
          municipality    text        NOT NULL DEFAULT '',
          idempotency_key text        NOT NULL,
          fingerprint     text        NOT NULL,
          claim_token     uuid        NOT NULL,
          state           text        NOT NULL CHECK (state IN ('in-progress', 'completed')),
          locked_until    timestamptz NOT NULL,
          expires_at      timestamptz NOT NULL,
          response_status integer,
          -- text, not jsonb: a repeat gets the first answer byte for byte
          response_body   text,
          created_at      timestamptz NOT NULL DEFAULT now(),
          completed_at    timestamptz,
          PRIMARY KEY (issuer, caller, municipality, idempotency_key)
        )`);
      await this.scopeByIssuerAndMunicipality(client);
      await client.query(
        `CREATE INDEX IF NOT EXISTS idempotency_keys_expires_at ON ${this.table} (expires_at)`,
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * A table made when keys were scoped by `sub` alone gains the issuer and municipality; its rows
   * get '' for both, so they keep answering the callers whose tokens have neither, and the rest
   * expire within the retention.
   */
  private async scopeByIssuerAndMunicipality(client: {
    query(sql: string): Promise<{ rows: Array<Record<string, unknown>> }>;
  }): Promise<void> {
    await client.query(
      `ALTER TABLE ${this.table} ADD COLUMN IF NOT EXISTS issuer text NOT NULL DEFAULT ''`,
    );
    await client.query(
      `ALTER TABLE ${this.table} ADD COLUMN IF NOT EXISTS municipality text NOT NULL DEFAULT ''`,
    );
    const { rows } = await client.query(
      `SELECT conname, array_length(conkey, 1) AS columns FROM pg_constraint WHERE conrelid = '${this.table}'::regclass AND contype = 'p'`,
    );
    const key = rows[0] as { conname: string; columns: number } | undefined;
    if (key && key.columns !== 4) {
      await client.query(
        `ALTER TABLE ${this.table} DROP CONSTRAINT "${key.conname}", ADD PRIMARY KEY (issuer, caller, municipality, idempotency_key)`,
      );
    }
  }

  async claim(request: IdempotencyRequest): Promise<ClaimResult> {
    // A key released between our insert attempt and our read is simply tried again.
    for (let attempt = 0; attempt < 5; attempt++) {
      const token = randomUUID();
      const inserted = await this.pool.query(
        `INSERT INTO ${this.table} AS k
           (caller, idempotency_key, fingerprint, claim_token, state, locked_until, expires_at, issuer, municipality)
         VALUES ($1, $2, $3, $4, 'in-progress', now() + make_interval(secs => $5), now() + make_interval(secs => $6), $7, $8)
         ON CONFLICT (issuer, caller, municipality, idempotency_key) DO UPDATE SET
           fingerprint = EXCLUDED.fingerprint, claim_token = EXCLUDED.claim_token, state = 'in-progress',
           locked_until = EXCLUDED.locked_until, expires_at = EXCLUDED.expires_at,
           response_status = NULL, response_body = NULL, created_at = now(), completed_at = NULL
         WHERE k.expires_at < now()
            OR (k.state = 'in-progress' AND k.locked_until < now() AND k.fingerprint = EXCLUDED.fingerprint)
         RETURNING claim_token`,
        [
          request.caller,
          request.key,
          request.fingerprint,
          token,
          this.timings.leaseMs / 1000,
          this.timings.retentionMs / 1000,
          request.issuer,
          request.municipality,
        ],
      );
      if (inserted.rowCount === 1) return { outcome: 'claimed', token };

      const found = await this.pool.query<{
        fingerprint: string;
        state: string;
        response_status: number | null;
        response_body: string | null;
      }>(
        `SELECT fingerprint, state, response_status, response_body FROM ${this.table}
          WHERE caller = $1 AND idempotency_key = $2 AND issuer = $3 AND municipality = $4`,
        [request.caller, request.key, request.issuer, request.municipality],
      );
      const row = found.rows[0];
      if (!row) continue;
      if (row.state === 'in-progress')
        return { outcome: 'in-progress', fingerprint: row.fingerprint };
      return {
        outcome: 'completed',
        fingerprint: row.fingerprint,
        response: { status: row.response_status ?? 200, body: row.response_body },
      };
    }
    throw new Error(`idempotency key ${request.key} kept changing hands`);
  }

  async complete(
    request: IdempotencyRequest,
    token: string,
    response: StoredResponse,
  ): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE ${this.table}
          SET state = 'completed', response_status = $4, response_body = $5, completed_at = now(),
              expires_at = now() + make_interval(secs => $6)
        WHERE caller = $1 AND idempotency_key = $2 AND claim_token = $3 AND issuer = $7 AND municipality = $8`,
      [
        request.caller,
        request.key,
        token,
        response.status,
        response.body,
        this.timings.retentionMs / 1000,
        request.issuer,
        request.municipality,
      ],
    );
    return result.rowCount === 1;
  }

  async release(request: IdempotencyRequest, token: string): Promise<void> {
    await this.pool.query(
      `DELETE FROM ${this.table}
        WHERE caller = $1 AND idempotency_key = $2 AND claim_token = $3 AND state = 'in-progress' AND issuer = $4 AND municipality = $5`,
      [request.caller, request.key, token, request.issuer, request.municipality],
    );
  }

  /** Deletes records past their retention; returns how many. Expired ones are ignored anyway. */
  async purgeExpired(): Promise<number> {
    const result = await this.pool.query(`DELETE FROM ${this.table} WHERE expires_at < now()`);
    return result.rowCount ?? 0;
  }

  /** For a readiness check. */
  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  /** Nothing to close: the pool is the process's, closed with its DataSource. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
