import { Kafka, logLevel } from 'kafkajs';
import { dropReadModel, ensureReadModel } from '../read-model';
import type { CoordinationProjection } from '../projection/coordination-projection';
import { KafkaCatchUpGate } from '../projection/catch-up-gate';
import type { GapScheduler } from '../scheduler/gap-scheduler';

export interface RebuildOptions {
  projection: CoordinationProjection;
  scheduler?: GapScheduler;
  /** Kafka, where the group's committed offsets go back to the beginning. */
  brokers: string[];
  /** Wait until the rebuilt model has caught up and every due timer ran. Default true. */
  wait?: boolean;
  timeoutMs?: number;
  /** Told what happens, step by step. */
  onStep?: (step: string) => void;
}

export interface RebuildReport {
  /** Stop, reset and drop. */
  resetMs: number;
  /** From the restart to caught up with the topics (the gap rules waiting). */
  catchUpMs?: number;
  /** From caught up to every due timer judged. */
  evaluateMs?: number;
  totalMs: number;
}

/**
 * Drops the read model and replays it from the topics, from the beginning: stops the consumer and
 * the scheduler (the batch in hand commits; queued gap events stay queued), deletes the
 * group's committed Kafka offsets, drops the `read_model` schema and the group's
 * offsets in one transaction, and starts again. The replay catches up with the gap rules
 * waiting, then the scheduler judges every child at once, so the result is the one built live.
 * The gap engine's events already stored are appended again as no-ops (deterministic ids).
 *
 * Kafka refuses to delete a group with members: stop the other instances first. If the drop
 * fails after the group was deleted, the database's offsets still win on restart.
 */
export async function rebuildReadModel(options: RebuildOptions): Promise<RebuildReport> {
  const { projection, scheduler, brokers } = options;
  const step = options.onStep ?? (() => undefined);
  const started = Date.now();

  step('stopping the projection and the scheduler');
  await scheduler?.stop();
  await projection.stop();

  step('deleting the group’s committed Kafka offsets');
  await deleteConsumerGroup(brokers, projection.groupId);

  step('dropping the read model and the group’s offsets');
  await projection.transactions.inTransaction(async (_tx, sql) => {
    await dropReadModel(sql);
    await sql.query(`DELETE FROM consumer_offsets WHERE consumer_group = $1`, [projection.groupId]);
    await ensureReadModel(sql);
    await sql.query(
      `INSERT INTO read_model.meta (key, value) VALUES ('rebuilt_at', $1), ('group_id', $2)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [new Date().toISOString(), projection.groupId],
    );
  });
  if (projection.gate instanceof KafkaCatchUpGate) projection.gate.reset();
  const resetMs = Date.now() - started;

  step('replaying from the beginning');
  await projection.start();
  scheduler?.start();
  if (options.wait === false) return { resetMs, totalMs: Date.now() - started };

  const deadline = started + (options.timeoutMs ?? 30 * 60_000);
  const replaying = Date.now();
  await until(
    () => projection.gate.isLive(),
    deadline,
    'the rebuilt projection did not catch up in time',
  );
  const caughtUp = Date.now();
  step('caught up; judging every child');
  await until(
    async () => (await dueChildren(projection)) === 0,
    deadline,
    'the scheduler did not judge every child in time',
  );
  const done = Date.now();
  return {
    resetMs,
    catchUpMs: caughtUp - replaying,
    evaluateMs: done - caughtUp,
    totalMs: done - started,
  };
}

/**
 * Deletes the group's committed offsets in Kafka, so it starts from the beginning (the
 * consumer's `fromBeginning`). One request, where moving offsets joins the group per topic.
 * Refused by Kafka while the group has members.
 */
async function deleteConsumerGroup(brokers: string[], groupId: string): Promise<void> {
  const admin = new Kafka({
    clientId: `${groupId}-rebuild`,
    brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    await admin.deleteGroups([groupId]);
  } catch (error) {
    // A group that never committed an offset does not exist: nothing to delete.
    const results = (error as { groups?: Array<{ error?: { type?: string } }> }).groups ?? [];
    if (!(
      results.length > 0 && results.every((group) => group.error?.type === 'GROUP_ID_NOT_FOUND')
    ))
      throw error;
  } finally {
    await admin.disconnect();
  }
}

async function dueChildren(projection: CoordinationProjection): Promise<number> {
  return projection.transactions.inTransaction(async (_tx, sql) => {
    const [row] = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM read_model.children WHERE next_check_at <= $1`,
      [projection.projector.now().toISOString()],
    );
    return row.n;
  });
}

async function until(
  condition: () => Promise<boolean>,
  deadline: number,
  message: string,
): Promise<void> {
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
