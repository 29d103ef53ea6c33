import type { Sql } from './sql.js';

/**
 * What the batch job gauges read from `job_runs` and `reconciliation_findings` at scrape time.
 * A run checked its period up to its end, or up to its own start if the period had not ended;
 * a run for a period that had not begun checked nothing and never counts.
 */
const CHECKED_UNTIL = 'LEAST(period_to, started_at)';
const HAD_BEGUN = 'period_from < started_at';
const NEWEST_PERIOD_FIRST = `ORDER BY job, ${CHECKED_UNTIL} DESC, finished_at DESC`;

/** Per job, the successful run of the newest period it checked. */
export type NewestCheckedRun = Readonly<{
  job: string;
  checked_until: number;
  duration: number;
  rows_checked: number | null;
  rows_expected: number | null;
}>;

export const newestCheckedRuns = async (db: Sql): Promise<NewestCheckedRun[]> =>
  (await db.query(`
    SELECT DISTINCT ON (job) job, extract(epoch FROM ${CHECKED_UNTIL})::float8 AS checked_until,
      extract(epoch FROM finished_at - started_at)::float8 AS duration, rows_checked, rows_expected
    FROM job_runs WHERE status = 'succeeded' AND ${HAD_BEGUN} ${NEWEST_PERIOD_FIRST}`)) as NewestCheckedRun[];

/** Per job, the newest finished run of the newest period it attempted. */
export const newestAttemptedRuns = async (
  db: Sql,
): Promise<Array<Readonly<{ job: string; status: string }>>> =>
  (await db.query(`
    SELECT DISTINCT ON (job) job, status FROM job_runs
    WHERE status <> 'running' AND ${HAD_BEGUN} ${NEWEST_PERIOD_FIRST}`)) as Array<{
    job: string;
    status: string;
  }>;

/** The findings of the newest period the reconciliation checked, counted by kind. */
export const mismatchesOfNewestChecked = async (
  db: Sql,
): Promise<Array<Readonly<{ kind: string; count: number }>>> =>
  (await db.query(`
    SELECT kind, count(*)::int AS count FROM reconciliation_findings
    WHERE run_id = (SELECT id FROM job_runs
                    WHERE job = 'reconciliation' AND status = 'succeeded' AND ${HAD_BEGUN}
                    ${NEWEST_PERIOD_FIRST} LIMIT 1)
    GROUP BY kind`)) as Array<{ kind: string; count: number }>;
