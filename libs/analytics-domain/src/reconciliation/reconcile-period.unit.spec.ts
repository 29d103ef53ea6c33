import { describe, expect, it } from '@jest/globals';
import type {
  ReconciliationOrder,
  ReconciliationPayment,
  ReconciliationStockMovement,
  SettlementEntry,
} from '@pattern-shop/contracts';
import { type ReconciliationInput, reconcilePeriod } from './reconcile-period.js';

const period = {
  from: new Date('2026-11-22T00:00:00Z'),
  to: new Date('2026-11-23T00:00:00Z'),
};
const AT = '2026-11-22T10:00:00.000Z';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const order = (
  n: number,
  status: ReconciliationOrder['status'],
  totalCents = 2598,
): ReconciliationOrder => ({
  orderId: id(n),
  customerId: 'c-1',
  status,
  totalCents,
  currency: 'EUR',
  createdAt: AT,
  updatedAt: AT,
  lines: [{ sku: 'MUG-001', quantity: 2 }],
});
const charge = (n: number, amountCents = 2598, at = AT): SettlementEntry => ({
  kind: 'charge',
  id: `ch_${n}_${amountCents}_${at}`,
  chargeId: `ch_${n}`,
  orderId: id(n),
  amountCents,
  currency: 'EUR',
  at,
});
const refund = (n: number, amountCents = 2598): SettlementEntry => ({
  ...charge(n, amountCents),
  kind: 'refund',
  id: `re_${n}`,
});
const payment = (
  n: number,
  status: ReconciliationPayment['status'],
  amountCents = 2598,
): ReconciliationPayment => ({
  paymentId: id(1000 + n),
  orderId: id(n),
  status,
  amountCents,
  currency: 'EUR',
  providerChargeId: `ch_${n}`,
  recordedAt: AT,
  chargedAt: status === 'DECLINED' ? null : AT,
  refundedAt: status === 'REFUNDED' ? AT : null,
});
let movementId = 0;
const move = (
  n: number,
  kind: 'RESERVE' | 'RELEASE',
  quantity: number,
  sku = 'MUG-001',
): ReconciliationStockMovement => ({
  id: String((movementId += 1)),
  orderId: id(n),
  sku,
  kind,
  quantity,
  occurredAt: AT,
});

/** A confirmed order 1 and a cancelled (refunded, released) order 2: a clean day. */
const cleanDay = (): ReconciliationInput => ({
  period,
  orders: [order(1, 'CONFIRMED'), order(2, 'CANCELLED')],
  knownOrderIds: new Set([id(1), id(2)]),
  settlement: [charge(1), charge(2), refund(2)],
  payments: [payment(1, 'CHARGED'), payment(2, 'REFUNDED')],
  movements: [move(1, 'RESERVE', -2), move(2, 'RESERVE', -2), move(2, 'RELEASE', 2)],
  streamPlaced: [1, 2].map((n) => ({ orderId: id(n), placedAt: AT })),
});

const kinds = (input: ReconciliationInput) =>
  reconcilePeriod(input).findings.map((f) => [f.kind, f.orderId]);

describe('reconcilePeriod', () => {
  it('given a clean day, then every order is checked and nothing is found', () => {
    expect(reconcilePeriod(cleanDay())).toEqual({ rowsChecked: 2, inFlight: [], findings: [] });
  });

  it('given a pending order, then it is reported in flight and not as a mismatch', () => {
    const day = cleanDay();
    const outcome = reconcilePeriod({ ...day, orders: [...day.orders, order(3, 'PENDING')] });
    expect(outcome).toEqual({ rowsChecked: 3, inFlight: [id(3)], findings: [] });
  });

  it('given two captured charges for a confirmed order, then one double_charge and nothing else', () => {
    const day = cleanDay();
    const outcome = reconcilePeriod({
      ...day,
      settlement: [...day.settlement, charge(1, 2598, '2026-11-22T11:00:00.000Z')],
    });
    expect(outcome.findings).toEqual([
      expect.objectContaining({
        kind: 'double_charge',
        orderId: id(1),
        expected: 2598,
        actual: 5196,
      }),
    ]);
  });

  it('given a confirmed order without a charge, or with another amount, then missing_charge or amount_mismatch', () => {
    const day = cleanDay();
    expect(kinds({ ...day, settlement: [charge(2), refund(2)] })).toEqual([
      ['missing_charge', id(1)],
    ]);
    expect(
      kinds({ ...day, settlement: [charge(1, 2598), refund(1, 100), charge(2), refund(2)] }),
    ).toEqual([['amount_mismatch', id(1)]]);
  });

  it('given a cancelled order that still holds money, then unrefunded_charge', () => {
    const day = cleanDay();
    expect(kinds({ ...day, settlement: [charge(1), charge(2)] })).toEqual([
      ['unrefunded_charge', id(2)],
    ]);
  });

  it('given payment-service books that disagree with the processor, then books_mismatch', () => {
    const day = cleanDay();
    expect(kinds({ ...day, payments: [payment(1, 'DECLINED'), payment(2, 'REFUNDED')] })).toEqual([
      ['books_mismatch', id(1)],
    ]);
  });

  it('given money or stock for an unknown order in the period, then orphan_charge or orphan_reservation, once per order', () => {
    const day = cleanDay();
    const outcome = reconcilePeriod({
      ...day,
      settlement: [...day.settlement, charge(9, 500)],
      payments: [...day.payments, payment(9, 'CHARGED', 500)],
      movements: [...day.movements, move(8, 'RESERVE', -1), move(8, 'RESERVE', -3, 'TEE-002')],
    });
    expect(outcome.findings).toEqual([
      expect.objectContaining({ kind: 'orphan_charge', orderId: id(9), actual: 500 }),
      expect.objectContaining({ kind: 'orphan_reservation', orderId: id(8), actual: -4 }),
    ]);
  });

  it("given an unknown order whose charge falls after the period, then it is not this period's orphan", () => {
    const day = cleanDay();
    expect(
      kinds({
        ...day,
        settlement: [...day.settlement, charge(9, 500, '2026-11-23T00:00:01.000Z')],
      }),
    ).toEqual([]);
  });

  it('given a cancelled order whose stock was never released, then unreleased_stock; a confirmed one never reserved, uncommitted_stock', () => {
    const day = cleanDay();
    const outcome = reconcilePeriod({ ...day, movements: [move(2, 'RESERVE', -2)] });
    expect(outcome.findings).toEqual([
      expect.objectContaining({
        kind: 'uncommitted_stock',
        orderId: id(1),
        expected: -2,
        actual: 0,
      }),
      expect.objectContaining({
        kind: 'unreleased_stock',
        orderId: id(2),
        expected: 0,
        actual: -2,
      }),
    ]);
  });

  it('given an order the stream saw placed that order-service does not know, and a confirmed one the stream never saw, then one finding each, in orders', () => {
    const day = cleanDay();
    const outcome = reconcilePeriod({
      ...day,
      streamPlaced: [
        { orderId: id(1), placedAt: AT },
        { orderId: id(7), placedAt: AT },
      ],
    });
    expect(outcome.findings).toEqual([
      expect.objectContaining({ kind: 'order_only_in_stream', orderId: id(7), unit: 'orders' }),
      expect.objectContaining({
        kind: 'order_missing_from_stream',
        orderId: id(2),
        unit: 'orders',
      }),
    ]);
    expect(outcome.rowsChecked).toBe(2);
  });

  it('given the same input twice, then the same findings', () => {
    const day = cleanDay();
    const drifted = { ...day, movements: [move(2, 'RESERVE', -2)] };
    expect(reconcilePeriod(drifted)).toEqual(reconcilePeriod(drifted));
  });
});
