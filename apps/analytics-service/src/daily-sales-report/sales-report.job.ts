import type { BatchJob } from '../batch-jobs/batch-job.js';
import { quoted, type Sql } from '../projections/projection-schema.js';
import {
  buildSalesReport,
  type DayTotals,
  type ProductSales,
  reportDay,
  salesReportCsv,
  salesReportMarkdown,
} from '@pattern-shop/analytics-domain';

const readDay = async (db: Sql, schema: string, day: Date) => {
  const s = quoted(schema);
  const [totals] = (await db.query(
    `SELECT placed::int, confirmed::int, cancelled::int, revenue_cents::float8 AS "revenueCents",
       refunded_cents::float8 AS "refundedCents" FROM ${s}.daily_totals WHERE day = $1`,
    [day],
  )) as DayTotals[];
  const products = (await db.query(
    `SELECT sku, quantity::int, revenue_cents::float8 AS "revenueCents"
     FROM ${s}.product_sales_daily WHERE day = $1`,
    [day],
  )) as ProductSales[];
  const none = { placed: 0, confirmed: 0, cancelled: 0, revenueCents: 0, refundedCents: 0 };
  return { totals: totals ?? none, products };
};

/**
 * Writes the day's sales report from the stream's projections (JSON, CSV and a Markdown summary)
 * into `daily_sales_reports`, replacing the day's earlier one.
 */
export const salesReportJob = (db: Sql, projectionSchema: string, now: () => Date): BatchJob => ({
  name: 'sales-report',
  run: async (period, progress) => {
    const date = reportDay(period);
    const { totals, products } = await readDay(db, projectionSchema, period.from);
    progress('products', products.length);
    const report = buildSalesReport(date, totals, products, now());
    return {
      rowsChecked: totals.placed,
      rowsExpected: totals.placed,
      mismatches: 0,
      inFlightOrders: [],
      save: async (tx, runId) => {
        await tx.query(
          `INSERT INTO daily_sales_reports (day, run_id, generated_at, report, csv, markdown)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (day) DO UPDATE SET run_id = EXCLUDED.run_id,
             generated_at = EXCLUDED.generated_at, report = EXCLUDED.report,
             csv = EXCLUDED.csv, markdown = EXCLUDED.markdown`,
          [
            date,
            runId,
            report.generatedAt,
            JSON.stringify(report),
            salesReportCsv(report),
            salesReportMarkdown(report),
          ],
        );
      },
    };
  },
});
