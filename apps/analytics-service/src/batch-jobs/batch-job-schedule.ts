import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Cron } from 'croner';
import { DataSource } from 'typeorm';
import { type Logger } from '@pattern-shop/observability';
import { LOGGER } from '@pattern-shop/platform';
import { ANALYTICS_CONFIG, type AnalyticsServiceConfig } from '../analytics-service.config.js';
import type { BatchJobName } from './batch-job.js';
import { dayBefore, nightlyJobs } from './nightly-jobs.js';
import { JobAlreadyRunningError, runBatchJob } from './run-batch-job.js';

/**
 * Runs the nightly jobs on their cron schedules (UTC), each for the day before. Every instance
 * schedules them; the job's lock lets one run and refuses the others, which log and move on.
 * Off (BATCH_JOBS_SCHEDULED=false) where a Kubernetes CronJob runs the command line instead.
 */
@Injectable()
export class BatchJobSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly crons: Cron[] = [];
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    @Inject(ANALYTICS_CONFIG) private readonly config: AnalyticsServiceConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.BATCH_JOBS_SCHEDULED) return;
    const jobs = nightlyJobs(this.config, this.dataSource);
    const schedules: Record<BatchJobName, string> = {
      reconciliation: this.config.RECONCILIATION_SCHEDULE,
      'sales-report': this.config.SALES_REPORT_SCHEDULE,
    };
    for (const [name, pattern] of Object.entries(schedules) as [BatchJobName, string][]) {
      const cron = new Cron(pattern, { timezone: 'UTC', protect: true }, () => {
        const run = runBatchJob(this.deps(), jobs[name], dayBefore(new Date()), 'schedule').catch(
          (error: unknown) => {
            if (error instanceof JobAlreadyRunningError)
              this.logger.info({ job: name }, error.message);
            else
              this.logger.error({ job: name, err: error }, 'scheduled batch job could not start');
          },
        );
        this.running.add(run);
        void run.finally(() => this.running.delete(run));
      });
      this.crons.push(cron);
      this.logger.info(
        { job: name, schedule: pattern, nextRun: cron.nextRun() },
        'batch job scheduled',
      );
    }
  }

  /** Stops the timers and lets a run in progress finish, so its record does not stay `running`. */
  async onApplicationShutdown(): Promise<void> {
    for (const cron of this.crons) cron.stop();
    await Promise.allSettled([...this.running]);
  }

  private deps() {
    return { dataSource: this.dataSource, logger: this.logger };
  }
}
