import { describe, expect, it } from '@jest/globals';
import { AT, id, order, period } from '../testing/reconciliation-day.js';
import { compareOrderSets, type StreamPlacedOrder } from './order-sets.js';

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
