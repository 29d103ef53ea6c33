/**
 * @pattern-shop/analytics-domain: analytics-service's pure rules, no I/O. What a batch of facts
 * adds to the projections, the daily sales report and its renderings, and the nightly
 * reconciliation's rules over what the services reported.
 */
export type { OrderLine } from './projections/order-line.js';
export { dayOf, minuteOf, ProjectionDeltas } from './projections/projection-deltas.js';
export {
  buildSalesReport,
  type DayTotals,
  type ProductSales,
  reportDay,
  type SalesReport,
  salesReportCsv,
  salesReportMarkdown,
} from './sales-report/sales-report.js';
export {
  type Finding,
  MISMATCH_KINDS,
  type MismatchKind,
  reconcilePeriod,
  type ReconciliationInput,
  type ReconciliationOutcome,
} from './reconciliation/reconcile-period.js';
export { compareOrderSets, type StreamPlacedOrder } from './reconciliation/order-sets.js';
