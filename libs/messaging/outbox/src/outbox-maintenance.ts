import type { DataSource, EntityManager } from 'typeorm';
import { OUTBOX_TABLE } from './outbox.migrations.js';

/** What the gauges show: pending rows, those out of attempts, the age of the oldest. */
export const readPendingStats = async (
  db: Pick<EntityManager, 'query'>,
  maxAttempts: number,
): Promise<{ pending: number; overAttemptLimit: number; oldestPendingAgeSeconds: number }> => {
  const [stats]: { pending: number; over_limit: number; oldest_age_seconds: number }[] =
    await db.query(
      `SELECT count(*)::int AS pending,
         (count(*) FILTER (WHERE attempts >= $1))::int AS over_limit,
         COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(created_at)), 0)::float8
           AS oldest_age_seconds
       FROM ${OUTBOX_TABLE} WHERE published_at IS NULL`,
      [maxAttempts],
    );
  return {
    pending: stats?.pending ?? 0,
    overAttemptLimit: stats?.over_limit ?? 0,
    oldestPendingAgeSeconds: stats?.oldest_age_seconds ?? 0,
  };
};

/**
 * Gives rows that used up their attempts a new set (all of them, or those with the given ids) and
 * returns how many. For a person, after fixing what made them fail (a missing queue or topic, a
 * long outage): the stream they block resumes in order at the next poll.
 */
export const retryParkedOutboxRows = async (
  dataSource: DataSource,
  maxAttempts: number,
  ids?: readonly string[],
): Promise<number> => {
  const [, updated]: [unknown, number] = await dataSource.query(
    `UPDATE ${OUTBOX_TABLE} SET attempts = 0, next_attempt_at = now()
     WHERE published_at IS NULL AND attempts >= $1 AND ($2::bigint[] IS NULL OR id = ANY($2))`,
    [maxAttempts, ids ?? null],
  );
  return updated;
};

/**
 * Deletes rows published more than `olderThanDays` ago, in batches so each transaction stays
 * short, and returns how many. Published rows serve only investigations; nothing reads them.
 */
export const prunePublishedOutboxRows = async (
  dataSource: DataSource,
  olderThanDays: number,
  { batchSize = 5_000 }: { batchSize?: number } = {},
): Promise<number> => {
  if (!(olderThanDays > 0))
    throw new RangeError(`olderThanDays must be positive, got ${olderThanDays}`);
  let pruned = 0;
  for (;;) {
    const [, deleted]: [unknown, number] = await dataSource.query(
      `DELETE FROM ${OUTBOX_TABLE} WHERE id IN (
         SELECT id FROM ${OUTBOX_TABLE}
         WHERE published_at < now() - make_interval(secs => $1) LIMIT $2)`,
      [olderThanDays * 86_400, batchSize],
    );
    pruned += deleted;
    if (deleted < batchSize) return pruned;
  }
};
