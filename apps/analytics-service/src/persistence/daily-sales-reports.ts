import type { Sql } from './sql.js';

/** The three renderings kept per day; the report as JSON, CSV and a Markdown summary. */
export type SalesReportFormat = 'report' | 'csv' | 'markdown';

export type StoredSalesReport = Readonly<{
  day: string;
  runId: string;
  generatedAt: string;
  report: string;
  csv: string;
  markdown: string;
}>;

/** Replaces the day's report: a re-run of the day leaves one report, the newest. */
export const saveSalesReport = async (tx: Sql, stored: StoredSalesReport): Promise<void> => {
  await tx.query(
    `INSERT INTO daily_sales_reports (day, run_id, generated_at, report, csv, markdown)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (day) DO UPDATE SET run_id = EXCLUDED.run_id,
       generated_at = EXCLUDED.generated_at, report = EXCLUDED.report,
       csv = EXCLUDED.csv, markdown = EXCLUDED.markdown`,
    [stored.day, stored.runId, stored.generatedAt, stored.report, stored.csv, stored.markdown],
  );
};

/** The day's report in one format as text, or undefined when no run wrote that day. */
export const findSalesReport = async (
  db: Sql,
  day: string,
  format: SalesReportFormat,
): Promise<Readonly<{ body: string; generatedAt: Date }> | undefined> => {
  const [row] = (await db.query(
    `SELECT ${format} AS body, generated_at FROM daily_sales_reports WHERE day = $1`,
    [day],
  )) as Array<{ body: unknown; generated_at: Date }>;
  if (row === undefined) return undefined;
  const body = typeof row.body === 'string' ? row.body : JSON.stringify(row.body);
  return { body, generatedAt: row.generated_at };
};
