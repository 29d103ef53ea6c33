import { describe, expect, it } from '@jest/globals';
import type { ReconciliationStockMovement } from '@pattern-shop/contracts';
import { AT, id, order, period } from '../testing/reconciliation-day.js';
import { checkStock, orphanMovementFindings, sumStock } from './stock-rules.js';

const movement = (n: number, quantity: number): ReconciliationStockMovement => ({
  id: `${n}-${quantity}`,
  orderId: id(n),
  sku: 'MUG-001',
  kind: quantity < 0 ? 'RESERVE' : 'RELEASE',
  quantity,
  occurredAt: AT,
});

describe('the stock rules of the reconciliation', () => {
  it('given a confirmed order whose stock was taken, when checked, then nothing is found', () => {
    const ledger = sumStock(period, new Set([id(1)]), [movement(1, -2)]);
    expect(checkStock(order(1, 'CONFIRMED'), ledger)).toBeUndefined();
  });

  it('given a cancelled order whose stock was never given back, when checked, then it is unreleased', () => {
    const ledger = sumStock(period, new Set([id(1)]), [movement(1, -2)]);
    expect(checkStock(order(1, 'CANCELLED'), ledger)).toMatchObject({
      kind: 'unreleased_stock',
      expected: 0,
      actual: -2,
    });
  });

  it('given stock moved for an order nobody knows, when summed, then it is an orphan reservation', () => {
    const ledger = sumStock(period, new Set([id(1)]), [movement(9, -3)]);
    expect(orphanMovementFindings(ledger)).toEqual([
      expect.objectContaining({ kind: 'orphan_reservation', orderId: id(9), actual: -3 }),
    ]);
  });
});
