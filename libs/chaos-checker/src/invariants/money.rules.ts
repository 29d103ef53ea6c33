import type { OrderRecord, SystemSnapshot } from './snapshot.js';
import { groupBy, runOrders, skipped, sum, type Verdict, verdict } from './verdict.js';

/** What an order should hold when final: its total when CONFIRMED, nothing when CANCELLED. */
const owed = (order: OrderRecord): number => (order.status === 'CONFIRMED' ? order.totalCents : 0);

const finalOrders = (snapshot: SystemSnapshot) =>
  runOrders(snapshot).filter((order) => order.status !== 'PENDING');

const cents = (amount: number) => (amount / 100).toFixed(2);

const moneyVerdict = (
  books: string,
  orders: readonly OrderRecord[],
  netOf: (orderId: string) => number,
): Verdict => {
  const wrong = orders.filter((order) => netOf(order.orderId) !== owed(order));
  const gap = sum(wrong.map((order) => netOf(order.orderId) - owed(order)));
  return verdict(
    `money: ${books}`,
    `${orders.length} orders: total if CONFIRMED, 0 if CANCELLED`,
    `${wrong.length} orders off, by ${cents(gap)} in all`,
    wrong.map((order) => order.orderId),
  );
};

/** payment-service's books: a CHARGED row holds the amount; a REFUNDED one gave it back. */
export const moneyOnPaymentBooks = (snapshot: SystemSnapshot): Verdict => {
  const rows = groupBy(snapshot.payments, (payment) => payment.orderId);
  return moneyVerdict("payment-service's books", finalOrders(snapshot), (orderId) =>
    sum(
      (rows.get(orderId) ?? [])
        .filter((payment) => payment.status === 'CHARGED')
        .map((payment) => payment.amountCents),
    ),
  );
};

/** The provider's ledger is the outside world's record: captured minus refunded per order. */
export const moneyOnProviderLedger = (snapshot: SystemSnapshot): Verdict => {
  const entries = groupBy(snapshot.ledger, (entry) => entry.orderId);
  return moneyVerdict("the provider's ledger", finalOrders(snapshot), (orderId) =>
    sum(
      (entries.get(orderId) ?? []).map((entry) =>
        entry.kind === 'charge' ? entry.amountCents : -entry.amountCents,
      ),
    ),
  );
};

/** A second capture is a double charge even if it was refunded later: the customer saw it. */
export const nothingChargedTwice = (snapshot: SystemSnapshot): Verdict => {
  const orders = runOrders(snapshot);
  const ids = new Set(orders.map((order) => order.orderId));
  const captures = groupBy(
    snapshot.ledger.filter((entry) => entry.kind === 'charge' && ids.has(entry.orderId)),
    (entry) => entry.orderId,
  );
  const rows = groupBy(
    snapshot.payments.filter(
      (payment) => payment.status !== 'DECLINED' && ids.has(payment.orderId),
    ),
    (payment) => payment.orderId,
  );
  const twice = [...captures, ...rows].filter(([, group]) => group.length > 1).map(([id]) => id);
  return verdict(
    'nothing charged twice',
    'one charge per order at most, on both books',
    `${new Set(twice).size} orders charged more than once`,
    twice,
  );
};

/**
 * Money taken for an order order-service does not have (issue 21: a charge that outlived the
 * request that caused it). Charges carry no customer, so a check narrowed to customers skips it.
 */
export const noChargeWithoutOrder = (snapshot: SystemSnapshot): Verdict => {
  const name = 'no charge without an order';
  const expected = 'every charge names an existing order';
  if (snapshot.scope.customerIds !== undefined) {
    return skipped(name, expected, 'narrowed to customers; charges name no customer');
  }
  const known = new Set([
    ...snapshot.orders.map((order) => order.orderId),
    ...snapshot.ordersOutsideWindow,
  ]);
  const charged = [
    ...snapshot.ledger.filter((entry) => entry.kind === 'charge').map((entry) => entry.orderId),
    ...snapshot.payments.filter((p) => p.status !== 'DECLINED').map((p) => p.orderId),
  ];
  const orphans = [...new Set(charged.filter((orderId) => !known.has(orderId)))];
  return verdict(name, expected, `${orphans.length} orders charged but unknown`, orphans);
};
