import type { ReconciliationOrder, ReconciliationStockMovement } from '@pattern-shop/contracts';
import { type Finding, inPeriod, type Period } from './findings.js';

export type StockLedger = Readonly<{
  /** Net movement per order, per SKU. */
  moved: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Stock moved in the period for orders order-service does not know, in units per order. */
  orphans: ReadonlyMap<string, number>;
}>;

/** Sums inventory-service's stock movements per order and SKU. */
export const sumStock = (
  period: Period,
  knownOrderIds: ReadonlySet<string>,
  movements: Iterable<ReconciliationStockMovement>,
): StockLedger => {
  const moved = new Map<string, Map<string, number>>();
  const orphans = new Map<string, number>();
  for (const movement of movements) {
    const skus = moved.get(movement.orderId) ?? new Map<string, number>();
    skus.set(movement.sku, (skus.get(movement.sku) ?? 0) + movement.quantity);
    moved.set(movement.orderId, skus);
    if (!knownOrderIds.has(movement.orderId) && inPeriod(movement.occurredAt, period)) {
      orphans.set(movement.orderId, (orphans.get(movement.orderId) ?? 0) + movement.quantity);
    }
  }
  return { moved, orphans };
};

/** CONFIRMED: each SKU's net movement is minus the quantity ordered; CANCELLED: it nets to zero. */
export const checkStock = (
  order: ReconciliationOrder,
  ledger: StockLedger,
): Finding | undefined => {
  const moved = ledger.moved.get(order.orderId) ?? new Map<string, number>();
  const ordered = new Map<string, number>();
  for (const line of order.lines)
    ordered.set(line.sku, (ordered.get(line.sku) ?? 0) + line.quantity);
  const skus = new Set([...ordered.keys(), ...moved.keys()]);
  let expected = 0;
  let actual = 0;
  const off: string[] = [];
  for (const sku of [...skus].sort()) {
    const want = order.status === 'CONFIRMED' ? -(ordered.get(sku) ?? 0) : 0;
    const got = moved.get(sku) ?? 0;
    expected += want;
    actual += got;
    if (want !== got) off.push(`${sku}: expected ${want}, moved ${got}`);
  }
  if (off.length === 0) return undefined;
  return {
    kind: order.status === 'CONFIRMED' ? 'uncommitted_stock' : 'unreleased_stock',
    orderId: order.orderId,
    expected,
    actual,
    unit: 'units',
    detail: off.join('; '),
  };
};

export const orphanMovementFindings = (ledger: StockLedger): Finding[] =>
  [...ledger.orphans].map(([orderId, quantity]) => ({
    kind: 'orphan_reservation',
    orderId,
    expected: 0,
    actual: quantity,
    unit: 'units',
    detail: 'stock moved for an order that order-service does not know',
  }));
