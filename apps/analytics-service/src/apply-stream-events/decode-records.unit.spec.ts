import { describe, expect, it } from '@jest/globals';
import type { StreamRecord } from '@pattern-shop/messaging-kafka';
import { decodeRecords } from './decode-records.js';

const orderId = '5b2f8a52-8a0e-4d4e-9d7e-6a3c1f0e2b11';
const envelope = (type: string, version: number, data: object) => ({
  messageId: `m-${type}-${version}`,
  type,
  version,
  occurredAt: '2100-01-01T10:00:00.000Z',
  correlationId: 'c',
  causationId: 'c',
  aggregateId: orderId,
  data: { orderId, ...data },
});
const record = (value: unknown, offset = 0): StreamRecord => ({
  topic: 'orders.events',
  partition: 0,
  offset,
  key: orderId,
  value:
    value === null ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  headers: {},
  timestamp: 0,
});
const placedV1 = {
  customerId: 'c1',
  lines: [{ sku: 'MUG-001', quantity: 2, unitPriceCents: 500 }],
  totalCents: 1_000,
  currency: 'EUR',
  availabilityChecked: true,
  statusVersion: 1,
};

describe('decodeRecords', () => {
  it('given an OrderPlaced v1, when decoded, then it is upcast to v2 and becomes a placed fact shipped to DE', () => {
    const { facts, poison } = decodeRecords([record(envelope('OrderPlaced', 1, placedV1))]);
    expect(poison).toEqual([]);
    expect(facts).toEqual([
      expect.objectContaining({
        kind: 'placed',
        orderId,
        totalCents: 1_000,
        shippingCountry: 'DE',
      }),
    ]);
  });

  it('given a fact the projections do not use, when decoded, then it is ignored, not poison', () => {
    const charged = envelope('PaymentCharged', 1, {
      paymentId: orderId,
      amountCents: 1_000,
      currency: 'EUR',
    });
    expect(decodeRecords([record(charged)])).toMatchObject({ facts: [], ignored: 1, poison: [] });
  });

  it('given a batch, when decoded, then each record that is not poison names the projections it moves, by offset', () => {
    const confirmed = envelope('OrderConfirmed', 1, {
      customerId: 'c1',
      statusVersion: 3,
      totalCents: 1_000,
      currency: 'EUR',
    });
    const charged = envelope('PaymentCharged', 1, {
      paymentId: orderId,
      amountCents: 1_000,
      currency: 'EUR',
    });
    const { projections } = decodeRecords([
      record(confirmed, 7),
      record(charged, 8),
      record('{"half": ', 9),
    ]);
    expect(projections).toEqual(
      new Map([
        [7, ['order_facts', 'daily_totals', 'product_sales_daily']],
        [8, []],
      ]),
    );
  });

  it.each([
    ['not JSON', '{"half": '],
    ['not an envelope', { hello: 'world' }],
    ['an unknown type', envelope('OrderTeleported', 1, {})],
    ['an unknown version', envelope('OrderPlaced', 9, placedV1)],
    ['invalid data', envelope('OrderConfirmed', 1, { totalCents: -5 })],
    ['a tombstone', null],
  ])(
    'given %s, when decoded, then it is poison with the reason and the good records around it still count',
    (_, value) => {
      const good = envelope('OrderCancelled', 1, {
        customerId: 'c1',
        statusVersion: 2,
        reason: 'r',
      });
      const { facts, poison } = decodeRecords([record(value, 1), record(good, 2)]);
      expect(poison).toHaveLength(1);
      expect(poison[0]?.record.offset).toBe(1);
      expect(poison[0]?.error.message).not.toBe('');
      expect(facts).toEqual([expect.objectContaining({ kind: 'cancelled', orderId })]);
    },
  );
});
