import { describe, expect, it } from '@jest/globals';
import { dayOf, minuteOf, ProjectionDeltas } from './projection-deltas.js';

describe('ProjectionDeltas', () => {
  it('given instants with offsets, when bucketed, then minutes and days are UTC', () => {
    expect(minuteOf('2100-01-01T10:15:59.999+02:00')).toBe('2100-01-01T08:15:00.000Z');
    expect(dayOf('2100-01-02T01:00:00+03:00')).toBe('2100-01-01T00:00:00.000Z');
  });

  it('given a batch of facts, when summed, then each aggregate row gets one total', () => {
    const deltas = new ProjectionDeltas();
    deltas.orderPlaced('2100-01-01T10:00:10Z');
    deltas.orderPlaced('2100-01-01T10:00:50Z');
    deltas.orderConfirmed('2100-01-01T11:00:00Z', 1_500);
    deltas.orderCancelled('2100-01-01T12:00:00Z');
    deltas.refunded('2100-01-01T12:00:00Z', 300);
    deltas.productsSold('2100-01-01T11:00:00Z', [
      { sku: 'MUG-001', quantity: 2, unitPriceCents: 500 },
    ]);
    deltas.productsSold('2100-01-01T13:00:00Z', [
      { sku: 'MUG-001', quantity: 1, unitPriceCents: 500 },
    ]);

    expect([...deltas.ordersPerMinute]).toEqual([['2100-01-01T10:00:00.000Z', 2]]);
    expect([...deltas.days]).toEqual([
      [
        '2100-01-01T00:00:00.000Z',
        { placed: 2, confirmed: 1, cancelled: 1, revenueCents: 1_500, refundedCents: 300 },
      ],
    ]);
    expect([...deltas.products.values()]).toEqual([
      { day: '2100-01-01T00:00:00.000Z', sku: 'MUG-001', quantity: 3, revenueCents: 1_500 },
    ]);
  });
});
