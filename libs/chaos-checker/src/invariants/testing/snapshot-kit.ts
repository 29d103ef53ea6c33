import type { OrderRecord, SystemSnapshot } from '../snapshot.js';

// A clean run in plain data: three orders whose every record agrees. Tests plant one violation
// each by replacing a part of it.

export const FROM = '2026-12-03T10:00:00.000Z';
export const TO = '2026-12-03T10:05:00.000Z';
export const TAKEN_AT = '2026-12-03T10:07:00.000Z';
export const CUSTOMER = 'cust-run';

export const CONFIRMED_ID = '11111111-1111-4111-8111-111111111111';
/** Declined by the card processor: nothing charged, nothing reserved. */
export const DECLINED_ID = '22222222-2222-4222-8222-222222222222';
/** Charged, then out of stock: refunded and released. */
export const REFUNDED_ID = '33333333-3333-4333-8333-333333333333';

const order = (orderId: string, status: OrderRecord['status'], second: number): OrderRecord => ({
  orderId,
  customerId: CUSTOMER,
  status,
  totalCents: 2_500,
  createdAt: `2026-12-03T10:01:${String(second).padStart(2, '0')}.000Z`,
  updatedAt: `2026-12-03T10:01:${String(second + 3).padStart(2, '0')}.000Z`,
  lines: [{ sku: 'MUG-001', quantity: 2 }],
});

export const cleanSnapshot = (): SystemSnapshot => ({
  scope: { from: FROM, to: TO, customerIds: [CUSTOMER] },
  takenAt: TAKEN_AT,
  orders: [
    order(CONFIRMED_ID, 'CONFIRMED', 0),
    order(DECLINED_ID, 'CANCELLED', 10),
    order(REFUNDED_ID, 'CANCELLED', 20),
  ],
  keys: [CONFIRMED_ID, DECLINED_ID, REFUNDED_ID].map((orderId, i) => ({
    customerId: CUSTOMER,
    key: `key-${i}`,
    responseStatus: 202,
    orderId,
    createdAt: `2026-12-03T10:01:${String(i * 10).padStart(2, '0')}.000Z`,
  })),
  sagas: [
    { orderId: CONFIRMED_ID, status: 'CONFIRMED', updatedAt: TAKEN_AT },
    { orderId: DECLINED_ID, status: 'CANCELLED', updatedAt: TAKEN_AT },
    { orderId: REFUNDED_ID, status: 'CANCELLED', updatedAt: TAKEN_AT },
  ],
  payments: [
    { paymentId: 'p-1', orderId: CONFIRMED_ID, status: 'CHARGED', amountCents: 2_500 },
    { paymentId: 'p-2', orderId: DECLINED_ID, status: 'DECLINED', amountCents: 2_500 },
    { paymentId: 'p-3', orderId: REFUNDED_ID, status: 'REFUNDED', amountCents: 2_500 },
  ],
  ledger: [
    { kind: 'charge', id: 'ch_1', chargeId: 'ch_1', orderId: CONFIRMED_ID, amountCents: 2_500 },
    { kind: 'charge', id: 'ch_3', chargeId: 'ch_3', orderId: REFUNDED_ID, amountCents: 2_500 },
    { kind: 'refund', id: 're_3', chargeId: 'ch_3', orderId: REFUNDED_ID, amountCents: 2_500 },
  ],
  ordersOutsideWindow: [],
  stock: {
    current: { 'MUG-001': 8, 'TEE-002': 0 },
    initial: { 'MUG-001': 10, 'TEE-002': 0 },
    movements: [
      { orderId: CONFIRMED_ID, sku: 'MUG-001', kind: 'RESERVE', quantity: -2 },
      { orderId: REFUNDED_ID, sku: 'MUG-001', kind: 'RESERVE', quantity: -2 },
      { orderId: REFUNDED_ID, sku: 'MUG-001', kind: 'RELEASE', quantity: 2 },
    ],
  },
  outbox: [],
  deadLetters: [],
  messages: { published: [], handled: [] },
  queues: [
    { name: 'payment.commands', messages: 0 },
    { name: 'inventory.commands', messages: 0 },
  ],
  sentEmails: [
    { orderId: CONFIRMED_ID, template: 'order-confirmed' },
    { orderId: DECLINED_ID, template: 'order-cancelled' },
    { orderId: REFUNDED_ID, template: 'order-cancelled' },
  ],
  deliveredMails: [
    { orderId: CONFIRMED_ID, template: 'order-confirmed' },
    { orderId: DECLINED_ID, template: 'order-cancelled' },
    { orderId: REFUNDED_ID, template: 'order-cancelled' },
  ],
  projections: [CONFIRMED_ID, DECLINED_ID, REFUNDED_ID].map((orderId) => ({
    orderId,
    placedTotalCents: 2_500,
    confirmedTotalCents: orderId === CONFIRMED_ID ? 2_500 : null,
    confirmed: orderId === CONFIRMED_ID,
    cancelled: orderId !== CONFIRMED_ID,
  })),
  reconciliation: { covered: true, findings: [] },
  client: [CONFIRMED_ID, DECLINED_ID, REFUNDED_ID].map((orderId, i) => ({
    customerId: CUSTOMER,
    key: `key-${i}`,
    attempts: [{ status: 202, orderId }],
  })),
  watchers: [
    { watcher: 'watcher-0', orderId: CONFIRMED_ID, shown: 'CONFIRMED' },
    { watcher: 'watcher-1', orderId: DECLINED_ID, shown: 'CANCELLED' },
    { watcher: 'watcher-2', orderId: REFUNDED_ID, shown: 'CANCELLED' },
  ],
});

/** The one verdict of `invariant` (by a word of its name) among `verdicts`. */
export const verdictOf = <V extends { invariant: string }>(
  verdicts: readonly V[],
  word: string,
): V => {
  const found = verdicts.filter((v) => v.invariant.includes(word));
  if (found.length !== 1) throw new Error(`${found.length} invariants match '${word}'`);
  return found[0] as V;
};
