import type { EntityManager } from 'typeorm';
import type { OrderStatus } from '@pattern-shop/contracts';
import type { PricedLine } from '../place-order/price-order.js';

export type StoredOrder = Readonly<{
  orderId: string;
  customerId: string;
  status: OrderStatus;
  statusVersion: number;
  lines: readonly PricedLine[];
  total: Readonly<{ amountCents: number; currency: string }>;
  availabilityChecked: boolean;
  placedAt: string;
  updatedAt: string;
  history: ReadonlyArray<{
    status: OrderStatus;
    statusVersion: number;
    reason: string;
    changedAt: string;
  }>;
}>;

type OrderRow = {
  id: string;
  customer_id: string;
  status: OrderStatus;
  status_version: number;
  total_cents: string;
  currency: string;
  availability_checked: boolean;
  created_at: Date;
  updated_at: Date;
};

export const readOrder = async (
  db: EntityManager,
  orderId: string,
): Promise<StoredOrder | undefined> => {
  const [order]: OrderRow[] = await db.query(`SELECT * FROM orders WHERE id = $1`, [orderId]);
  if (order === undefined) return undefined;
  const lines: { sku: string; quantity: number; unit_price_cents: string }[] = await db.query(
    `SELECT sku, quantity, unit_price_cents FROM order_lines WHERE order_id = $1 ORDER BY line_no`,
    [orderId],
  );
  const history: {
    status: OrderStatus;
    status_version: number;
    reason: string;
    changed_at: Date;
  }[] = await db.query(
    `SELECT status, status_version, reason, changed_at FROM order_status_history WHERE order_id = $1 ORDER BY status_version`,
    [orderId],
  );
  return {
    ...summary(order),
    lines: lines.map((l) => ({
      sku: l.sku,
      quantity: l.quantity,
      unitPriceCents: Number(l.unit_price_cents),
    })),
    history: history.map((h) => ({
      status: h.status,
      statusVersion: h.status_version,
      reason: h.reason,
      changedAt: h.changed_at.toISOString(),
    })),
  };
};

export type OrderSummary = Omit<StoredOrder, 'lines' | 'history'>;

/** Newest first; keyset paging on (created_at, id) so a page never shifts under concurrent inserts. */
export const listOrders = async (
  db: EntityManager,
  customerId: string,
  { limit, before }: { limit: number; before?: { createdAt: string; id: string } },
): Promise<OrderSummary[]> => {
  const rows: OrderRow[] = await db.query(
    `SELECT * FROM orders WHERE customer_id = $1
        AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $4`,
    [customerId, before?.createdAt ?? null, before?.id ?? null, limit],
  );
  return rows.map(summary);
};

const summary = (row: OrderRow): OrderSummary => ({
  orderId: row.id,
  customerId: row.customer_id,
  status: row.status,
  statusVersion: row.status_version,
  total: { amountCents: Number(row.total_cents), currency: row.currency },
  availabilityChecked: row.availability_checked,
  placedAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export type PeriodOrderRow = Readonly<{
  id: string;
  customer_id: string;
  status: OrderStatus;
  total_cents: string;
  currency: string;
  created_at: Date;
  updated_at: Date;
}>;

/** Orders created in `[from, to)` by (created_at, id), after the keyset `after`; at most `limit`. */
export const readOrdersCreatedBetween = async (
  db: EntityManager,
  { from, to }: Readonly<{ from: Date; to: Date }>,
  after: Readonly<{ at: Date; id: string }> | undefined,
  limit: number,
): Promise<PeriodOrderRow[]> =>
  db.query(
    `SELECT id, customer_id, status, total_cents, currency, created_at, updated_at
       FROM orders
      WHERE created_at >= $1 AND created_at < $2
        AND ($3::timestamptz IS NULL OR (created_at, id) > ($3::timestamptz, $4::uuid))
      ORDER BY created_at, id
      LIMIT $5`,
    [from, to, after?.at ?? null, after?.id ?? null, limit],
  );

/** The lines of several orders in one query, by order then line number. */
export const readLinesOfOrders = async (
  db: EntityManager,
  orderIds: readonly string[],
): Promise<Array<{ order_id: string; sku: string; quantity: number }>> =>
  orderIds.length === 0
    ? []
    : db.query(
        `SELECT order_id, sku, quantity FROM order_lines
          WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, line_no`,
        [orderIds],
      );
