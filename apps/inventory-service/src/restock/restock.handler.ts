import type { CommandDeps } from '@pattern-shop/messaging-outbox';
import { applyStockChanges, lockStock } from '../persistence/stock-ledger.js';

export type StockSet = Readonly<{ sku: string; stock: number; previousStock: number }>;

/**
 * Sets a SKU's available stock to an absolute count (a stock take, a delivery) and records the
 * difference as a RESTOCK movement, so the ledger still explains every unit. Undefined for an
 * unknown SKU. The row lock orders it with reservations: none can slip in between read and write.
 */
export class RestockHandler {
  constructor(private readonly deps: Pick<CommandDeps, 'dataSource' | 'now'>) {}

  setStock(sku: string, stock: number): Promise<StockSet | undefined> {
    return this.deps.dataSource.transaction(async (tx) => {
      const previousStock = (await lockStock(tx, [sku])).get(sku);
      if (previousStock === undefined) return undefined;
      const changes = [{ sku, delta: stock - previousStock }];
      await applyStockChanges(tx, { orderId: null, kind: 'RESTOCK', changes, at: this.deps.now() });
      return { sku, stock, previousStock };
    });
  }
}
