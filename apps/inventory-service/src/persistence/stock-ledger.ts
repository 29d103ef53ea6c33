import type { StockChange } from '@pattern-shop/inventory-domain';
import type { EntityManager } from 'typeorm';

export type MovementKind = 'RESERVE' | 'RELEASE' | 'RESTOCK';

/**
 * Locks the products' rows and returns their available stock; unknown SKUs are absent.
 * Always in SKU order: two transactions that lock overlapping SKUs take the locks in the same
 * order, so they queue behind each other instead of deadlocking.
 */
export const lockStock = async (
  tx: EntityManager,
  skus: readonly string[],
): Promise<Map<string, number>> => {
  const rows: { sku: string; stock: number }[] = await tx.query(
    `SELECT sku, stock FROM products WHERE sku = ANY($1) ORDER BY sku FOR UPDATE`,
    [[...new Set(skus)]],
  );
  return new Map(rows.map((row) => [row.sku, row.stock]));
};

/**
 * Applies the changes (one per SKU) and writes one stock_movements row per change, in the caller's
 * transaction: stock and its ledger commit together or not at all. Call after `lockStock` on the
 * same SKUs. `CHECK (stock >= 0)` on products is the last line against overselling: a change
 * that would go below zero fails the whole transaction.
 */
export const applyStockChanges = async (
  tx: EntityManager,
  {
    orderId,
    kind,
    changes,
    at,
  }: Readonly<{
    orderId: string | null;
    kind: MovementKind;
    changes: readonly StockChange[];
    at: Date;
  }>,
): Promise<void> => {
  const moving = changes.filter((change) => change.delta !== 0);
  if (moving.length === 0) return;
  const skus = moving.map((change) => change.sku);
  // An UPDATE ... FROM applies one row per product: a second change of a SKU would be lost.
  if (new Set(skus).size !== skus.length) throw new Error('one stock change per SKU, please');
  const deltas = moving.map((change) => change.delta);
  await tx.query(
    `WITH changes AS (SELECT * FROM unnest($1::text[], $2::int[]) AS c(sku, delta)),
     updated AS (
       UPDATE products p SET stock = p.stock + c.delta, updated_at = $5
         FROM changes c WHERE p.sku = c.sku RETURNING p.sku)
     INSERT INTO stock_movements (order_id, sku, quantity, kind, occurred_at)
     SELECT $3, c.sku, c.delta, $4, $5 FROM changes c JOIN updated u ON u.sku = c.sku`,
    [skus, deltas, orderId, kind, at],
  );
};
