import type { EntityManager } from 'typeorm';
import {
  encodeCursor,
  type ReconciliationOrder,
  type ReconciliationPage,
  type ReconciliationQuery,
} from '@pattern-shop/contracts';
import { readLinesOfOrders, readOrdersCreatedBetween } from '../persistence/order-queries.js';

/**
 * One page of the orders created in `[from, to)`, by (created_at, id), after the keyset of the
 * page before. Reads `limit + 1` rows: the extra one only says whether there is a next page.
 * The page's lines come in one more query, not one per order.
 */
export const ordersCreatedInPeriod = async (
  db: EntityManager,
  { period, limit, after }: ReconciliationQuery,
): Promise<ReconciliationPage<ReconciliationOrder>> => {
  const rows = await readOrdersCreatedBetween(db, period, after, limit + 1);
  const page = rows.slice(0, limit);
  const lines = await readLinesOfOrders(
    db,
    page.map((row) => row.id),
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
