import { describe, expect, it } from '@jest/globals';
import { createEnvelope, envelopes } from '@pattern-shop/contracts';
import { deadLetterHeaders } from './dead-letter-headers.js';
import {
  decodeMessage,
  InvalidMessageError,
  parseEnvelope,
  validateAgainstCatalogue,
} from './parse-envelope.js';

const orderPlaced = (data: unknown, version = 1) =>
  createEnvelope({
    messageId: '6f1c0e0e-8a4b-4c59-9a57-1c8f3b2f7a10',
    type: 'OrderPlaced',
    version,
    occurredAt: new Date('2026-11-23T10:00:00Z'),
    correlationId: 'req-1',
    causationId: 'req-1',
    aggregateId: '0b7e8c52-5f39-4e0a-8d4e-2f0f5f9d2c11',
    data,
  });

const validOrder = {
  orderId: '0b7e8c52-5f39-4e0a-8d4e-2f0f5f9d2c11',
  customerId: 'customer-7',
  lines: [{ sku: 'MUG-001', quantity: 2, unitPriceCents: 1250 }],
  totalCents: 2500,
  currency: 'EUR',
  availabilityChecked: true,
  statusVersion: 1,
};

describe('parseEnvelope', () => {
  it('given a JSON envelope, when parsed, then every field comes back as sent', () => {
    const sent = orderPlaced(validOrder);
    expect(parseEnvelope(Buffer.from(JSON.stringify(sent)))).toEqual(sent);
  });

  it('given a body that is not JSON, when parsed, then it fails saying so', () => {
    expect(() => parseEnvelope(Buffer.from('{"messageId": '))).toThrow(InvalidMessageError);
    expect(() => parseEnvelope('not json')).toThrow(/not JSON/);
  });

  it('given JSON without the envelope fields, when parsed, then the error names what is missing', () => {
    const { messageId: _dropped, ...withoutId } = orderPlaced(validOrder);
    expect(() => parseEnvelope(JSON.stringify(withoutId))).toThrow(/not an envelope.*messageId/s);
    expect(() =>
      parseEnvelope(JSON.stringify({ ...withoutId, messageId: 'x', version: '1' })),
    ).toThrow(/version/);
  });
});

describe('validateAgainstCatalogue', () => {
  it('given data matching its type and version, then it passes', () => {
    expect(() => validateAgainstCatalogue(orderPlaced(validOrder))).not.toThrow();
  });

  it('given data that breaks the schema, then it fails naming the type, version and field', () => {
    expect(() => validateAgainstCatalogue(orderPlaced({ ...validOrder, lines: [] }))).toThrow(
      /OrderPlaced v1 data is invalid.*lines/s,
    );
  });

  it('given an unknown type or version, then it refuses rather than guessing', () => {
    expect(() =>
      validateAgainstCatalogue({ ...orderPlaced(validOrder), type: 'OrderShipped' }),
    ).toThrow(/unknown message type "OrderShipped"/);
    expect(() => validateAgainstCatalogue(orderPlaced(validOrder, 99))).toThrow(
      /unknown version 99/,
    );
    expect(() =>
      validateAgainstCatalogue({ ...orderPlaced(validOrder), type: 'toString' }),
    ).toThrow(/unknown message type/);
  });
});

describe('decodeMessage', () => {
  it('given an OrderPlaced v1 (what order-service still publishes), then it comes out as v2 shipped to DE', () => {
    const decoded = decodeMessage(orderPlaced(validOrder, 1));
    expect(decoded).toEqual({
      ...orderPlaced(validOrder, 1),
      version: 2,
      data: { ...validOrder, shippingCountry: 'DE' },
    });
  });

  it('given an OrderPlaced v2, then it is checked against v2 and comes out unchanged', () => {
    const v2 = orderPlaced({ ...validOrder, shippingCountry: 'FR' }, 2);
    expect(decodeMessage(v2)).toEqual(v2);
    expect(() => decodeMessage(orderPlaced(validOrder, 2))).toThrow(
      /OrderPlaced v2 data is invalid.*shippingCountry/s,
    );
  });

  it('given an envelope from a contract constructor, then a consumer decodes it at the latest version', () => {
    const built = envelopes.OrderPlaced({
      messageId: '6f1c0e0e-8a4b-4c59-9a57-1c8f3b2f7a10',
      occurredAt: new Date('2026-11-23T10:00:00Z'),
      correlationId: 'req-1',
      causationId: 'req-1',
      aggregateId: validOrder.orderId,
      data: { ...validOrder, currency: 'EUR' },
    });
    expect(() => validateAgainstCatalogue(built)).not.toThrow();
    expect(decodeMessage(built)).toMatchObject({ version: 2, data: { shippingCountry: 'DE' } });
  });

  it('given an invalid v1, then it is refused as v1 before any upcasting', () => {
    expect(() => decodeMessage(orderPlaced({ ...validOrder, totalCents: -1 }, 1))).toThrow(
      /OrderPlaced v1 data is invalid.*totalCents/s,
    );
  });
});

describe('deadLetterHeaders', () => {
  const failedAt = new Date('2026-11-23T10:00:05Z');

  it('given a first failure, then the headers carry reason, stack, attempts, times and service', () => {
    const headers = deadLetterHeaders(new Error('card declined'), {
      service: 'payment',
      failedAt,
      attempts: 1,
    });
    expect(headers).toMatchObject({
      'x-error-reason': 'card declined',
      'x-attempts': '1',
      'x-failed-at': '2026-11-23T10:00:05.000Z',
      'x-first-failed-at': '2026-11-23T10:00:05.000Z',
      'x-service': 'payment',
    });
    expect(headers['x-error-stack']).toMatch(/^Error: card declined\n\s+at /);
  });

  it('given an earlier failure and a huge non-Error reason, then the first time is kept and the text is cut', () => {
    const headers = deadLetterHeaders('x'.repeat(10_000), {
      service: 'email',
      failedAt,
      attempts: 3,
      firstFailedAt: '2026-11-23T09:00:00.000Z',
    });
    expect(headers['x-first-failed-at']).toBe('2026-11-23T09:00:00.000Z');
    expect(headers['x-error-reason']?.length).toBeLessThanOrEqual(4_001);
  });
});
