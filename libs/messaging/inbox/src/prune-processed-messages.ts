import type { DataSource } from 'typeorm';
import { PROCESSED_MESSAGES_TABLE } from './inbox.migrations.js';

/**
 * Deletes inbox records older than `olderThanDays` (by the database clock) and returns how many.
 *
 * A record only has to outlive every possible redelivery of its message: broker redeliveries,
 * retry queues and, above all, a person redriving dead letters. Keep it well beyond the longest
 * of those (e.g. 14 days when dead letters are redriven within a week). Deleting in batches keeps each transaction and its
 * locks short, so consumers writing new records are never held up by a large prune.
 */
export const pruneProcessedMessages = async (
  dataSource: DataSource,
  olderThanDays: number,
  { batchSize = 5_000 }: { batchSize?: number } = {},
): Promise<number> => {
  if (!Number.isFinite(olderThanDays) || olderThanDays <= 0) {
    throw new RangeError(`olderThanDays must be a positive number, got ${olderThanDays}`);
  }
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  let pruned = 0;
  for (;;) {
    const [, deleted]: [unknown, number] = await dataSource.query(
      `DELETE FROM ${PROCESSED_MESSAGES_TABLE} WHERE ctid IN (
         SELECT ctid FROM ${PROCESSED_MESSAGES_TABLE}
         WHERE processed_at < now() - make_interval(secs => $1)
         LIMIT $2)`,
      [olderThanDays * 86_400, batchSize],
    );
    pruned += deleted;
    if (deleted < batchSize) return pruned;
  }
};
