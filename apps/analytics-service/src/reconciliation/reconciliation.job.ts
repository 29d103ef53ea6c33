import {
  type Period,
  reconciliationOrder,
  reconciliationPayment,
  reconciliationStockMovement,
  settlementEntry,
} from '@pattern-shop/contracts';
import type { BatchJob, ProgressReport } from '../batch-jobs/batch-job.js';
import { ordersPlacedInStream } from '../persistence/projections/stream-placed-orders.js';
import { replaceFindings } from '../persistence/reconciliation-findings.js';
import type { Sql } from '../persistence/sql.js';
import { reconcilePeriod, type StreamPlacedOrder } from '@pattern-shop/analytics-domain';
import { readServicePages, type ServiceSource } from './service-pages.js';

export type ReconciliationSources = Readonly<{
  orders: ServiceSource;
  payments: ServiceSource;
  provider: ServiceSource;
  inventory: ServiceSource;
}>;

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_WINDOW_MS = 7 * DAY_MS;

/**
 * Money and stock are read from the period's start to a day past its end (at most the 7 days an
 * endpoint serves): a refund or a release for an order placed just before midnight lands after
 * it, and must count for that order.
 */
const settlementWindow = ({ from, to }: Period): Period => ({
  from,
  to: new Date(Math.min(to.getTime() + DAY_MS, from.getTime() + MAX_WINDOW_MS)),
});

const readAll = async <T>(
  items: AsyncIterable<T>,
  stage: string,
  progress: ProgressReport,
): Promise<T[]> => {
  const all: T[] = [];
  for await (const item of items) {
    all.push(item);
    if (all.length % 1_000 === 0) progress(stage, all.length);
  }
  progress(stage, all.length);
  return all;
};

const placedIn = ({ from, to }: Period, placed: readonly StreamPlacedOrder[]): number =>
  placed.filter(({ placedAt }) => {
    const at = Date.parse(placedAt);
    return at >= from.getTime() && at < to.getTime();
  }).length;

/**
 * The nightly reconciliation: reads the period's orders, the processor's settlement,
 * payment-service's records and inventory's stock movements through the services' APIs, checks
 * them with `reconcilePeriod`, and keeps the findings.
 */
export const reconciliationJob = (
  sources: ReconciliationSources,
  db: Sql,
  projectionSchema: string,
): BatchJob => ({
  name: 'reconciliation',
  run: async (period, progress) => {
    const money = settlementWindow(period);
    const dayBefore = { from: new Date(period.from.getTime() - DAY_MS), to: period.from };
    const orders = await readAll(
      readServicePages(sources.orders, period, reconciliationOrder),
      'orders',
      progress,
    );
    const earlier = await readAll(
      readServicePages(sources.orders, dayBefore, reconciliationOrder),
      'orders of the day before',
      progress,
    );
    const settlement = await readAll(
      readServicePages(sources.provider, money, settlementEntry),
      'settlement entries',
      progress,
    );
    const payments = await readAll(
      readServicePages(sources.payments, money, reconciliationPayment),
      'payments',
      progress,
    );
    const movements = await readAll(
      readServicePages(sources.inventory, money, reconciliationStockMovement),
      'stock movements',
      progress,
    );
    const knownOrderIds = new Set([...orders, ...earlier].map((order) => order.orderId));
    const orderIds = orders.map((order) => order.orderId);
    const streamPlaced = await ordersPlacedInStream(db, projectionSchema, period, orderIds);
    const outcome = reconcilePeriod({
      period,
      orders,
      knownOrderIds,
      settlement,
      payments,
      movements,
      streamPlaced,
    });
    return {
      rowsChecked: outcome.rowsChecked,
      rowsExpected: placedIn(period, streamPlaced),
      mismatches: outcome.findings.length,
      inFlightOrders: outcome.inFlight,
      save: (tx, runId) => replaceFindings(tx, period, runId, outcome.findings),
    };
  },
});
