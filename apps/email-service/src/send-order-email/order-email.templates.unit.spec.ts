import { describe, expect, it } from '@jest/globals';
import { createEnvelope, type OrderCancelled, type OrderConfirmed } from '@pattern-shop/contracts';
import { recipientOf, renderOrderEmail } from './order-email.templates.js';

const orderId = '0b7e6c1e-8d4f-4a57-9a3e-2f1c5d6e7f80';
const envelopeFields = {
  messageId: 'm-1',
  version: 1,
  occurredAt: new Date('2026-11-23T10:00:00Z'),
  correlationId: 'c-1',
  causationId: 'c-1',
  aggregateId: orderId,
};

const confirmed: OrderConfirmed = createEnvelope({
  ...envelopeFields,
  type: 'OrderConfirmed',
  data: { orderId, customerId: 'cust-7', statusVersion: 3, totalCents: 12_345, currency: 'EUR' },
});

const cancelled: OrderCancelled = createEnvelope({
  ...envelopeFields,
  type: 'OrderCancelled',
  data: { orderId, customerId: 'cust-7', statusVersion: 3, reason: 'out of stock: SKU-1' },
});

describe('order email templates', () => {
  it('given OrderConfirmed, when rendered, then the confirmation names the order and its total', () => {
    const mail = renderOrderEmail(confirmed);
    expect(mail.template).toBe('order-confirmed');
    expect(mail.subject).toContain(orderId);
    expect(mail.subject).toContain('confirmed');
    expect(mail.text).toContain(orderId);
    expect(mail.text).toContain('123.45 EUR');
  });

  it('given OrderCancelled, when rendered, then the cancellation names the order and the reason', () => {
    const mail = renderOrderEmail(cancelled);
    expect(mail.template).toBe('order-cancelled');
    expect(mail.subject).toContain(orderId);
    expect(mail.subject).toContain('cancelled');
    expect(mail.text).toContain('Reason: out of stock: SKU-1');
  });

  it('given the same fact twice, when rendered, then the mails are equal', () => {
    expect(renderOrderEmail(confirmed)).toEqual(renderOrderEmail({ ...confirmed }));
  });

  it('given a customer id, when its recipient is derived, then it is a fixed address on the test domain', () => {
    expect(recipientOf('cust-7')).toBe('customer-cust-7@pattern-shop.test');
  });
});
