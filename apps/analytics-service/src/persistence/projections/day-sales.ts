import type { DayTotals, ProductSales } from '@pattern-shop/analytics-domain';
import { quoted, type Sql } from '../sql.js';

const NO_ORDERS: DayTotals = {
  placed: 0,
  confirmed: 0,
  cancelled: 0,
  revenueCents: 0,
  refundedCents: 0,
};

/** One UTC day of the projections: its totals (zeros for a day without orders) and products. */
export const readDaySales = async (
  db: Sql,
  schema: string,
  day: Date,
): Promise<Readonly<{ totals: DayTotals; products: ProductSales[] }>> => {
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
  return { totals: totals ?? NO_ORDERS, products };
};
