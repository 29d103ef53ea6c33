import type { EntityManager } from 'typeorm';
import { applyStockChanges, lockStock } from '../persistence/stock-ledger.js';

export type StockSet = Readonly<{ sku: string; stock: number; previousStock: number }>;

/**
 * Sets a SKU's available stock to an absolute count (a stock take, a delivery) and records the
 * difference as a RESTOCK movement, so the ledger still explains every unit. Undefined for an
 * unknown SKU. The row lock orders it with reservations: none can slip in between read and write.
 */
export const setStock = async (
  tx: EntityManager,
  sku: string,
  stock: number,
  at: Date,
): Promise<StockSet | undefined> => {
  const previousStock = (await lockStock(tx, [sku])).get(sku);
  if (previousStock === undefined) return undefined;
  const changes = [{ sku, delta: stock - previousStock }];
  await applyStockChanges(tx, { orderId: null, kind: 'RESTOCK', changes, at });
  return { sku, stock, previousStock };
};
