import type { ReconciliationOrder } from '@pattern-shop/contracts';
import { type Finding, inPeriod, type Period } from './findings.js';

/** An order the Kafka stream saw placed (analytics-service's own projection of it). */
export type StreamPlacedOrder = Readonly<{ orderId: string; placedAt: string }>;

/**
 * The two independent lists of the period's orders, held against each other: order-service's
 * database (through its API) and the OrderPlaced facts of the stream. An order on one side only is
 * a finding, whichever side: deleted from the orders database after it was published (a bench's
 * clean-up, a hand-made fix), or committed without its fact ever reaching the stream. The
 * money and stock rules only see the orders order-service lists, so without this rule the first
 * kind vanishes from the check without a trace. A PENDING order is in flight: its fact may still
 * be on its way.
 */
export const compareOrderSets = (
  period: Period,
  orders: readonly ReconciliationOrder[],
  knownOrderIds: ReadonlySet<string>,
  streamPlaced: Iterable<StreamPlacedOrder>,
): Finding[] => {
  const findings: Finding[] = [];
  const seenByStream = new Set<string>();
  for (const placed of streamPlaced) {
    seenByStream.add(placed.orderId);
    if (inPeriod(placed.placedAt, period) && !knownOrderIds.has(placed.orderId)) {
      findings.push({
        kind: 'order_only_in_stream',
        orderId: placed.orderId,
        expected: 1,
        actual: 0,
        unit: 'orders',
        detail: `the stream saw it placed at ${placed.placedAt}; order-service has no such order`,
      });
    }
  }
  for (const order of orders) {
    if (order.status === 'PENDING' || seenByStream.has(order.orderId)) continue;
    findings.push({
      kind: 'order_missing_from_stream',
      orderId: order.orderId,
      expected: 1,
      actual: 0,
      unit: 'orders',
      detail: `order-service has it (${order.status}); the stream has not seen it placed (lost, or its consumer is behind)`,
    });
  }
  return findings;
};
