import type {
  FunnelQuery,
  SalesQuery,
  TopProductsQuery,
} from '../../query-projections/analytics-query.js';
import { quoted, type Sql } from '../sql.js';

type Row = Record<string, unknown>;
const all = async (db: Sql, sql: string, params: unknown[]): Promise<Row[]> =>
  (await db.query(sql, params)) as Row[];
const iso = (value: unknown): string => (value as Date).toISOString();
const range = (q: { from?: Date | undefined; to?: Date | undefined }) => [
  q.from ?? new Date(0),
  q.to ?? new Date('9999-12-31T00:00:00Z'),
];

/** Orders placed per minute and revenue per day (confirmed totals; refunds shown beside). */
export const salesReport = async (db: Sql, schema: string, q: SalesQuery) => {
  const s = quoted(schema);
  const [minutes, days] = await Promise.all([
    all(
      db,
      `SELECT minute, orders FROM ${s}.orders_per_minute WHERE minute >= $1 AND minute < $2 ORDER BY minute`,
      [q.from, q.to],
    ),
    all(
      db,
      `SELECT day, confirmed, revenue_cents, refunded_cents FROM ${s}.daily_totals
       WHERE day >= $1 AND day < $2 ORDER BY day`,
      [q.from, q.to],
    ),
  ]);
  const ordersPerMinute = minutes.map((r) => ({
    minute: iso(r['minute']),
    orders: Number(r['orders']),
  }));
  const revenuePerDay = days.map((r) => ({
    day: iso(r['day']),
    confirmedOrders: Number(r['confirmed']),
    revenueCents: Number(r['revenue_cents']),
    refundedCents: Number(r['refunded_cents']),
  }));
  const sum = <T>(rows: T[], pick: (row: T) => number) => rows.reduce((n, row) => n + pick(row), 0);
  return {
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    ordersPlaced: sum(ordersPerMinute, (r) => r.orders),
    revenueCents: sum(revenuePerDay, (r) => r.revenueCents),
    refundedCents: sum(revenuePerDay, (r) => r.refundedCents),
    ordersPerMinute,
    revenuePerDay,
  };
};

/** Placed, confirmed and cancelled orders, each counted on the day of its own fact. */
export const funnelReport = async (db: Sql, schema: string, q: FunnelQuery) => {
  const [row] = await all(
    db,
    `SELECT coalesce(sum(placed), 0) AS placed, coalesce(sum(confirmed), 0) AS confirmed,
            coalesce(sum(cancelled), 0) AS cancelled
     FROM ${quoted(schema)}.daily_totals WHERE day >= $1 AND day < $2`,
    range(q),
  );
  const placed = Number(row?.['placed'] ?? 0);
  const confirmed = Number(row?.['confirmed'] ?? 0);
  return {
    from: q.from?.toISOString() ?? null,
    to: q.to?.toISOString() ?? null,
    placed,
    confirmed,
    cancelled: Number(row?.['cancelled'] ?? 0),
    confirmationRate: placed === 0 ? null : confirmed / placed,
  };
};

/** Products of confirmed orders, by quantity or revenue, on the day the order was confirmed. */
export const topProductsReport = async (db: Sql, schema: string, q: TopProductsQuery) => {
  const order =
    q.by === 'quantity' ? 'quantity DESC, revenue_cents DESC' : 'revenue_cents DESC, quantity DESC';
  const rows = await all(
    db,
    `SELECT sku, sum(quantity) AS quantity, sum(revenue_cents) AS revenue_cents
     FROM ${quoted(schema)}.product_sales_daily WHERE day >= $1 AND day < $2
     GROUP BY sku ORDER BY ${order}, sku LIMIT $3`,
    [...range(q), q.limit],
  );
  return {
    from: q.from?.toISOString() ?? null,
    to: q.to?.toISOString() ?? null,
    by: q.by,
    items: rows.map((r) => ({
      sku: String(r['sku']),
      quantity: Number(r['quantity']),
      revenueCents: Number(r['revenue_cents']),
    })),
  };
};
