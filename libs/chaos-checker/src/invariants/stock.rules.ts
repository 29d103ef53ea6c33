import type { OrderRecord, StockMovement, SystemSnapshot } from './snapshot.js';
import { groupBy, runOrders, sum, type Verdict, verdict } from './verdict.js';

/** Units of `sku` a final order keeps out of stock: its lines when CONFIRMED, none when CANCELLED. */
const kept = (order: OrderRecord, sku: string): number =>
  order.status === 'CONFIRMED'
    ? sum(order.lines.filter((line) => line.sku === sku).map((line) => line.quantity))
    : 0;

const netOf = (movements: readonly StockMovement[] | undefined, sku: string): number =>
  sum((movements ?? []).filter((m) => m.sku === sku).map((m) => m.quantity));

/**
 * Per product: initial - confirmed + restocks (+ what orders outside the run moved) = current.
 * With the runner's initial snapshot this also catches stock changed without a movement; without
 * it, the initial stock is current minus the movements, and the check holds the ledger to the
 * orders' outcomes.
 */
export const stockConserved = (snapshot: SystemSnapshot): Verdict => {
  const { current, initial, movements } = snapshot.stock;
  const finalRun = runOrders(snapshot).filter((order) => order.status !== 'PENDING');
  const finalIds = new Set(finalRun.map((order) => order.orderId));
  // Restocks, other customers' orders and pending ones count as the ledger says.
  const ledgerCounted = movements.filter((m) => m.orderId === null || !finalIds.has(m.orderId));
  const off = Object.entries(current).filter(([sku, now]) => {
    const start = initial?.[sku] ?? now - netOf(movements, sku);
    const confirmed = sum(finalRun.map((order) => kept(order, sku)));
    return start + netOf(ledgerCounted, sku) - confirmed !== now;
  });
  const source = initial === undefined ? 'the ledger' : "the runner's snapshot";
  return verdict(
    'stock: initial - confirmed = current',
    `${Object.keys(current).length} products conserved`,
    `${off.length} off (initial from ${source})`,
    off.map(([sku]) => sku),
  );
};

/** Each final order moved exactly what its outcome says: reserved its lines, or released them all. */
export const stockMatchesOrders = (snapshot: SystemSnapshot): Verdict => {
  const finalRun = runOrders(snapshot).filter((order) => order.status !== 'PENDING');
  const byOrder = groupBy(
    snapshot.stock.movements.filter((m) => m.orderId !== null),
    (m) => m.orderId as string,
  );
  const wrong = finalRun.filter((order) => {
    const moved = byOrder.get(order.orderId);
    const skus = new Set([...order.lines.map((l) => l.sku), ...(moved ?? []).map((m) => m.sku)]);
    return [...skus].some((sku) => netOf(moved, sku) !== -kept(order, sku));
  });
  return verdict(
    'stock: moved as each order ended',
    `${finalRun.length} orders: lines kept if CONFIRMED, else none`,
    `${wrong.length} orders with stock kept or lost`,
    wrong.map((order) => order.orderId),
  );
};

/** No oversell: available stock never below zero. */
export const stockNeverNegative = (snapshot: SystemSnapshot): Verdict => {
  const negative = Object.entries(snapshot.stock.current).filter(([, stock]) => stock < 0);
  return verdict(
    'stock never negative (no oversell)',
    'every product at 0 or more',
    negative.length === 0
      ? 'none below 0'
      : negative.map(([sku, stock]) => `${sku} at ${stock}`).join(', '),
    negative.map(([sku]) => sku),
  );
};
