import { describe, expect, it } from '@jest/globals';
import { deadLetterQueueName, kafkaDeadLetterTopic, retryQueueName } from './messaging-names.js';

describe('broker names derived from a queue or group', () => {
  it('given a whole-second delay, when naming the retry queue, then it reads in seconds', () => {
    expect(retryQueueName('payment.commands', 10_000)).toBe('payment.commands.retry.10s');
  });

  it('given a sub-second delay, when naming the retry queue, then it keeps milliseconds', () => {
    expect(retryQueueName('payment.commands', 1500)).toBe('payment.commands.retry.1500ms');
  });

  it('given a zero or fractional delay, when naming the retry queue, then it refuses', () => {
    expect(() => retryQueueName('q', 0)).toThrow(RangeError);
    expect(() => retryQueueName('q', 1.5)).toThrow(/positive integer/);
  });

  it('given a queue or a consumer group, then its dead letters go to <name>.dlq', () => {
    expect(deadLetterQueueName('email.order-events')).toBe('email.order-events.dlq');
    expect(kafkaDeadLetterTopic('analytics-projections')).toBe('analytics-projections.dlq');
  });
});
