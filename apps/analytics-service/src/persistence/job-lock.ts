import type { Sql } from './sql.js';

const lockKey = (job: string) => `pattern-shop batch job ${job}`;

/**
 * A session advisory lock per job: true when this session now holds it. Session-scoped, so the
 * caller keeps one connection from here to `unlockJob`.
 */
export const tryLockJob = async (session: Sql, job: string): Promise<boolean> => {
  const [lock] = (await session.query(`SELECT pg_try_advisory_lock(hashtext($1)) AS "held"`, [
    lockKey(job),
  ])) as Array<{ held: boolean }>;
  return lock?.held === true;
};

export const unlockJob = (session: Sql, job: string): Promise<unknown> =>
  session.query(`SELECT pg_advisory_unlock(hashtext($1))`, [lockKey(job)]);
