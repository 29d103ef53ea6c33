import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Registry } from 'prom-client';
import { DataSource, type QueryRunner } from 'typeorm';
import { dataSourceOptions } from '@pattern-shop/persistence';
import { localEnvironment } from '@pattern-shop/testing';
import { ANALYTICS_MIGRATIONS } from '../persistence/migrations/index.js';
import { BatchJobMetrics } from './batch-job-metrics.js';

type Run = Readonly<{
  job?: 'reconciliation' | 'sales-report';
  from: string;
  to: string;
  startedAt: string;
  status: 'succeeded' | 'failed';
  rowsChecked?: number;
  findings?: readonly string[];
}>;

const HOUR_MS = 3_600_000;
const at = (iso: string, hours = 0) => new Date(Date.parse(iso) + hours * HOUR_MS).toISOString();
const seconds = (iso: string) => Date.parse(iso) / 1000;

/** Last night's run: the day of 2026-11-30, checked at 02:00 the next morning. */
const lastNight: Run = {
  from: '2026-11-30T00:00:00.000Z',
  to: '2026-12-01T00:00:00.000Z',
  startedAt: '2026-12-01T02:00:00.000Z',
  status: 'succeeded',
  rowsChecked: 412,
  findings: ['double_charge'],
};
/** The README's example, run by hand after it: an old day without orders. */
const oldDay = (startedAt: string): Run => ({
  from: '2026-11-23T00:00:00.000Z',
  to: '2026-11-24T00:00:00.000Z',
  startedAt,
  status: 'succeeded',
  rowsChecked: 0,
});

/**
 * The batch_job gauges read from job_runs on the real PostgreSQL. Each case writes its runs inside
 * a transaction that starts by emptying the tables and ends rolled back: the gauges see exactly
 * these runs, and nobody else ever sees them.
 */
describe('the batch job gauges describe the newest period, not the newest run', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    const options = dataSourceOptions({
      url: localEnvironment('analytics-service')['DATABASE_URL'] ?? '',
      applicationName: 'batch-job-metrics-test',
      migrations: ANALYTICS_MIGRATIONS,
      pool: { max: 1 },
    });
    dataSource = await new DataSource(options).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  const insert = async (tx: QueryRunner, run: Run) => {
    const [row] = (await tx.query(
      `INSERT INTO job_runs (job, period_from, period_to, trigger, status, started_at, finished_at,
         rows_checked, rows_expected, mismatches)
       VALUES ($1, $2, $3, 'command-line', $4, $5, $5::timestamptz + interval '3 seconds',
         $6, $6, $7) RETURNING id`,
      [
        run.job ?? 'reconciliation',
        run.from,
        run.to,
        run.status,
        run.startedAt,
        run.status === 'succeeded' ? (run.rowsChecked ?? 0) : null,
        run.findings?.length ?? 0,
      ],
    )) as Array<{ id: string }>;
    for (const [n, kind] of (run.findings ?? []).entries()) {
      await tx.query(
        `INSERT INTO reconciliation_findings (period_from, period_to, kind, order_id, run_id,
           expected, actual, unit, detail) VALUES ($1, $2, $3, $4, $5, 0, 1, 'cents', 'planted')`,
        [run.from, run.to, kind, `order-${n}`, row?.id],
      );
    }
  };

  /** The gauges, as a scrape would read them, with only `runs` in the tables. */
  const gaugesWith = async (runs: readonly Run[]) => {
    const tx = dataSource.createQueryRunner();
    await tx.startTransaction();
    try {
      await tx.query('DELETE FROM reconciliation_findings');
      await tx.query('DELETE FROM daily_sales_reports');
      await tx.query('DELETE FROM job_runs');
      for (const run of runs) await insert(tx, run);
      const registry = new Registry();
      new BatchJobMetrics({ query: (sql: string) => tx.query(sql) } as DataSource, registry);
      const metrics = await registry.getMetricsAsJSON();
      return (name: string, labels: Record<string, string> = { batch_job: 'reconciliation' }) =>
        metrics
          .find((metric) => metric.name === name)
          ?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
    } finally {
      await tx.rollbackTransaction();
      await tx.release();
    }
  };

  it('given last night checked, when the old day of the README succeeds after it, then freshness, rows and findings still describe last night', async () => {
    const gauge = await gaugesWith([lastNight, oldDay(at(lastNight.startedAt, 8))]);

    expect(gauge('batch_job_checked_until_timestamp_seconds')).toBe(seconds(lastNight.to));
    expect(gauge('batch_job_rows_checked')).toBe(412);
    expect(
      gauge('batch_job_mismatches', { batch_job: 'reconciliation', kind: 'double_charge' }),
    ).toBe(1);
    expect(gauge('batch_job_last_run_failed')).toBe(0);
  });

  it('given the next night fails, when the old day succeeds after it, then the failure still shows and freshness stays at last night', async () => {
    const tonight = { ...lastNight, from: lastNight.to, to: at(lastNight.to, 24) };
    const failed: Run = { ...tonight, startedAt: at(tonight.to, 2), status: 'failed' };

    const gauge = await gaugesWith([lastNight, failed, oldDay(at(failed.startedAt, 1))]);

    expect(gauge('batch_job_last_run_failed')).toBe(1);
    expect(gauge('batch_job_checked_until_timestamp_seconds')).toBe(seconds(lastNight.to));
  });

  it('given the failed night run again successfully, then it is the newest period, fresh and clear', async () => {
    const tonight = { ...lastNight, from: lastNight.to, to: at(lastNight.to, 24) };
    const failed: Run = { ...tonight, startedAt: at(tonight.to, 2), status: 'failed' };
    const rerun: Run = { ...tonight, startedAt: at(tonight.to, 5), rowsChecked: 7, findings: [] };

    const gauge = await gaugesWith([lastNight, failed, rerun]);

    expect(gauge('batch_job_last_run_failed')).toBe(0);
    expect(gauge('batch_job_checked_until_timestamp_seconds')).toBe(seconds(tonight.to));
    expect(gauge('batch_job_rows_checked')).toBe(7);
    expect(
      gauge('batch_job_mismatches', { batch_job: 'reconciliation', kind: 'double_charge' }),
    ).toBe(0);
  });

  it('given a run of a day not over when it started, then it counts as checked up to its start; a period not begun never counts', async () => {
    const today: Run = { ...lastNight, from: lastNight.to, to: at(lastNight.to, 24) };
    const morning = { ...today, startedAt: at(today.from, 10) };
    const tomorrow = {
      ...today,
      from: today.to,
      to: at(today.to, 24),
      startedAt: at(today.from, 11),
    };

    const gauge = await gaugesWith([lastNight, morning, tomorrow]);

    expect(gauge('batch_job_checked_until_timestamp_seconds')).toBe(seconds(morning.startedAt));
  });

  it('given a job that never succeeded, then no freshness for it, and no failure either', async () => {
    const gauge = await gaugesWith([lastNight]);

    const salesReport = { batch_job: 'sales-report' };
    expect(gauge('batch_job_checked_until_timestamp_seconds', salesReport)).toBeUndefined();
    expect(gauge('batch_job_last_run_failed', salesReport)).toBe(0);
  });
});
