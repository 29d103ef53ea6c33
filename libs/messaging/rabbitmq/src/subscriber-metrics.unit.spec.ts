import { describe, expect, it } from '@jest/globals';
import type { ConsumeMessage } from 'amqplib';
import { Registry } from 'prom-client';
import { subscriberMetrics, waitSecondsOf } from './subscriber-metrics.js';

const delivery = (properties: object, redelivered = false) =>
  ({ properties: { headers: {}, ...properties }, fields: { redelivered } }) as ConsumeMessage;
const now = new Date('2026-01-01T00:00:10.500Z');

describe('subscriber metrics', () => {
  it('given an AMQP timestamp and an earlier occurredAt, when the wait is measured, then it starts at the later of the two', () => {
    const published = delivery({ timestamp: Date.parse('2026-01-01T00:00:08Z') / 1_000 });
    expect(waitSecondsOf(published, '2026-01-01T00:00:05.000Z', now)).toBe(2.5);
    expect(waitSecondsOf(published, '2026-01-01T00:00:08.400Z', now)).toBeCloseTo(2.1);
  });

  it('given no timestamp, when the wait is measured, then it starts at occurredAt', () => {
    expect(waitSecondsOf(delivery({}), '2026-01-01T00:00:07.500Z', now)).toBe(3);
  });

  it('given a retry or a redelivery, when the wait is measured, then there is none', () => {
    const retry = delivery({ headers: { 'x-attempts': '1' } });
    expect(waitSecondsOf(retry, '2026-01-01T00:00:07.500Z', now)).toBeUndefined();
    expect(waitSecondsOf(delivery({}, true), '2026-01-01T00:00:07Z', now)).toBeUndefined();
  });

  it('given two subscriptions on one registry, when both record, then each queue has its own series', async () => {
    const registry = new Registry();
    subscriberMetrics(registry, 'a.q').recordOutcome('handled');
    subscriberMetrics(registry, 'b.q').recordOutcome('retried');
    const text = await registry.metrics();
    expect(text).toContain('rabbitmq_messages_handled_total{queue="a.q",outcome="handled"} 1');
    expect(text).toContain('rabbitmq_messages_handled_total{queue="b.q",outcome="retried"} 1');
    expect(text).toContain('rabbitmq_messages_handled_total{queue="b.q",outcome="handled"} 0');
  });
});
