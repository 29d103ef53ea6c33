import type { Period } from '@pattern-shop/contracts';
import type { StreamPlacedOrder } from '@pattern-shop/analytics-domain';
import { quoted, type Sql } from '../sql.js';

/**
 * The orders the Kafka stream saw placed (analytics-service's own projection): those placed in the
 * period, and any of `orderIds` (the period's orders by order-service) wherever the stream put
 * them. The second list of the period's orders, independent of order-service's database.
 */
export const ordersPlacedInStream = async (
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
