import type { StockMovement, StockRecord } from '../invariants/snapshot.js';
import { readConsistent } from './read-access.js';
import type { SystemAddresses } from './system-addresses.js';

/** Stock per SKU as a runner found it, with the database snapshot it was read in. */
export type InitialStock = Readonly<{
  current: Readonly<Record<string, number>>;
  /** `pg_current_snapshot()` of that read: which transactions its stock already counted. */
  snapshot: string;
}>;

type MovementRow = {
  order_id: string | null;
  sku: string;
  kind: StockMovement['kind'];
  quantity: number;
};

/**
 * With an initial read, the movements are exactly those its snapshot did not see (inserted by a
 * transaction still running then or begun after it): a movement stamped just before the window
 * whose transaction committed after the read would otherwise be in neither. Movements are only
 * inserted, so `xmin` is their transaction; xids are compared within one epoch, as on a lab's
 * database. Rows older than the window by more than a minute are not looked at.
 */
const MOVEMENTS_SINCE_SNAPSHOT = `
  SELECT order_id, sku, kind, quantity FROM stock_movements
  WHERE occurred_at >= $1::timestamptz - interval '1 minute'
    AND (xmin::text::bigint >= pg_snapshot_xmax($2::pg_snapshot)::text::bigint
      OR xmin::text::bigint IN (SELECT pg_snapshot_xip($2::pg_snapshot)::text::bigint))
  ORDER BY id`;

/**
 * Stock and the movements since the window's start (or since the initial read), in one
 * consistent read through inventory-service's role: its reconciliation API leaves restocks out,
 * and stock read apart from its movements could be a moment off.
 */
export const readStock = (
  addresses: SystemAddresses,
  from: string,
  initial?: InitialStock,
): Promise<StockRecord> =>
  readConsistent(addresses.databases.inventory, async (query) => {
    const products = await query<{ sku: string; stock: number }>('SELECT sku, stock FROM products');
    const movements =
      initial === undefined
        ? await query<MovementRow>(
            'SELECT order_id, sku, kind, quantity FROM stock_movements WHERE occurred_at >= $1 ORDER BY id',
            [from],
          )
        : await query<MovementRow>(MOVEMENTS_SINCE_SNAPSHOT, [from, initial.snapshot]);
    return {
      current: Object.fromEntries(products.map((product) => [product.sku, product.stock])),
      initial: initial?.current,
      movements: movements.map((m) => ({
        orderId: m.order_id,
        sku: m.sku,
        kind: m.kind,
        quantity: m.quantity,
      })),
    };
  });

/** Stock per SKU now, and the snapshot it was read in: what a runner keeps before a run. */
export const readCurrentStock = (addresses: SystemAddresses): Promise<InitialStock> =>
  readConsistent(addresses.databases.inventory, async (query) => {
    // First, so it is the snapshot the products are read in (REPEATABLE READ).
    const [taken] = await query<{ snapshot: string }>(
      'SELECT pg_current_snapshot()::text AS snapshot',
    );
    const products = await query<{ sku: string; stock: number }>('SELECT sku, stock FROM products');
    return {
      current: Object.fromEntries(products.map((product) => [product.sku, product.stock])),
      snapshot: taken?.snapshot ?? '',
    };
  });
