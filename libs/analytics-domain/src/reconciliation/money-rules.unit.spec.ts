import { describe, expect, it } from '@jest/globals';
import type { ReconciliationPayment, SettlementEntry } from '@pattern-shop/contracts';
import { AT, id, order, period } from '../testing/reconciliation-day.js';
import { checkMoney, orphanChargeFindings, sumMoney } from './money-rules.js';

const charge = (orderN: number, n: number): SettlementEntry => ({
  kind: 'charge',
  id: `ch_${orderN}_${n}`,
  chargeId: `ch_${orderN}_${n}`,
  orderId: id(orderN),
  amountCents: 2598,
  currency: 'EUR',
  at: AT,
});
const charged: ReconciliationPayment = {
  paymentId: 'p-1',
  orderId: id(1),
  status: 'CHARGED',
  amountCents: 2598,
  currency: 'EUR',
  providerChargeId: 'ch_1_1',
  recordedAt: AT,
  chargedAt: AT,
  refundedAt: null,
};

describe('the money rules of the reconciliation', () => {
  it('given one capture of the total and the books agreeing, when checked, then nothing is found', () => {
    const ledger = sumMoney(period, new Set([id(1)]), [charge(1, 1)], [charged]);
    expect(checkMoney(order(1, 'CONFIRMED'), ledger)).toBeUndefined();
  });

  it('given two captures for one confirmed order, when checked, then it is a double charge', () => {
    const ledger = sumMoney(period, new Set([id(1)]), [charge(1, 1), charge(1, 2)], [charged]);
    expect(checkMoney(order(1, 'CONFIRMED'), ledger)).toMatchObject({
      kind: 'double_charge',
      actual: 5196,
    });
  });

  it('given a capture for an order nobody knows, when summed, then it is an orphan charge', () => {
    const ledger = sumMoney(period, new Set([id(1)]), [charge(9, 1)], []);
    expect(orphanChargeFindings(ledger)).toEqual([
      expect.objectContaining({ kind: 'orphan_charge', orderId: id(9), actual: 2598 }),
    ]);
  });
});
