import type { DataSource } from 'typeorm';
import type { Period } from '@pattern-shop/contracts';
import type { Logger } from '@pattern-shop/observability';
import { tryLockJob, unlockJob } from '../persistence/job-lock.js';
import {
  failAbandonedRuns,
  type JobRun,
  recordRunFailed,
  recordRunStarted,
  recordRunSucceeded,
} from '../persistence/job-runs.js';
import type { BatchJob, ProgressReport, RunTrigger } from './batch-job.js';

/** Another process (a second instance, a CronJob, a person at the command line) runs the job now. */
export class JobAlreadyRunningError extends Error {
  constructor(job: string) {
    super(`${job} is already running elsewhere; try again when it has finished`);
    this.name = 'JobAlreadyRunningError';
  }
}

export type RunDeps = Readonly<{ dataSource: DataSource; logger: Logger }>;

/**
 * Runs one job for one period and records the run, whatever its end: `running` first, then
 * `succeeded` together with the job's results in one transaction, or `failed` with the error.
 * A session advisory lock per job keeps two runs of a job apart, so a scheduler on every
 * instance and a CronJob can coexist: the second one is refused, not doubled. Never throws for
 * a failure of the job itself: the failed run is the answer.
 */
export const runBatchJob = async (
  { dataSource, logger }: RunDeps,
  job: BatchJob,
  period: Period,
  trigger: RunTrigger,
  progress: ProgressReport = () => undefined,
): Promise<JobRun> => {
  const session = dataSource.createQueryRunner();
  await session.connect();
  try {
    if (!(await tryLockJob(session, job.name))) throw new JobAlreadyRunningError(job.name);
    try {
      await failAbandonedRuns(session, job.name);
      const started = await recordRunStarted(session, job.name, period, trigger);
      const context = {
        job: job.name,
        runId: started.id,
        from: started.periodFrom,
        to: started.periodTo,
      };
      logger.info({ ...context, trigger }, 'batch job started');
      try {
        const outcome = await job.run(period, progress);
        const finished = await dataSource.transaction(async (tx) => {
          await outcome.save(tx, started.id);
          return recordRunSucceeded(tx, started.id, outcome);
        });
        const { rowsChecked, rowsExpected, mismatches } = finished;
        logger.info({ ...context, rowsChecked, rowsExpected, mismatches }, 'batch job succeeded');
        return finished;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        logger.error({ ...context, err: error }, 'batch job failed');
        return await recordRunFailed(session, started.id, reason);
      }
    } finally {
      await unlockJob(session, job.name);
    }
  } finally {
    await session.release();
  }
};
