import { describe, expect, it } from '@jest/globals';
import type { ReconciliationOrder, ReconciliationStockMovement } from '@pattern-shop/contracts';
import { checkStock, orphanMovementFindings, sumStock } from './stock-rules.js';

const period = { from: new Date('2026-11-22T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z') };
const AT = '2026-11-22T10:00:00.000Z';

const order = (status: ReconciliationOrder['status']): ReconciliationOrder => ({
  orderId: 'o-1',
  customerId: 'c-1',
  status,
  totalCents: 2598,
  currency: 'EUR',
  createdAt: AT,
  updatedAt: AT,
  lines: [{ sku: 'MUG-001', quantity: 2 }],
});
const movement = (orderId: string, quantity: number): ReconciliationStockMovement => ({
  id: `${orderId}-${quantity}`,
  orderId,
  sku: 'MUG-001',
  kind: quantity < 0 ? 'RESERVE' : 'RELEASE',
  quantity,
  occurredAt: AT,
});

describe('the stock rules of the reconciliation', () => {
  it('given a confirmed order whose stock was taken, when checked, then nothing is found', () => {
    const ledger = sumStock(period, new Set(['o-1']), [movement('o-1', -2)]);
    expect(checkStock(order('CONFIRMED'), ledger)).toBeUndefined();
  });

  it('given a cancelled order whose stock was never given back, when checked, then it is unreleased', () => {
    const ledger = sumStock(period, new Set(['o-1']), [movement('o-1', -2)]);
    expect(checkStock(order('CANCELLED'), ledger)).toMatchObject({
      kind: 'unreleased_stock',
      expected: 0,
      actual: -2,
    });
  });

  it('given stock moved for an order nobody knows, when summed, then it is an orphan reservation', () => {
    const ledger = sumStock(period, new Set(['o-1']), [movement('o-9', -3)]);
    expect(orphanMovementFindings(ledger)).toEqual([
      expect.objectContaining({ kind: 'orphan_reservation', orderId: 'o-9', actual: -3 }),
    ]);
  });
});
