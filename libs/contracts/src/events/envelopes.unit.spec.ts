import { describe, expect, it } from '@jest/globals';
import type { MessageEnvelope } from '../envelope.js';
import {
  latestVersion,
  MESSAGE_SCHEMAS,
  type MessageType,
  PUBLISHED_VERSIONS,
  schemaOf,
  versionsOf,
} from './catalogue.js';
import { envelopes, newEnvelope, type PublishedData } from './envelopes.js';
import type { OrderConfirmed } from './order-events.js';
import { upcast } from './upcasters.js';

const orderId = '0b7e8c52-5f39-4e0a-8d4e-2f0f5f9d2c11';
const paymentId = '5d1e0c7a-3b5f-4a8e-9c2d-7f6e5d4c3b2a';
const money = { amountCents: 2_500, currency: 'EUR' } as const;
const lines = [{ sku: 'MUG-001', quantity: 2 }];
const reason = 'out of stock';

/** Valid data for every contract; the type makes a contract without a sample a compile error. */
const SAMPLES: { [T in MessageType]: PublishedData<T> } = {
  ProductAdded: { sku: 'MUG-001', name: 'Mug', priceCents: 1_250, currency: 'EUR' },
  ProductPriceChanged: {
    sku: 'MUG-001',
    priceCents: 1_300,
    previousPriceCents: 1_250,
    currency: 'EUR',
  },
  OrderPlaced: {
    orderId,
    customerId: 'customer-7',
    lines: [{ sku: 'MUG-001', quantity: 2, unitPriceCents: 1_250 }],
    totalCents: 2_500,
    currency: 'EUR',
    availabilityChecked: true,
    statusVersion: 1,
  },
  OrderConfirmed: {
    orderId,
    customerId: 'customer-7',
    statusVersion: 2,
    totalCents: 2_500,
    currency: 'EUR',
  },
  OrderCancelled: { orderId, customerId: 'customer-7', statusVersion: 2, reason },
  ChargePayment: { orderId, customerId: 'customer-7', ...money },
  RefundPayment: { orderId, paymentId, ...money, reason },
  PaymentCharged: { orderId, paymentId, ...money },
  PaymentRefunded: { orderId, paymentId, ...money },
  PaymentDeclined: { orderId, ...money, reason: 'card declined' },
  PaymentRefundFailed: { orderId, paymentId, ...money, reason: 'provider down' },
  VoidPayment: { orderId, ...money, reason: 'charge timed out' },
  PaymentVoided: { orderId, ...money },
  PaymentVoidFailed: { orderId, ...money, reason: 'provider down' },
  ReserveStock: { orderId, lines },
  ReleaseStock: { orderId, reason },
  StockReserved: { orderId, lines },
  StockReservationFailed: { orderId, reason, unavailableSkus: ['MUG-001'] },
  StockReleased: { orderId, lines },
  CheckoutSagaParked: { orderId, step: 'RefundPayment', reason: 'provider down', attempts: 5 },
};

const fields = {
  messageId: '6f1c0e0e-8a4b-4c59-9a57-1c8f3b2f7a10',
  occurredAt: new Date('2026-11-23T10:00:00Z'),
  correlationId: 'req-1',
  causationId: 'req-1',
  aggregateId: orderId,
};

/** The catalogue's own check: data valid for its version, and valid again once upcast. */
const catalogueAccepts = (envelope: MessageEnvelope<MessageType>): boolean => {
  const schema = schemaOf(envelope.type, envelope.version);
  if (schema === undefined || !schema.safeParse(envelope.data).success) return false;
  const latest = upcast(envelope);
  return schemaOf(envelope.type, latest.version)?.safeParse(latest.data).success === true;
};

const types = Object.keys(MESSAGE_SCHEMAS) as MessageType[];

describe('envelopes', () => {
  it('given the catalogue, then every contract has a constructor and publishes a version it lists', () => {
    expect(Object.keys(envelopes).sort()).toEqual([...types].sort());
    for (const type of types) {
      expect(versionsOf(type)).toContain(PUBLISHED_VERSIONS[type]);
    }
  });

  it.each(types)(
    'given valid %s data, when built, then the catalogue accepts the envelope at the published version',
    (type) => {
      const envelope = newEnvelope(type, { ...fields, data: SAMPLES[type] });

      expect(envelope).toEqual({
        ...fields,
        type,
        version: PUBLISHED_VERSIONS[type],
        occurredAt: '2026-11-23T10:00:00.000Z',
        data: SAMPLES[type],
      });
      expect(catalogueAccepts(envelope)).toBe(true);
    },
  );

  it('given a contract published behind its latest version, when built, then it carries the published one', () => {
    const placed = envelopes.OrderPlaced({ ...fields, data: SAMPLES.OrderPlaced });

    expect(placed.version).toBe(PUBLISHED_VERSIONS.OrderPlaced);
    expect(latestVersion('OrderPlaced')).toBeGreaterThan(placed.version);
    expect(upcast(placed).data).toMatchObject({ shippingCountry: 'DE' });
  });

  it('given the typed constructor, then the envelope is the contract type and wrong data does not compile', () => {
    const confirmed: OrderConfirmed = envelopes.OrderConfirmed({
      ...fields,
      data: SAMPLES.OrderConfirmed,
    });
    expect(confirmed.type).toBe('OrderConfirmed');

    const wrong = () => [
      // @ts-expect-error OrderConfirmed data has no lines, and needs totalCents and currency
      envelopes.OrderConfirmed({ ...fields, data: SAMPLES.StockReserved }),
      // @ts-expect-error the contracts know only EUR
      envelopes.PaymentCharged({ ...fields, data: { ...SAMPLES.PaymentCharged, currency: 'USD' } }),
      // @ts-expect-error the version comes from the catalogue, never from the caller
      envelopes.ChargePayment({ ...fields, version: 2, data: SAMPLES.ChargePayment }),
      // @ts-expect-error no such contract
      newEnvelope('OrderShipped', { ...fields, data: {} }),
    ];
    expect(typeof wrong).toBe('function');
  });
});
