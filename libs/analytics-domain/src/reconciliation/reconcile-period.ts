import type {
  ReconciliationOrder,
  ReconciliationPayment,
  ReconciliationStockMovement,
  SettlementEntry,
} from '@pattern-shop/contracts';
import { compareOrderSets, type StreamPlacedOrder } from './order-sets.js';

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
 * double charge is reported once, as a double charge, and nothing else.
 */
export const MISMATCH_KINDS = [
  'missing_charge',
  'double_charge',
  'amount_mismatch',
  'unrefunded_charge',
  'books_mismatch',
  'orphan_charge',
  'uncommitted_stock',
  'unreleased_stock',
  'orphan_reservation',
  'order_only_in_stream',
  'order_missing_from_stream',
] as const;
export type MismatchKind = (typeof MISMATCH_KINDS)[number];

export type Finding = Readonly<{
  kind: MismatchKind;
  orderId: string;
  /** What the rules expect and what the sources say, in `unit`. */
  expected: number;
  actual: number;
  unit: 'cents' | 'units' | 'orders';
  detail: string;
}>;

export type ReconciliationInput = Readonly<{
  period: Readonly<{ from: Date; to: Date }>;
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

type Money = { captures: number; capturedCents: number; refundedCents: number };

const inPeriod = (at: string, { from, to }: ReconciliationInput['period']): boolean => {
  const time = Date.parse(at);
  return time >= from.getTime() && time < to.getTime();
};

const recordedNet = (payment: ReconciliationPayment | undefined): number =>
  payment?.status === 'CHARGED' ? payment.amountCents : 0;

export const reconcilePeriod = (input: ReconciliationInput): ReconciliationOutcome => {
  const money = new Map<string, Money>();
  const orphanCharges = new Map<string, number>();
  for (const entry of input.settlement) {
    const sums = money.get(entry.orderId) ?? { captures: 0, capturedCents: 0, refundedCents: 0 };
    if (entry.kind === 'charge') {
      sums.captures += 1;
      sums.capturedCents += entry.amountCents;
    } else {
      sums.refundedCents += entry.amountCents;
    }
    money.set(entry.orderId, sums);
    if (
      entry.kind === 'charge' &&
      !input.knownOrderIds.has(entry.orderId) &&
      inPeriod(entry.at, input.period)
    ) {
      orphanCharges.set(entry.orderId, (orphanCharges.get(entry.orderId) ?? 0) + entry.amountCents);
    }
  }
  const payments = new Map<string, ReconciliationPayment>();
  for (const payment of input.payments) {
    payments.set(payment.orderId, payment);
    const charged = payment.chargedAt ?? payment.recordedAt;
    if (
      payment.status !== 'DECLINED' &&
      !input.knownOrderIds.has(payment.orderId) &&
      inPeriod(charged, input.period) &&
      !orphanCharges.has(payment.orderId)
    ) {
      orphanCharges.set(payment.orderId, payment.amountCents);
    }
  }
  const stock = new Map<string, Map<string, number>>();
  const orphanMovements = new Map<string, number>();
  for (const movement of input.movements) {
    const skus = stock.get(movement.orderId) ?? new Map<string, number>();
    skus.set(movement.sku, (skus.get(movement.sku) ?? 0) + movement.quantity);
    stock.set(movement.orderId, skus);
    if (!input.knownOrderIds.has(movement.orderId) && inPeriod(movement.occurredAt, input.period)) {
      orphanMovements.set(
        movement.orderId,
        (orphanMovements.get(movement.orderId) ?? 0) + movement.quantity,
      );
    }
  }

  const findings: Finding[] = [];
  const inFlight: string[] = [];
  let rowsChecked = 0;
  for (const order of input.orders) {
    rowsChecked += 1;
    if (order.status === 'PENDING') {
      inFlight.push(order.orderId);
      continue;
    }
    const moneyFinding = checkMoney(order, money.get(order.orderId), payments.get(order.orderId));
    if (moneyFinding !== undefined) findings.push(moneyFinding);
    const stockFinding = checkStock(order, stock.get(order.orderId) ?? new Map());
    if (stockFinding !== undefined) findings.push(stockFinding);
  }
  for (const [orderId, cents] of orphanCharges) {
    findings.push({
      kind: 'orphan_charge',
      orderId,
      expected: 0,
      actual: cents,
      unit: 'cents',
      detail: 'money taken for an order that order-service does not know',
    });
  }
  for (const [orderId, quantity] of orphanMovements) {
    findings.push({
      kind: 'orphan_reservation',
      orderId,
      expected: 0,
      actual: quantity,
      unit: 'units',
      detail: 'stock moved for an order that order-service does not know',
    });
  }
  findings.push(
    ...compareOrderSets(input.period, input.orders, input.knownOrderIds, input.streamPlaced),
  );
  return { rowsChecked, inFlight, findings };
};

const checkMoney = (
  order: ReconciliationOrder,
  sums: Money | undefined,
  payment: ReconciliationPayment | undefined,
): Finding | undefined => {
  const captures = sums?.captures ?? 0;
  const net = (sums?.capturedCents ?? 0) - (sums?.refundedCents ?? 0);
  const finding = (kind: MismatchKind, expected: number, actual: number, detail: string) =>
    ({ kind, orderId: order.orderId, expected, actual, unit: 'cents', detail }) as const;
  if (captures > 1) {
    return finding(
      'double_charge',
      order.status === 'CONFIRMED' ? order.totalCents : 0,
      sums?.capturedCents ?? 0,
      `${captures} captured charges for one ${order.status} order`,
    );
  }
  if (order.status === 'CONFIRMED') {
    if (captures === 0) {
      return finding('missing_charge', order.totalCents, 0, 'confirmed without a captured charge');
    }
    if (net !== order.totalCents) {
      return finding('amount_mismatch', order.totalCents, net, 'net charge differs from total');
    }
  } else if (net !== 0) {
    return finding('unrefunded_charge', 0, net, 'cancelled order still holds money');
  }
  if (recordedNet(payment) !== net) {
    return finding(
      'books_mismatch',
      net,
      recordedNet(payment),
      `payment-service records ${payment?.status ?? 'no payment'}; the processor settled ${net}`,
    );
  }
  return undefined;
};

const checkStock = (
  order: ReconciliationOrder,
  moved: ReadonlyMap<string, number>,
): Finding | undefined => {
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
