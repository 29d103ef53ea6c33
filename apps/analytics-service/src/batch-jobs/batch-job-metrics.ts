import { Inject, Injectable } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { METRICS_REGISTRY } from '@pattern-shop/platform';
import { MISMATCH_KINDS } from '../reconciliation/reconcile-period.js';
import { BATCH_JOBS } from './batch-job.js';

type Row = Record<string, string | number | null>;

/**
 * The nightly jobs watched by their outputs, not their exit codes (pattern 7). Every value is
 * read from `job_runs` at scrape time, so a run from the command line or a CronJob counts as much
 * as a scheduled one, and a restart loses nothing. The label is `batch_job`, not `job`, which
 * Prometheus keeps for the scrape target.
 */
@Injectable()
export class BatchJobMetrics {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    const lastSuccess = (sql: string) => this.rows(sql);
    const fromLastSuccess = (name: string, help: string, column: string) =>
      new Gauge({
        name,
        help,
        labelNames: ['batch_job'],
        registers: [registry],
        async collect() {
          this.reset();
          for (const row of await lastSuccess(LAST_SUCCESS)) {
            this.set({ batch_job: String(row['job']) }, Number(row[column]));
          }
        },
      });
    fromLastSuccess(
      'batch_job_last_success_timestamp_seconds',
      'When the newest successful run of the job finished (unix seconds); absent if it never succeeded.',
      'finished',
    );
    fromLastSuccess(
      'batch_job_duration_seconds',
      'How long the newest successful run took.',
      'duration',
    );
    fromLastSuccess(
      'batch_job_rows_checked',
      'Rows (orders) the newest successful run checked.',
      'rows_checked',
    );
    fromLastSuccess(
      'batch_job_rows_expected',
      'Orders the Kafka stream saw placed in the period of the newest successful run.',
      'rows_expected',
    );
    const rows = (sql: string) => this.rows(sql);
    new Gauge({
      name: 'batch_job_last_run_failed',
      help: '1 when the newest finished run of the job failed, else 0.',
      labelNames: ['batch_job'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const job of BATCH_JOBS) this.set({ batch_job: job }, 0);
        for (const row of await rows(LAST_FINISHED)) {
          this.set({ batch_job: String(row['job']) }, row['status'] === 'failed' ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: 'batch_job_mismatches',
      help: 'Findings of the newest successful reconciliation, by kind.',
      labelNames: ['batch_job', 'kind'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const kind of MISMATCH_KINDS) this.set({ batch_job: 'reconciliation', kind }, 0);
        for (const row of await rows(MISMATCHES_OF_LAST_SUCCESS)) {
          this.set(
            { batch_job: 'reconciliation', kind: String(row['kind']) },
            Number(row['count']),
          );
        }
      },
    });
  }

  /** A scrape must not fail because the database blinked: the gauges are then left empty. */
  private async rows(sql: string): Promise<Row[]> {
    return ((await this.dataSource.query(sql).catch(() => [])) as Row[]) ?? [];
  }
}

const LAST_SUCCESS = `
  SELECT DISTINCT ON (job) job, extract(epoch FROM finished_at)::float8 AS finished,
    extract(epoch FROM finished_at - started_at)::float8 AS duration, rows_checked, rows_expected
  FROM job_runs WHERE status = 'succeeded' ORDER BY job, finished_at DESC`;

const LAST_FINISHED = `
  SELECT DISTINCT ON (job) job, status FROM job_runs
  WHERE status <> 'running' ORDER BY job, finished_at DESC`;

const MISMATCHES_OF_LAST_SUCCESS = `
  SELECT kind, count(*)::int AS count FROM reconciliation_findings
  WHERE run_id = (SELECT id FROM job_runs WHERE job = 'reconciliation' AND status = 'succeeded'
                  ORDER BY finished_at DESC LIMIT 1)
  GROUP BY kind`;
