import { describe, expect, it } from '@jest/globals';
import type { ReconciliationOrder } from '@pattern-shop/contracts';
import { compareOrderSets, type StreamPlacedOrder } from './order-sets.js';

const period = { from: new Date('2026-11-22T00:00:00Z'), to: new Date('2026-11-23T00:00:00Z') };
const AT = '2026-11-22T10:00:00.000Z';
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const order = (n: number, status: ReconciliationOrder['status']): ReconciliationOrder => ({
  orderId: id(n),
  customerId: 'c-1',
  status,
  totalCents: 2598,
  currency: 'EUR',
  createdAt: AT,
  updatedAt: AT,
  lines: [{ sku: 'MUG-001', quantity: 2 }],
});
const placed = (n: number, placedAt = AT): StreamPlacedOrder => ({ orderId: id(n), placedAt });
const kinds = (findings: ReturnType<typeof compareOrderSets>) =>
  findings.map((f) => [f.kind, f.orderId, f.expected, f.actual, f.unit]);

describe('compareOrderSets: the orders database against the stream', () => {
  const orders = [order(1, 'CONFIRMED'), order(2, 'CANCELLED')];
  const known = new Set([id(1), id(2)]);

  it('given both sides list the same orders, then nothing is found', () => {
    expect(compareOrderSets(period, orders, known, [placed(1), placed(2)])).toEqual([]);
  });

  it('given orders the stream saw placed and order-service no longer has (a clean-up deleted them), then order_only_in_stream for each', () => {
    const findings = compareOrderSets(
      period,
      orders,
      known,
      [1, 2, 3, 4].map((n) => placed(n)),
    );

    expect(kinds(findings)).toEqual([
      ['order_only_in_stream', id(3), 1, 0, 'orders'],
      ['order_only_in_stream', id(4), 1, 0, 'orders'],
    ]);
    expect(findings[0]?.detail).toContain(AT);
  });

  it('given final orders whose OrderPlaced never reached the stream, then order_missing_from_stream for each, naming the status', () => {
    const findings = compareOrderSets(period, orders, known, []);

    expect(kinds(findings)).toEqual([
      ['order_missing_from_stream', id(1), 1, 0, 'orders'],
      ['order_missing_from_stream', id(2), 1, 0, 'orders'],
    ]);
    expect(findings[1]?.detail).toContain('CANCELLED');
  });

  it('given a pending order the stream has not seen yet, then it is in flight, not a finding', () => {
    expect(compareOrderSets(period, [order(5, 'PENDING')], new Set([id(5)]), [])).toEqual([]);
  });

  it('given a stream order placed outside the period, or one order-service lists the day before, then it is not this period’s finding', () => {
    const outside = placed(8, '2026-11-23T00:00:00.000Z');
    const dayBefore = new Set([...known, id(9)]);
    expect(
      compareOrderSets(period, orders, dayBefore, [placed(1), placed(2), outside, placed(9)]),
    ).toEqual([]);
  });
});
