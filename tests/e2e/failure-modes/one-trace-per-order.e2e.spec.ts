import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EXCHANGES, KAFKA_TOPICS, ROUTING_KEYS } from '@pattern-shop/contracts';
import {
  infra,
  type OtlpReceiver,
  queryServiceDb,
  type RabbitTap,
  ServiceProcess,
  startOtlpReceiver,
  stateDir,
  tapExchange,
  tapTopic,
  waitFor,
  waitForQueueDrained,
} from '@pattern-shop/testing';
import type { ServiceName } from '@pattern-shop/contracts';
import { orderReaching, placeCheckout } from '../support/checkout-stack.js';

/** Every service one order passes through, from POST /orders to the email and the analytics. */
const SERVICES: readonly ServiceName[] = [
  'order-service',
  'payment-service',
  'payment-provider',
  'inventory-service',
  'email-service',
  'analytics-service',
];

/** The JSON log lines of one app (ServiceProcess appends them to .local/logs/apps/<app>.log). */
const logLinesOf = (service: ServiceName): Array<Record<string, unknown>> =>
  readFileSync(join(stateDir(), 'logs', 'apps', `${service}.log`), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const traceIdOf = (traceparent: unknown): string | undefined =>
  typeof traceparent === 'string' ? traceparent.split('-')[1] : undefined;

/**
 * Observability across the whole flow, on the real servers: one order placed with a known
 * correlation id gives one trace through every service it touched (HTTP in and out, SQL, every
 * publish and consume on RabbitMQ and Kafka), and that correlation id and trace id show up in the
 * message headers on both brokers and in each service's JSON logs.
 */
describe('observability: one trace and one correlation id per order, across HTTP, RabbitMQ and Kafka', () => {
  let receiver: OtlpReceiver;
  let facts: RabbitTap;
  const apps: ServiceProcess[] = [];
  const correlationId = `trace-e2e-${randomUUID()}`;
  let orderId: string;
  let traceId: string;

  beforeAll(async () => {
    await infra('up');
    receiver = await startOtlpReceiver();
    const tracing = {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    for (const service of SERVICES) apps.push(ServiceProcess.start(service, tracing));
    await Promise.all(apps.map((app) => app.waitUntilReady()));
    for (const queue of ['payment.commands', 'inventory.commands', 'order.saga-replies']) {
      await waitForQueueDrained(queue);
    }
    facts = await tapExchange(EXCHANGES.events, [ROUTING_KEYS.orderConfirmed]);
    const stream = await tapTopic(KAFKA_TOPICS.orders);

    const order = await placeCheckout(
      [{ sku: 'STICK-006', quantity: 1 }],
      undefined,
      correlationId,
    );
    orderId = order.orderId;
    await orderReaching(order, 'CONFIRMED');
    await waitFor('the confirmation email', async () => {
      const rows = await queryServiceDb(
        'email-service',
        'SELECT 1 FROM sent_emails WHERE order_id = $1',
        [orderId],
      );
      return rows.length > 0 ? true : undefined;
    });
    await waitFor('analytics to apply the confirmation', async () => {
      const rows = await queryServiceDb(
        'analytics-service',
        'SELECT 1 FROM analytics.order_facts WHERE order_id = $1 AND confirmed_at IS NOT NULL',
        [orderId],
      );
      return rows.length > 0 ? true : undefined;
    });
    const confirmed = await waitFor('OrderConfirmed on shop.events', async () =>
      facts.messages.find(
        (message) => (message.body as { aggregateId?: string }).aggregateId === orderId,
      ),
    );
    traceId = traceIdOf(confirmed.headers['traceparent']) ?? 'no traceparent on OrderConfirmed';
    const streamed = await waitFor('OrderConfirmed on orders.events', async () => {
      const ours = (await stream.read()).filter((record) => record.key === orderId);
      return ours.some((record) => record.headers['type'] === 'OrderConfirmed') ? ours : undefined;
    });
    expect(streamed.map((record) => record.headers['correlation-id'])).toContain(correlationId);
    expect(streamed.map((record) => traceIdOf(record.headers['traceparent']))).toContain(traceId);
    await stream.close();
  }, 180_000);

  afterAll(async () => {
    await facts?.close();
    await Promise.all(apps.map((app) => app.stop()));
    await receiver?.close();
  }, 60_000);

  it('given the order, then one trace starts at POST /orders and reaches every service it passed through', async () => {
    const services = await waitFor(
      'spans of every service in the trace',
      async () => {
        const seen = new Set(
          receiver.spans.filter((span) => span.traceId === traceId).map((span) => span.service),
        );
        return SERVICES.every((service) => seen.has(service)) ? seen : undefined;
      },
      { timeoutMs: 20_000 },
    );

    expect([...services].sort()).toEqual([...SERVICES].sort());
    const trace = receiver.spans.filter((span) => span.traceId === traceId);
    const roots = trace.filter((span) => span.parentSpanId === undefined);
    expect(roots).toEqual([expect.objectContaining({ service: 'order-service', kind: 2 })]);
    expect(roots[0]?.name).toMatch(/POST/);
    const ids = new Set(trace.map((span) => span.spanId));
    // Every other span hangs off a span of the same trace: nothing started a trace of its own.
    expect(
      trace.filter((span) => span.parentSpanId !== undefined && !ids.has(span.parentSpanId)),
    ).toEqual([]);
    const kinds = (service: ServiceName) =>
      new Set(trace.filter((s) => s.service === service).map((s) => s.kind));
    expect([...kinds('order-service')]).toEqual(expect.arrayContaining([2, 4, 5])); // server, producer, consumer
    expect([...kinds('analytics-service')]).toContain(5); // the Kafka consume
    expect([...kinds('email-service')]).toContain(5); // the RabbitMQ consume
    expect([...kinds('payment-service')]).toContain(3); // the call to the card processor
  }, 60_000);

  it('given the order, then its correlation id and trace id are in the JSON logs of every service it touched', async () => {
    for (const service of SERVICES) {
      const lines = await waitFor(`${service} to log the order's correlation id`, async () => {
        const found = logLinesOf(service).filter((line) => line['correlationId'] === correlationId);
        return found.length > 0 ? found : undefined;
      });
      expect(lines.some((line) => line['traceId'] === traceId)).toBe(true);
    }
  }, 60_000);

  it('given the order, then the facts on RabbitMQ carry its correlation id and a traceparent of its trace', () => {
    const ours = facts.messages.filter(
      (message) => (message.body as { aggregateId?: string }).aggregateId === orderId,
    );

    expect(ours.length).toBeGreaterThan(0);
    for (const message of ours) {
      expect(message.headers['correlation-id']).toBe(correlationId);
      expect(traceIdOf(message.headers['traceparent'])).toBe(traceId);
    }
  });
});
