import type {
  ReconciliationOrder,
  ReconciliationPayment,
  SettlementEntry,
} from '@pattern-shop/contracts';
import { type Finding, inPeriod, type MismatchKind, type Period } from './findings.js';

type Money = { captures: number; capturedCents: number; refundedCents: number };

export type MoneyLedger = Readonly<{
  /** The processor's captures and refunds per order. */
  settled: ReadonlyMap<string, Money>;
  /** payment-service's record per order. */
  recorded: ReadonlyMap<string, ReconciliationPayment>;
  /** Money taken in the period for orders order-service does not know, in cents per order. */
  orphans: ReadonlyMap<string, number>;
}>;

/** Sums the processor's settlement and payment-service's records per order. */
export const sumMoney = (
  period: Period,
  knownOrderIds: ReadonlySet<string>,
  settlement: Iterable<SettlementEntry>,
  payments: Iterable<ReconciliationPayment>,
): MoneyLedger => {
  const settled = new Map<string, Money>();
  const orphans = new Map<string, number>();
  for (const entry of settlement) {
    const sums = settled.get(entry.orderId) ?? { captures: 0, capturedCents: 0, refundedCents: 0 };
    if (entry.kind === 'charge') {
      sums.captures += 1;
      sums.capturedCents += entry.amountCents;
    } else {
      sums.refundedCents += entry.amountCents;
    }
    settled.set(entry.orderId, sums);
    if (
      entry.kind === 'charge' &&
      !knownOrderIds.has(entry.orderId) &&
      inPeriod(entry.at, period)
    ) {
      orphans.set(entry.orderId, (orphans.get(entry.orderId) ?? 0) + entry.amountCents);
    }
  }
  const recorded = new Map<string, ReconciliationPayment>();
  for (const payment of payments) {
    recorded.set(payment.orderId, payment);
    const charged = payment.chargedAt ?? payment.recordedAt;
    if (
      payment.status !== 'DECLINED' &&
      !knownOrderIds.has(payment.orderId) &&
      inPeriod(charged, period) &&
      !orphans.has(payment.orderId)
    ) {
      orphans.set(payment.orderId, payment.amountCents);
    }
  }
  return { settled, recorded, orphans };
};

const recordedNet = (payment: ReconciliationPayment | undefined): number =>
  payment?.status === 'CHARGED' ? payment.amountCents : 0;

/**
 * CONFIRMED: exactly one captured charge, netting to the order's total; CANCELLED: money nets to
 * zero; either way payment-service's books agree with the processor. The most telling finding only.
 */
export const checkMoney = (
  order: ReconciliationOrder,
  ledger: MoneyLedger,
): Finding | undefined => {
  const sums = ledger.settled.get(order.orderId);
  const payment = ledger.recorded.get(order.orderId);
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

export const orphanChargeFindings = (ledger: MoneyLedger): Finding[] =>
  [...ledger.orphans].map(([orderId, cents]) => ({
    kind: 'orphan_charge',
    orderId,
    expected: 0,
    actual: cents,
    unit: 'cents',
    detail: 'money taken for an order that order-service does not know',
  }));
