import {
  type Period,
  reconciliationOrder,
  reconciliationPayment,
  reconciliationStockMovement,
  settlementEntry,
} from '@pattern-shop/contracts';
import type { BatchJob, ProgressReport } from '../batch-jobs/batch-job.js';
import { quoted, type Sql } from '../projections/projection-schema.js';
import { replaceFindings } from './findings-store.js';
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

/**
 * The orders the Kafka stream saw placed (analytics-service's own projection): those placed in the
 * period, and any of `orderIds` (the period's orders by order-service) wherever the stream put
 * them. The second list of the period's orders, independent of order-service's database.
 */
const ordersPlacedInStream = async (
  db: Sql,
  schema: string,
  period: Period,
  orderIds: readonly string[],
): Promise<StreamPlacedOrder[]> => {
  const rows = (await db.query(
    `SELECT order_id::text AS "orderId", placed_at AS "placedAt" FROM ${quoted(schema)}.order_facts
     WHERE placed_at IS NOT NULL
       AND ((placed_at >= $1 AND placed_at < $2) OR order_id = ANY($3::uuid[]))`,
    [period.from, period.to, orderIds],
  )) as Array<{ orderId: string; placedAt: Date }>;
  return rows.map((row) => ({ orderId: row.orderId, placedAt: row.placedAt.toISOString() }));
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
