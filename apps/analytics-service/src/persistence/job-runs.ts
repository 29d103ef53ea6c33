import type { Period } from '@pattern-shop/contracts';
import type { BatchJobName, JobOutcome, RunTrigger } from '../batch-jobs/batch-job.js';
import type { Sql } from './sql.js';

/** A run as recorded in `job_runs`, as the command line prints it and the API answers it. */
export type JobRun = Readonly<{
  id: string;
  job: BatchJobName;
  periodFrom: string;
  periodTo: string;
  trigger: RunTrigger;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  rowsChecked: number | null;
  rowsExpected: number | null;
  mismatches: number | null;
  inFlightOrders: readonly string[];
  error: string | null;
}>;

const RUN_COLUMNS = `id::text AS "id", job, period_from AS "periodFrom", period_to AS "periodTo",
  trigger, status, started_at AS "startedAt", finished_at AS "finishedAt",
  rows_checked AS "rowsChecked", rows_expected AS "rowsExpected", mismatches,
  in_flight_orders AS "inFlightOrders", error`;

const toRun = (row: Record<string, unknown>): JobRun => {
  const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : null);
  return {
    ...(row as JobRun),
    periodFrom: iso(row['periodFrom']) ?? '',
    periodTo: iso(row['periodTo']) ?? '',
    startedAt: iso(row['startedAt']) ?? '',
    finishedAt: iso(row['finishedAt']),
  };
};

/** TypeORM answers an UPDATE ... RETURNING as `[rows, count]`, an INSERT as `rows`. */
const one = async (db: Sql, sql: string, params: unknown[]): Promise<JobRun> => {
  const result = (await db.query(sql, params)) as unknown[];
  const first = result[0];
  const row = (Array.isArray(first) ? first[0] : first) as Record<string, unknown> | undefined;
  if (row === undefined) throw new Error('job_runs: the statement returned no row');
  return toRun(row);
};

/**
 * A run left `running` by a process that ended mid-run (a crash, a killed pod). Only called while
 * holding the job's lock, so no live run of the job exists to be mistaken for one.
 */
export const failAbandonedRuns = (db: Sql, job: BatchJobName): Promise<unknown> =>
  db.query(
    `UPDATE job_runs SET status = 'failed', finished_at = now(),
       error = 'abandoned: the process running it ended before it finished'
     WHERE job = $1 AND status = 'running'`,
    [job],
  );

export const recordRunStarted = (
  db: Sql,
  job: BatchJobName,
  period: Period,
  trigger: RunTrigger,
): Promise<JobRun> =>
  one(
    db,
    `INSERT INTO job_runs (job, period_from, period_to, trigger, status, started_at)
     VALUES ($1, $2, $3, $4, 'running', clock_timestamp()) RETURNING ${RUN_COLUMNS}`,
    [job, period.from, period.to, trigger],
  );

export const recordRunSucceeded = (db: Sql, runId: string, outcome: JobOutcome): Promise<JobRun> =>
  one(
    db,
    `UPDATE job_runs SET status = 'succeeded', finished_at = clock_timestamp(),
       rows_checked = $2, rows_expected = $3, mismatches = $4, in_flight_orders = $5
     WHERE id = $1 RETURNING ${RUN_COLUMNS}`,
    [runId, outcome.rowsChecked, outcome.rowsExpected, outcome.mismatches, outcome.inFlightOrders],
  );

export const recordRunFailed = (db: Sql, runId: string, error: string): Promise<JobRun> =>
  one(
    db,
    `UPDATE job_runs SET status = 'failed', finished_at = clock_timestamp(), error = $2
     WHERE id = $1 RETURNING ${RUN_COLUMNS}`,
    [runId, error.slice(0, 4_000)],
  );

/** The newest runs, newest first, of one job or of all. */
export const recentRuns = async (
  db: Sql,
  job: BatchJobName | undefined,
  limit: number,
): Promise<JobRun[]> => {
  const rows = (await db.query(
    `SELECT ${RUN_COLUMNS} FROM job_runs WHERE $1::text IS NULL OR job = $1
     ORDER BY started_at DESC, id DESC LIMIT $2`,
    [job ?? null, limit],
  )) as Record<string, unknown>[];
  return rows.map(toRun);
};
