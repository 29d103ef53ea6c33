import type { DataSource } from 'typeorm';
import { quoted } from '../sql.js';

export type SwapResult =
  | { swapped: true }
  | { swapped: false; behind: Array<{ topic: string; partition: number; liveNextOffset: number }> };

type PositionRow = { topic: string; partition: number; next_offset: string };

/**
 * Swaps the replay's schema in under the live name, in one transaction, if the replay has applied
 * at least everything the live consumer has (per partition). Lock order: the live positions table
 * first, which every live batch also writes first, so live batches wait here rather than
 * deadlock, and continue on the new tables once this commits (PostgreSQL resolves the name
 * again after the wait). What the replay applied beyond the live consumer, the live consumer
 * re-applies later and the dedupe ignores. Queries are blocked for milliseconds, not more.
 */
export const swapSchemas = async (
  dataSource: DataSource,
  {
    live,
    replay,
    retired,
    topics,
  }: { live: string; replay: string; retired: string; topics: readonly string[] },
): Promise<SwapResult> =>
  dataSource.transaction(async (tx) => {
    await tx.query(`SET LOCAL lock_timeout = '10s'`);
    const [found] = (await tx.query(`SELECT to_regclass($1) AS t`, [
      `${quoted(live)}.stream_positions`,
    ])) as Array<{ t: string | null }>;
    if (found?.t !== null && found?.t !== undefined) {
      await tx.query(`LOCK TABLE ${quoted(live)}.stream_positions IN ACCESS EXCLUSIVE MODE`);
      const positions = async (schema: string) =>
        (await tx.query(
          `SELECT topic, partition, next_offset FROM ${quoted(schema)}.stream_positions WHERE topic = ANY($1)`,
          [[...topics]],
        )) as PositionRow[];
      const replayed = new Map(
        (await positions(replay)).map((r) => [`${r.topic}/${r.partition}`, Number(r.next_offset)]),
      );
      const behind = (await positions(live))
        .filter((r) => (replayed.get(`${r.topic}/${r.partition}`) ?? -1) < Number(r.next_offset))
        .map((r) => ({
          topic: r.topic,
          partition: r.partition,
          liveNextOffset: Number(r.next_offset),
        }));
      if (behind.length > 0) return { swapped: false, behind };
      await tx.query(`ALTER SCHEMA ${quoted(live)} RENAME TO ${quoted(retired)}`);
    }
    await tx.query(`ALTER SCHEMA ${quoted(replay)} RENAME TO ${quoted(live)}`);
    await tx.query(`DROP SCHEMA IF EXISTS ${quoted(retired)} CASCADE`);
    return { swapped: true };
  });
