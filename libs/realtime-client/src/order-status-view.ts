import type { OrderStatusPush } from './protocol.js';

/** What a client shows: the newest status it learnt of each order, from a push or a refetch. */
export type OrderStatusView = ReadonlyMap<string, OrderStatusPush>;

/**
 * The view with `incoming` applied, or the same view when `incoming` is not newer than what is
 * shown. Pushes can arrive late, twice or out of order (a redelivered fact, a refetch racing a
 * push); `statusVersion` only grows, so the highest one is the truth and nothing moves back.
 */
export const applyOrderStatus = (
  view: OrderStatusView,
  incoming: OrderStatusPush,
): OrderStatusView => {
  const shown = view.get(incoming.orderId);
  if (shown !== undefined && shown.statusVersion >= incoming.statusVersion) return view;
  return new Map(view).set(incoming.orderId, incoming);
};
