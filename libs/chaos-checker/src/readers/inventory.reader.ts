import type { StockMovement, StockRecord } from '../invariants/snapshot.js';
import { readConsistent } from './read-access.js';
import type { SystemAddresses } from './system-addresses.js';

/**
 * Stock and the movements since the window's start, in one consistent read through
 * inventory-service's role: its reconciliation API leaves restocks out, and stock read apart
 * from its movements could be a moment off.
 */
export const readStock = (
  addresses: SystemAddresses,
  from: string,
  initial?: Readonly<Record<string, number>>,
): Promise<StockRecord> =>
  readConsistent(addresses.databases.inventory, async (query) => {
    const products = await query<{ sku: string; stock: number }>('SELECT sku, stock FROM products');
    const movements = await query<{
      order_id: string | null;
      sku: string;
      kind: StockMovement['kind'];
      quantity: number;
    }>(
      'SELECT order_id, sku, kind, quantity FROM stock_movements WHERE occurred_at >= $1 ORDER BY id',
      [from],
    );
    return {
      current: Object.fromEntries(products.map((product) => [product.sku, product.stock])),
      initial,
      movements: movements.map((m) => ({
        orderId: m.order_id,
        sku: m.sku,
        kind: m.kind,
        quantity: m.quantity,
      })),
    };
  });

/** Stock per SKU now: what a runner keeps as the initial stock before it starts a run. */
export const readCurrentStock = async (
  addresses: SystemAddresses,
): Promise<Record<string, number>> =>
  (await readStock(addresses, new Date().toISOString())).current;
