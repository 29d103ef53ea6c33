import { describe, expect, it } from '@jest/globals';
import type {
  ReconciliationOrder,
  ReconciliationPayment,
  SettlementEntry,
} from '@pattern-shop/contracts';
import { checkMoney, orphanChargeFindings, sumMoney } from './money-rules.js';

const period = { from: new Date('2026-11-22T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z') };
const AT = '2026-11-22T10:00:00.000Z';

const order: ReconciliationOrder = {
  orderId: 'o-1',
  customerId: 'c-1',
  status: 'CONFIRMED',
  totalCents: 2598,
  currency: 'EUR',
  createdAt: AT,
  updatedAt: AT,
  lines: [{ sku: 'MUG-001', quantity: 2 }],
};
const charge = (orderId: string, n: number): SettlementEntry => ({
  kind: 'charge',
  id: `ch_${orderId}_${n}`,
  chargeId: `ch_${orderId}_${n}`,
  orderId,
  amountCents: 2598,
  currency: 'EUR',
  at: AT,
});
const charged: ReconciliationPayment = {
  paymentId: 'p-1',
  orderId: 'o-1',
  status: 'CHARGED',
  amountCents: 2598,
  currency: 'EUR',
  providerChargeId: 'ch_o-1_1',
  recordedAt: AT,
  chargedAt: AT,
  refundedAt: null,
};

describe('the money rules of the reconciliation', () => {
  it('given one capture of the total and the books agreeing, when checked, then nothing is found', () => {
    const ledger = sumMoney(period, new Set(['o-1']), [charge('o-1', 1)], [charged]);
    expect(checkMoney(order, ledger)).toBeUndefined();
  });

  it('given two captures for one confirmed order, when checked, then it is a double charge', () => {
    const ledger = sumMoney(
      period,
      new Set(['o-1']),
      [charge('o-1', 1), charge('o-1', 2)],
      [charged],
    );
    expect(checkMoney(order, ledger)).toMatchObject({ kind: 'double_charge', actual: 5196 });
  });

  it('given a capture for an order nobody knows, when summed, then it is an orphan charge', () => {
    const ledger = sumMoney(period, new Set(['o-1']), [charge('o-9', 1)], []);
    expect(orphanChargeFindings(ledger)).toEqual([
      expect.objectContaining({ kind: 'orphan_charge', orderId: 'o-9', actual: 2598 }),
    ]);
  });
});
