import type { OrderRecord, ProjectionRecord, SystemSnapshot } from './snapshot.js';
import { runOrders, type Verdict, verdict } from './verdict.js';

const agrees = (order: OrderRecord, facts: ProjectionRecord | undefined): boolean =>
  facts !== undefined &&
  facts.placedTotalCents === order.totalCents &&
  facts.confirmed === (order.status === 'CONFIRMED') &&
  facts.cancelled === (order.status === 'CANCELLED') &&
  (!facts.confirmed || facts.confirmedTotalCents === order.totalCents);

/** analytics-service's per-order facts say what the orders database says: placed, total, outcome. */
export const projectionsMatchOrders = (snapshot: SystemSnapshot): Verdict => {
  const orders = runOrders(snapshot);
  const facts = new Map(snapshot.projections.map((row) => [row.orderId, row]));
  const missing = orders.filter((order) => !facts.has(order.orderId));
  const wrong = orders.filter((order) => !agrees(order, facts.get(order.orderId)));
  return verdict(
    'projections equal the orders database',
    `${orders.length} orders projected as they are`,
    `${missing.length} missing, ${wrong.length - missing.length} different`,
    wrong.map((order) => order.orderId),
  );
};
