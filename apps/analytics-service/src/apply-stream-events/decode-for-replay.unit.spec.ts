import { describe, expect, it } from '@jest/globals';
import { MESSAGE_SCHEMAS, type MessageEnvelope, type MessageType } from '@pattern-shop/contracts';
import type { StreamRecord } from '@pattern-shop/messaging-kafka';
import { factOf, PROJECTED_TYPES } from '../projections/analytics-facts.js';
import { decodeRecords } from './decode-records.js';

const orderId = '5b2f8a52-8a0e-4d4e-9d7e-6a3c1f0e2b11';
const envelope = (type: string, data: object) => ({
  messageId: `m-${type}`,
  type,
  version: 1,
  occurredAt: '2100-01-01T10:00:00.000Z',
  correlationId: 'c',
  causationId: 'c',
  aggregateId: orderId,
  data: { orderId, ...data },
});
const record = (body: string, offset = 0): StreamRecord => ({
  topic: 'orders.events',
  partition: 0,
  offset,
  key: orderId,
  value: Buffer.from(body),
  headers: {},
  timestamp: 0,
});
const confirmed = envelope('OrderConfirmed', {
  customerId: 'c1',
  statusVersion: 2,
  totalCents: 900,
  currency: 'EUR',
});

describe('decodeRecords for a replay', () => {
  it('given a known type the projections ignore with bad data, when decoded for a replay, then it is ignored; live, it is poison', () => {
    const badCharge = record(JSON.stringify(envelope('PaymentCharged', { amountCents: 'lots' })));
    expect(decodeRecords([badCharge], 'replay')).toMatchObject({
      facts: [],
      ignored: 1,
      poison: [],
    });
    expect(decodeRecords([badCharge], 'live')).toMatchObject({ facts: [], ignored: 0 });
    expect(decodeRecords([badCharge], 'live').poison).toHaveLength(1);
  });

  it('given a projected type with bad data, when decoded for a replay, then it is poison as live', () => {
    const bad = record(JSON.stringify(envelope('OrderConfirmed', { totalCents: -5 })));
    expect(decodeRecords([bad], 'replay').poison).toHaveLength(1);
  });

  it('given a body that names an ignored type first and a projected one last, when decoded for a replay, then the parsed type decides, as live', () => {
    const text = JSON.stringify(confirmed).replace(
      '"type":"OrderConfirmed"',
      '"type":"PaymentCharged","type":"OrderConfirmed"',
    );
    const replayed = decodeRecords([record(text)], 'replay');
    expect(replayed).toEqual(decodeRecords([record(text)], 'live'));
    expect(replayed.facts).toEqual([expect.objectContaining({ kind: 'confirmed', orderId })]);
  });

  it('given valid records of every kind, when decoded for a replay, then the facts are the live ones', () => {
    const records = [
      envelope('PaymentCharged', { paymentId: orderId, amountCents: 900, currency: 'EUR' }),
      confirmed,
      envelope('OrderCancelled', { customerId: 'c1', statusVersion: 2, reason: 'r' }),
    ].map((body, offset) => record(JSON.stringify(body), offset));
    expect(decodeRecords(records, 'replay')).toEqual(decodeRecords(records, 'live'));
  });
});

describe('PROJECTED_TYPES', () => {
  it.each(Object.keys(MESSAGE_SCHEMAS) as MessageType[])(
    'given a %s, when turned into a fact, then it is one exactly if the type is projected',
    (type) => {
      const fact = factOf({ ...envelope(type, {}), type } as MessageEnvelope);
      expect(fact !== undefined).toBe(PROJECTED_TYPES.has(type));
    },
  );
});
