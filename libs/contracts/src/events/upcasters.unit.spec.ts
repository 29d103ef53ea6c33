import { describe, expect, it } from '@jest/globals';
import { createEnvelope } from '../envelope.js';
import { latestVersion, MESSAGE_SCHEMAS } from './catalogue.js';
import { upcast } from './upcasters.js';

const orderPlacedV1Data = {
  orderId: '0b7e8c52-5f39-4e0a-8d4e-2f0f5f9d2c11',
  customerId: 'customer-7',
  lines: [{ sku: 'MUG-001', quantity: 2, unitPriceCents: 1250 }],
  totalCents: 2500,
  currency: 'EUR',
  availabilityChecked: true,
  statusVersion: 1,
};

const orderPlaced = (version: number, data: unknown) =>
  createEnvelope({
    messageId: '6f1c0e0e-8a4b-4c59-9a57-1c8f3b2f7a10',
    type: 'OrderPlaced',
    version,
    occurredAt: new Date('2026-11-23T10:00:00Z'),
    correlationId: 'req-1',
    causationId: 'req-1',
    aggregateId: orderPlacedV1Data.orderId,
    data,
  });

describe('upcast', () => {
  it('given an OrderPlaced v1, when upcast, then it is a valid v2 shipped to DE with the rest unchanged', () => {
    const original = orderPlaced(1, orderPlacedV1Data);
    const upcast2 = upcast(original);
    expect(upcast2).toEqual({
      ...original,
      version: 2,
      data: { ...orderPlacedV1Data, shippingCountry: 'DE' },
    });
    expect(MESSAGE_SCHEMAS.OrderPlaced[2].safeParse(upcast2.data).success).toBe(true);
    expect(original.version).toBe(1);
    expect(original.data).not.toHaveProperty('shippingCountry');
  });

  it('given a message already at its latest version, when upcast, then it comes back equal', () => {
    const latest = orderPlaced(latestVersion('OrderPlaced'), {
      ...orderPlacedV1Data,
      shippingCountry: 'AT',
    });
    expect(upcast(latest)).toEqual(latest);
  });

  it('given a version newer than the catalogue knows or an unknown type, when upcast, then it refuses', () => {
    expect(() => upcast(orderPlaced(99, orderPlacedV1Data))).toThrow(
      /newer than the latest known v2/,
    );
    expect(() => upcast({ ...orderPlaced(1, {}), type: 'OrderShipped' })).toThrow(
      /unknown message type/,
    );
  });
});
