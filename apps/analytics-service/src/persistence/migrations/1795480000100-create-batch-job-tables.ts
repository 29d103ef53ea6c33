import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The nightly jobs' records (pattern 7): one row per run, whatever its end; the findings of the
 * newest successful reconciliation of each period (a re-run replaces them, in the transaction
 * that records the run); one sales report per day. The service's /metrics reads these, so a run
 * from the command line or a CronJob shows up there too.
 */
export class CreateBatchJobTables1795480000100 implements MigrationInterface {
  name = 'CreateBatchJobTables1795480000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE job_runs (
        id bigserial PRIMARY KEY,
        job text NOT NULL CHECK (job IN ('reconciliation', 'sales-report')),
        period_from timestamptz NOT NULL,
        period_to timestamptz NOT NULL CHECK (period_to > period_from),
        trigger text NOT NULL CHECK (trigger IN ('schedule', 'command-line')),
        status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        rows_checked integer,
        rows_expected integer,
        mismatches integer,
        in_flight_orders text[] NOT NULL DEFAULT '{}',
        error text
      )`);
    await db.query(`CREATE INDEX job_runs_newest ON job_runs (job, started_at DESC)`);
    await db.query(`
      CREATE TABLE reconciliation_findings (
        period_from timestamptz NOT NULL,
        period_to timestamptz NOT NULL,
        kind text NOT NULL,
        order_id text NOT NULL,
        run_id bigint NOT NULL REFERENCES job_runs (id),
        expected bigint NOT NULL,
        actual bigint NOT NULL,
        unit text NOT NULL CHECK (unit IN ('cents', 'units')),
        detail text NOT NULL,
        PRIMARY KEY (period_from, period_to, kind, order_id)
      )`);
    await db.query(
      `CREATE INDEX reconciliation_findings_by_run ON reconciliation_findings (run_id)`,
    );
    await db.query(`
      CREATE TABLE daily_sales_reports (
        day date PRIMARY KEY,
        run_id bigint NOT NULL REFERENCES job_runs (id),
        generated_at timestamptz NOT NULL,
        report jsonb NOT NULL,
        csv text NOT NULL,
        markdown text NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE daily_sales_reports`);
    await db.query(`DROP TABLE reconciliation_findings`);
    await db.query(`DROP TABLE job_runs`);
  }
}
