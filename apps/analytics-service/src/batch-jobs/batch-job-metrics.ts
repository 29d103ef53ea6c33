import { Inject, Injectable } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { METRICS_REGISTRY } from '@pattern-shop/platform';
import { MISMATCH_KINDS } from '@pattern-shop/analytics-domain';
import {
  mismatchesOfNewestChecked,
  newestAttemptedRuns,
  newestCheckedRuns,
} from '../persistence/job-run-gauges.js';
import type { Sql } from '../persistence/sql.js';
import { BATCH_JOBS } from './batch-job.js';

/** A scrape must not fail because the database blinked: the gauges are then left empty. */
const orNothing = <T>(read: (db: Sql) => Promise<T[]>, db: Sql): Promise<T[]> =>
  read(db).catch(() => []);

/**
 * The nightly jobs watched by their outputs, not their exit codes (pattern 7). Every value is
 * read from `job_runs` at scrape time, so a run from the command line or a CronJob counts as much
 * as a scheduled one, and a restart loses nothing. The gauges describe the job's newest period,
 * not its newest run: running an old day again must not make a job that fails every night look
 * fresh or clean. The label is `batch_job`, not `job`, which Prometheus keeps for the scrape target.
 */
@Injectable()
export class BatchJobMetrics {
  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    const fromNewestChecked = (
      name: string,
      help: string,
      column: 'checked_until' | 'duration' | 'rows_checked' | 'rows_expected',
    ) =>
      new Gauge({
        name,
        help,
        labelNames: ['batch_job'],
        registers: [registry],
        async collect() {
          this.reset();
          for (const row of await orNothing(newestCheckedRuns, dataSource)) {
            this.set({ batch_job: row.job }, Number(row[column]));
          }
        },
      });
    fromNewestChecked(
      'batch_job_checked_until_timestamp_seconds',
      'End of the newest period the job checked successfully, or the start of that run if the ' +
        'period had not ended (unix seconds); absent if it never succeeded. Its age is freshness.',
      'checked_until',
    );
    fromNewestChecked(
      'batch_job_duration_seconds',
      'How long the successful run of the newest period took.',
      'duration',
    );
    fromNewestChecked(
      'batch_job_rows_checked',
      'Rows (orders) the successful run of the newest period checked.',
      'rows_checked',
    );
    fromNewestChecked(
      'batch_job_rows_expected',
      'Orders the Kafka stream saw placed in the newest period checked.',
      'rows_expected',
    );
    new Gauge({
      name: 'batch_job_last_run_failed',
      help: '1 when the newest finished run of the newest period attempted failed, else 0.',
      labelNames: ['batch_job'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const job of BATCH_JOBS) this.set({ batch_job: job }, 0);
        for (const row of await orNothing(newestAttemptedRuns, dataSource)) {
          this.set({ batch_job: row.job }, row.status === 'failed' ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'batch_job_mismatches',
      help: 'Findings of the newest period the reconciliation checked, by kind.',
      labelNames: ['batch_job', 'kind'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const kind of MISMATCH_KINDS) this.set({ batch_job: 'reconciliation', kind }, 0);
        for (const row of await orNothing(mismatchesOfNewestChecked, dataSource)) {
          this.set({ batch_job: 'reconciliation', kind: row.kind }, Number(row.count));
        }
      },
    });
  }
}
