import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { EventStoreTables } from '../tables';

/** The events and checkpoints tables in the store's schema. */
export function createEventStoreMigration(tables: EventStoreTables): new () => MigrationInterface {
  const { schema, events, checkpoints } = tables;
  return class CreateEventStore1764000000000 implements MigrationInterface {
    readonly name = 'CreateEventStore1764000000000';

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await queryRunner.query(`
        CREATE TABLE ${events} (
          global_position bigserial PRIMARY KEY,
          -- The writing transaction: readAll walks (transaction_id, global_position) below the
          -- oldest transaction still running, so a late commit is never skipped.
          transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
          stream_id text NOT NULL,
          stream_version integer NOT NULL CHECK (stream_version > 0),
          event_id uuid NOT NULL,
          type text NOT NULL,
          data jsonb NOT NULL,
          metadata jsonb NOT NULL DEFAULT '{}',
          recorded_at timestamptz NOT NULL DEFAULT now(),
          CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version),
          CONSTRAINT events_event_id_key UNIQUE (event_id)
        )`);
      await queryRunner.query(
        `CREATE INDEX events_transaction_position_idx ON ${events} (transaction_id, global_position)`,
      );
      await queryRunner.query(`
        CREATE TABLE ${checkpoints} (
          name text PRIMARY KEY,
          checkpoint text NOT NULL,
          updated_at timestamptz NOT NULL DEFAULT now()
        )`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE ${checkpoints}`);
      await queryRunner.query(`DROP TABLE ${events}`);
    }
  };
}
