import type { EntityManager } from 'typeorm';
import {
  encodeCursor,
  type ReconciliationPage,
  type ReconciliationQuery,
  type ReconciliationStockMovement,
} from '@pattern-shop/contracts';

type MovementRow = {
  id: string;
  order_id: string;
  sku: string;
  kind: 'RESERVE' | 'RELEASE';
  quantity: number;
  occurred_at: Date;
};

/**
 * One page of the stock movements of orders (RESERVE and RELEASE; RESTOCK belongs to no order)
 * that occurred in `[from, to)`, by (occurred_at, id), after the keyset of the page before.
 * Reads `limit + 1` rows: the extra one only says whether there is a next page.
 */
export const orderMovementsInPeriod = async (
  db: EntityManager,
  { period, limit, after }: ReconciliationQuery,
): Promise<ReconciliationPage<ReconciliationStockMovement>> => {
  // id is a bigint: read as text, so no id is ever rounded by a JS number. ORDER BY names the
  // column, not the text alias, so pages follow the keyset's numeric order (99 before 100).
  const rows: MovementRow[] = await db.query(
    `SELECT id::text AS id, order_id, sku, kind, quantity, occurred_at
       FROM stock_movements
      WHERE order_id IS NOT NULL AND occurred_at >= $1 AND occurred_at < $2
        AND ($3::timestamptz IS NULL OR (occurred_at, id) > ($3::timestamptz, $4::bigint))
      ORDER BY occurred_at, stock_movements.id
      LIMIT $5`,
    [period.from, period.to, after?.at ?? null, after?.id ?? null, limit + 1],
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    from: period.from.toISOString(),
    to: period.to.toISOString(),
    items: page.map((row) => ({
      id: row.id,
      orderId: row.order_id,
      sku: row.sku,
      kind: row.kind,
      quantity: row.quantity,
      occurredAt: row.occurred_at.toISOString(),
    })),
    nextCursor:
      rows.length > limit && last !== undefined ? encodeCursor(last.occurred_at, last.id) : null,
  };
};
