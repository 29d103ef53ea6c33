import { describe, expect, it } from '@jest/globals';
import { mailOf } from './email.reader.js';
import { isConsumedOrRetry } from './queues.reader.js';

const ORDER = '8a5167cb-4586-485f-8717-7beeeb792ea9';

describe('readers: which mails and queues the checker counts', () => {
  it('given a mail of email-service, then its order and template come from the Message-ID', () => {
    const headers = { 'message-id': `<${ORDER}.order-confirmed@pattern-shop.test>` };

    expect(mailOf({ headers })).toEqual({ orderId: ORDER, template: 'order-confirmed' });
    expect(mailOf({ headers: { 'message-id': [headers['message-id']] } })).toEqual({
      orderId: ORDER,
      template: 'order-confirmed',
    });
  });

  it('given a mail someone else sent to the sink, then it is not counted', () => {
    expect(mailOf({ headers: { 'message-id': '<abc@example.com>' } })).toBeUndefined();
    expect(mailOf({})).toBeUndefined();
  });

  it('given the vhost’s queues, then consumed and retry queues count; dead letters, parked and test queues do not', () => {
    const names = [
      'payment.commands',
      'payment.commands.retry.1s',
      'payment.commands.dlq',
      'order.saga-parked',
      'email.order-events',
      'test-tap-1234',
    ];

    expect(names.filter(isConsumedOrRetry)).toEqual([
      'payment.commands',
      'payment.commands.retry.1s',
      'email.order-events',
    ]);
  });
});
