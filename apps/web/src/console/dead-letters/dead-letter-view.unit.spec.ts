import { describe, expect, it } from '@jest/globals';
import { deadLetterView, messageId, queueName, queueViews } from './dead-letter-view.js';

describe('the console view of dead letters', () => {
  it('given a letter whose headers came as Buffers, then reason, stack and attempts are text', () => {
    const view = deadLetterView({
      index: 2,
      messageId: 'm-1',
      type: undefined,
      headers: {
        'x-error-reason': Buffer.from('boom'),
        'x-error-stack': 'Error: boom\n    at handler',
        'x-attempts': 3,
        'x-original-queue': Buffer.from('email.order-events'),
        type: 'OrderConfirmed',
        'x-death': [{ count: 1, queue: Buffer.from('q') }],
      },
      body: Buffer.from('{"orderId":"o-1"}'),
    });
    expect(view).toMatchObject({
      position: 2,
      messageId: 'm-1',
      type: 'OrderConfirmed',
      reason: 'boom',
      stack: 'Error: boom\n    at handler',
      attempts: 3,
      originalQueue: 'email.order-events',
      failedAt: null,
      body: { orderId: 'o-1' },
    });
    expect(view.headers['x-death']).toBe('[{"count":1,"queue":"q"}]');
  });

  it('given a body that is not JSON and no attempts header, then the text and null', () => {
    const view = deadLetterView({
      index: 1,
      messageId: undefined,
      type: undefined,
      headers: {},
      body: Buffer.from('not json'),
    });
    expect(view).toMatchObject({ messageId: null, attempts: null, body: 'not json' });
  });

  it('given the DLQs, then each names the consumed queue it belongs to', () => {
    expect(queueViews([{ name: 'email.order-events.dlq', messages: 4 }])).toEqual([
      { queue: 'email.order-events', deadLetterQueue: 'email.order-events.dlq', messages: 4 },
    ]);
  });

  it.each(['', '../etc', 'a b', '*', 'x'.repeat(201)])(
    'refuses %j as a queue or message id',
    (bad) => {
      expect(queueName.safeParse(bad).success).toBe(false);
      expect(messageId.safeParse(bad).success).toBe(false);
    },
  );
});
