import { describe, expect, it } from '@jest/globals';
import { createEnvelope, type OrderCancelled, type OrderConfirmed } from '@pattern-shop/contracts';
import { isOrderStatusFact, statusUpdateOf } from './status-update.js';

const orderId = '0b7e6c1e-8d4f-4a57-9a3e-2f1c5d6e7f80';
const fields = {
  messageId: 'm-1',
  version: 1,
  occurredAt: new Date('2026-11-23T10:00:00Z'),
  correlationId: 'c-1',
  causationId: 'c-1',
  aggregateId: orderId,
};

describe('order facts as status pushes', () => {
  it('given OrderConfirmed, then CONFIRMED with its statusVersion and the time of the fact, for its customer', () => {
    const fact: OrderConfirmed = createEnvelope({
      ...fields,
      type: 'OrderConfirmed',
      data: { orderId, customerId: 'c-7', statusVersion: 3, totalCents: 100, currency: 'EUR' },
    });
    expect(statusUpdateOf(fact)).toEqual({
      customerId: 'c-7',
      push: { orderId, status: 'CONFIRMED', statusVersion: 3, at: '2026-11-23T10:00:00.000Z' },
    });
  });

  it('given OrderCancelled, then CANCELLED', () => {
    const fact: OrderCancelled = createEnvelope({
      ...fields,
      type: 'OrderCancelled',
      data: { orderId, customerId: 'c-7', statusVersion: 2, reason: 'declined' },
    });
    expect(statusUpdateOf(fact).push.status).toBe('CANCELLED');
  });

  it('given a fact that is not about order status, then it is not one to push', () => {
    expect(isOrderStatusFact({ type: 'PaymentCharged' })).toBe(false);
    expect(isOrderStatusFact({ type: 'OrderPlaced' })).toBe(true);
  });
});
