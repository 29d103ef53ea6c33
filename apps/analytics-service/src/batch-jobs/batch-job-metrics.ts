import { Inject, Injectable } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { METRICS_REGISTRY } from '@pattern-shop/platform';
import { MISMATCH_KINDS } from '@pattern-shop/analytics-domain';
import { BATCH_JOBS } from './batch-job.js';

type Row = Record<string, string | number | null>;

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
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    const newestChecked = (sql: string) => this.rows(sql);
    const fromNewestChecked = (name: string, help: string, column: string) =>
      new Gauge({
        name,
        help,
        labelNames: ['batch_job'],
        registers: [registry],
        async collect() {
          this.reset();
          for (const row of await newestChecked(NEWEST_CHECKED)) {
            this.set({ batch_job: String(row['job']) }, Number(row[column]));
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
    const rows = (sql: string) => this.rows(sql);
    new Gauge({
      name: 'batch_job_last_run_failed',
      help: '1 when the newest finished run of the newest period attempted failed, else 0.',
      labelNames: ['batch_job'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const job of BATCH_JOBS) this.set({ batch_job: job }, 0);
        for (const row of await rows(NEWEST_ATTEMPTED)) {
          this.set({ batch_job: String(row['job']) }, row['status'] === 'failed' ? 1 : 0);
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
        for (const row of await rows(MISMATCHES_OF_NEWEST_CHECKED)) {
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

/**
 * A run checked its period up to its end, or up to its own start if the period had not ended;
 * a run for a period that had not begun checked nothing and never counts.
 */
const CHECKED_UNTIL = 'LEAST(period_to, started_at)';
const HAD_BEGUN = 'period_from < started_at';
const NEWEST_PERIOD_FIRST = `ORDER BY job, ${CHECKED_UNTIL} DESC, finished_at DESC`;

const NEWEST_CHECKED = `
  SELECT DISTINCT ON (job) job, extract(epoch FROM ${CHECKED_UNTIL})::float8 AS checked_until,
    extract(epoch FROM finished_at - started_at)::float8 AS duration, rows_checked, rows_expected
  FROM job_runs WHERE status = 'succeeded' AND ${HAD_BEGUN} ${NEWEST_PERIOD_FIRST}`;

const NEWEST_ATTEMPTED = `
  SELECT DISTINCT ON (job) job, status FROM job_runs
  WHERE status <> 'running' AND ${HAD_BEGUN} ${NEWEST_PERIOD_FIRST}`;

const MISMATCHES_OF_NEWEST_CHECKED = `
  SELECT kind, count(*)::int AS count FROM reconciliation_findings
  WHERE run_id = (SELECT id FROM job_runs
                  WHERE job = 'reconciliation' AND status = 'succeeded' AND ${HAD_BEGUN}
                  ${NEWEST_PERIOD_FIRST} LIMIT 1)
  GROUP BY kind`;
