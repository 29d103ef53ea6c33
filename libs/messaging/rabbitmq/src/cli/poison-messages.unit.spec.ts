import { describe, expect, it } from '@jest/globals';
import { decodeMessage, parseEnvelope } from '@pattern-shop/messaging-inbox';
import { POISONABLE_QUEUES, poisonEnvelope, poisonReport } from './poison-messages.js';

const ids = {
  messageId: '6a1d3a57-2f5e-4c3b-9a43-6f0f64a4c0a1',
  orderId: '0b6f9a43-8c1d-4f5e-9d2a-3e7b1c5d9f10',
  paymentId: '9c2e4b6d-1a3f-4e5c-8b7d-2f4a6c8e0b12',
};
const now = new Date('2026-12-04T07:00:00.000Z');

describe('poison messages', () => {
  it.each(POISONABLE_QUEUES)(
    'given the poison message of %s, then it passes every check before handling, so it is retried, not dead-lettered at once',
    (queue) => {
      const body = Buffer.from(JSON.stringify(poisonEnvelope(queue, ids, now)));
      const decoded = decodeMessage(parseEnvelope(body));
      expect(decoded.aggregateId).toBe(ids.orderId);
      expect(decoded.messageId).toBe(`${ids.messageId}\u0000`);
    },
  );

  it('given a poison message, then the report names its clean id, the retry and dead-letter queues and how to remove it', () => {
    const report = poisonReport(
      'payment.commands',
      poisonEnvelope('payment.commands', ids, now),
    ).join('\n');
    expect(report).toContain(`published poison message ${ids.messageId} (RefundPayment`);
    expect(report).not.toContain('\u0000');
    expect(report).toContain('payment.commands.retry.<delay>');
    expect(report).toContain('127.0.0.1:3003/metrics');
    expect(report).toContain(`discard payment.commands --id ${ids.messageId}`);
  });
});
