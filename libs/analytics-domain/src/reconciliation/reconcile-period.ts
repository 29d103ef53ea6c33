import type {
  ReconciliationOrder,
  ReconciliationPayment,
  ReconciliationStockMovement,
  SettlementEntry,
} from '@pattern-shop/contracts';
import type { Finding, Period } from './findings.js';
import { checkMoney, orphanChargeFindings, sumMoney } from './money-rules.js';
import { compareOrderSets, type StreamPlacedOrder } from './order-sets.js';
import { checkStock, orphanMovementFindings, sumStock } from './stock-rules.js';

export { type Finding, MISMATCH_KINDS, type MismatchKind } from './findings.js';

export type ReconciliationInput = Readonly<{
  period: Period;
  /** Orders created in the period: the ones checked. */
  orders: readonly ReconciliationOrder[];
  /** Every order id an in-period charge or movement may belong to (the period and the day before). */
  knownOrderIds: ReadonlySet<string>;
  /** Processor settlement, payment records and stock movements from the period's start on. */
  settlement: Iterable<SettlementEntry>;
  payments: Iterable<ReconciliationPayment>;
  movements: Iterable<ReconciliationStockMovement>;
  /** Orders the stream saw placed in the period, and any other of `orders` it saw placed. */
  streamPlaced: Iterable<StreamPlacedOrder>;
}>;

export type ReconciliationOutcome = Readonly<{
  rowsChecked: number;
  inFlight: readonly string[];
  findings: readonly Finding[];
}>;

/**
 * The nightly reconciliation's rules (pattern 7), as a pure function of what the services
 * reported. For every order of the period:
 * - CONFIRMED: exactly one captured charge at the processor, netting to the order's total, and
 *   its stock committed (each SKU's net movement is minus the quantity ordered);
 * - CANCELLED: money nets to zero and stock nets to zero;
 * - PENDING: still in flight, reported as such and not checked.
 * And no charge or stock movement in the period for an order order-service does not know, and
 * no order placed in the period on one side only of order-service and the stream (order-sets.ts).
 * At most one money finding and one stock finding per order, the most telling one, so a planted
 * double charge is reported once, as a double charge, and nothing else. The money rules are in
 * money-rules.ts, the stock rules in stock-rules.ts.
 */
export const reconcilePeriod = (input: ReconciliationInput): ReconciliationOutcome => {
  const { period, knownOrderIds } = input;
  const money = sumMoney(period, knownOrderIds, input.settlement, input.payments);
  const stock = sumStock(period, knownOrderIds, input.movements);
  const findings: Finding[] = [];
  const inFlight: string[] = [];
  let rowsChecked = 0;
  for (const order of input.orders) {
    rowsChecked += 1;
    if (order.status === 'PENDING') {
      inFlight.push(order.orderId);
      continue;
    }
    const moneyFinding = checkMoney(order, money);
    if (moneyFinding !== undefined) findings.push(moneyFinding);
    const stockFinding = checkStock(order, stock);
    if (stockFinding !== undefined) findings.push(stockFinding);
  }
  findings.push(
    ...orphanChargeFindings(money),
    ...orphanMovementFindings(stock),
    ...compareOrderSets(period, input.orders, knownOrderIds, input.streamPlaced),
  );
  return { rowsChecked, inFlight, findings };
};
