import type { OrderRecord, SystemSnapshot, WatchedOrder } from './snapshot.js';
import { skipped, type Verdict, verdict } from './verdict.js';

/**
 * The watched orders whose shown status is not order-service's: a push lost on a silent link
 * and never made good by a refetch. An order order-service does not have is another
 * invariant's business (every 202 is one order).
 */
export const staleWatchedOrders = (
  orders: readonly OrderRecord[],
  watched: readonly WatchedOrder[],
): WatchedOrder[] => {
  const statusOf = new Map(orders.map((order) => [order.orderId, order.status]));
  return watched.filter((w) => statusOf.has(w.orderId) && statusOf.get(w.orderId) !== w.shown);
};

/** Pattern 6's promise: a client never keeps showing a stale status (DESIGN.md). */
export const everyWatcherShowsFinalStatus = (snapshot: SystemSnapshot): Verdict => {
  const name = "every watcher shows its orders' final status";
  const expected = 'each followed order up to date';
  const watched = snapshot.watchers;
  if (watched === undefined) return skipped(name, expected, 'no realtime watchers in this run');
  const stale = staleWatchedOrders(snapshot.orders, watched);
  const blank = stale.filter((w) => w.shown === undefined).length;
  const watchers = new Set(watched.map((w) => w.watcher)).size;
  return verdict(
    name,
    `${watched.length} followed orders (${watchers} watchers) up to date`,
    `${stale.length} of ${watched.length} stale: ${stale.length - blank} show an older status, ${blank} nothing`,
    stale.map((w) => w.orderId),
  );
};
