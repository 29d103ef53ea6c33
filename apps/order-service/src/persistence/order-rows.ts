import type { EntityManager } from 'typeorm';
import type { OrderStatus } from '@pattern-shop/contracts';
import type { NewOrder } from '../place-order/new-order.js';

// The only writer of orders, order_lines and order_status_history: place-order inserts, the
// checkout saga changes the status.

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

/**
 * PENDING -> `status`, once, with its history row: a final status never changes back. Answers the
 * new statusVersion, or undefined when the order was already final.
 */
export const markOrderStatus = async (
  tx: EntityManager,
  change: Readonly<{
    orderId: string;
    status: Exclude<OrderStatus, 'PENDING'>;
    reason: string;
    at: Date;
  }>,
): Promise<number | undefined> => {
  // A bare UPDATE answers [rows, count] through TypeORM; wrapped in a CTE it answers rows.
  const [row]: { status_version: number }[] = await tx.query(
    `WITH changed AS (
       UPDATE orders SET status = $2, status_version = status_version + 1, updated_at = $3
        WHERE id = $1 AND status = 'PENDING'
        RETURNING status_version)
     SELECT status_version FROM changed`,
    [change.orderId, change.status, change.at],
  );
  if (row === undefined) return undefined;
  await tx.query(
    `INSERT INTO order_status_history (order_id, status_version, status, reason, changed_at)
     VALUES ($1, $2, $3, $4, $5)`,
    [change.orderId, row.status_version, change.status, change.reason, change.at],
  );
  return row.status_version;
};
