import { describe, expect, it } from '@jest/globals';
import { createEnvelope } from '@pattern-shop/contracts';
import { commandTo, messageHeaders } from './outbox-message.js';

const command = createEnvelope({
  messageId: '0f1e2d3c-4b5a-4969-8877-665544332211',
  type: 'ChargePayment',
  version: 1,
  occurredAt: new Date('2026-12-03T13:00:00.000Z'),
  correlationId: 'req-1',
  causationId: 'req-1',
  aggregateId: 'order-1',
  data: { orderId: 'order-1' },
});

describe('the headers of a command', () => {
  it('given a command with an expiry, then it goes out with expires-at beside the usual headers', () => {
    const expiresAt = new Date('2026-12-03T13:00:30.000Z');

    const message = commandTo('payment.commands', command, { expiresAt });

    expect(message.expiresAt).toEqual(expiresAt);
    expect(messageHeaders(command, undefined, message.expiresAt)).toEqual({
      'message-id': command.messageId,
      type: 'ChargePayment',
      version: '1',
      'correlation-id': 'req-1',
      'expires-at': '2026-12-03T13:00:30.000Z',
    });
  });

  it('given a command without an expiry, then it carries no expires-at header', () => {
    const message = commandTo('payment.commands', command);

    expect(message).not.toHaveProperty('expiresAt');
    expect(messageHeaders(command)).not.toHaveProperty('expires-at');
  });
});
