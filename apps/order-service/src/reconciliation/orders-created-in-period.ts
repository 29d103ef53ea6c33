import type { EntityManager } from 'typeorm';
import {
  encodeCursor,
  type OrderStatus,
  type ReconciliationOrder,
  type ReconciliationPage,
  type ReconciliationQuery,
} from '@pattern-shop/contracts';

type OrderRow = {
  id: string;
  customer_id: string;
  status: OrderStatus;
  total_cents: string;
  currency: string;
  created_at: Date;
  updated_at: Date;
};

type LineRow = { order_id: string; sku: string; quantity: number };

/**
 * One page of the orders created in `[from, to)`, by (created_at, id), after the keyset of the
 * page before. Reads `limit + 1` rows: the extra one only says whether there is a next page.
 * The page's lines come in one more query, not one per order.
 */
export const ordersCreatedInPeriod = async (
  db: EntityManager,
  { period, limit, after }: ReconciliationQuery,
): Promise<ReconciliationPage<ReconciliationOrder>> => {
  const rows: OrderRow[] = await db.query(
    `SELECT id, customer_id, status, total_cents, currency, created_at, updated_at
       FROM orders
      WHERE created_at >= $1 AND created_at < $2
        AND ($3::timestamptz IS NULL OR (created_at, id) > ($3::timestamptz, $4::uuid))
      ORDER BY created_at, id
      LIMIT $5`,
    [period.from, period.to, after?.at ?? null, after?.id ?? null, limit + 1],
  );
  const page = rows.slice(0, limit);
  const lines: LineRow[] =
    page.length === 0
      ? []
      : await db.query(
          `SELECT order_id, sku, quantity FROM order_lines
            WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, line_no`,
          [page.map((row) => row.id)],
        );
  const linesByOrder = new Map<string, { sku: string; quantity: number }[]>();
  for (const { order_id, sku, quantity } of lines) {
    linesByOrder.set(order_id, [...(linesByOrder.get(order_id) ?? []), { sku, quantity }]);
  }
  const last = page.at(-1);
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    items: page.map((row) => ({
      orderId: row.id,
      customerId: row.customer_id,
      status: row.status,
      totalCents: Number(row.total_cents),
      currency: row.currency,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      lines: linesByOrder.get(row.id) ?? [],
    })),
    nextCursor:
      rows.length > limit && last !== undefined ? encodeCursor(last.created_at, last.id) : null,
  };
};
