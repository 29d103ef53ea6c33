import type { EntityManager } from 'typeorm';
import type { OrderStatus } from '@pattern-shop/contracts';
import type { PricedLine } from '../place-order/price-order.js';

export type NewOrder = Readonly<{
  id: string;
  customerId: string;
  lines: readonly PricedLine[];
  totalCents: number;
  currency: 'EUR';
  availabilityChecked: boolean;
  correlationId: string;
  placedAt: Date;
}>;

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

/** The order, its lines and its first history row, in one statement (one round trip). */
export const insertNewOrder = async (tx: EntityManager, order: NewOrder): Promise<void> => {
  // The lines' and the history's foreign keys are checked at the end of the statement.
  await tx.query(
    `WITH placed AS (
       INSERT INTO orders (id, customer_id, status, status_version, total_cents, currency, availability_checked,
                           correlation_id, created_at, updated_at)
       VALUES ($1, $2, 'PENDING', 1, $3, $4, $5, $6, $7, $7)),
     lines AS (
       INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price_cents)
       SELECT $1, line_no, sku, quantity, unit_price_cents
         FROM unnest($8::text[], $9::int[], $10::bigint[]) WITH ORDINALITY AS l(sku, quantity, unit_price_cents, line_no))
     INSERT INTO order_status_history (order_id, status_version, status, reason, changed_at)
     VALUES ($1, 1, 'PENDING', $11, $7)`,
    [
      order.id,
      order.customerId,
      order.totalCents,
      order.currency,
      order.availabilityChecked,
      order.correlationId,
      order.placedAt,
      order.lines.map((l) => l.sku),
      order.lines.map((l) => l.quantity),
      order.lines.map((l) => l.unitPriceCents),
      order.availabilityChecked ? 'placed' : 'placed without availability check',
    ],
  );
};

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
