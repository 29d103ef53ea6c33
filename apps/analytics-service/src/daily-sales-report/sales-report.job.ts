import type { BatchJob } from '../batch-jobs/batch-job.js';
import { saveSalesReport } from '../persistence/daily-sales-reports.js';
import { readDaySales } from '../persistence/projections/day-sales.js';
import type { Sql } from '../persistence/sql.js';
import {
  buildSalesReport,
  reportDay,
  salesReportCsv,
  salesReportMarkdown,
} from '@pattern-shop/analytics-domain';

/**
 * Writes the day's sales report from the stream's projections (JSON, CSV and a Markdown summary)
 * into `daily_sales_reports`, replacing the day's earlier one.
 */
export const salesReportJob = (db: Sql, projectionSchema: string, now: () => Date): BatchJob => ({
  name: 'sales-report',
  run: async (period, progress) => {
    const date = reportDay(period);
    const { totals, products } = await readDaySales(db, projectionSchema, period.from);
    progress('products', products.length);
    const report = buildSalesReport(date, totals, products, now());
    return {
      rowsChecked: totals.placed,
      rowsExpected: totals.placed,
      mismatches: 0,
      inFlightOrders: [],
      save: (tx, runId) =>
        saveSalesReport(tx, {
          day: date,
          runId,
          generatedAt: report.generatedAt,
          report: JSON.stringify(report),
          csv: salesReportCsv(report),
          markdown: salesReportMarkdown(report),
        }),
    };
  },
});
