import { describe, expect, it } from '@jest/globals';
import { journeyHops, lanesOf } from './journey-hops.js';
import type { StoredSpan } from './otlp-spans.js';

const span = (
  overrides: Partial<StoredSpan> & Pick<StoredSpan, 'spanId' | 'kind'>,
): StoredSpan => ({
  service: 'order-service',
  traceId: 't1',
  parentSpanId: undefined,
  name: 'span',
  startMs: 1_000,
  endMs: 1_010,
  failed: false,
  statusMessage: undefined,
  attributes: {},
  ...overrides,
});

const envelope = { messageId: 'm1', type: 'ChargePayment', correlationId: 'c1', data: {} };
/** One order's first steps: the request, its guarded call, a command through the outbox, consumed. */
const orderSpans: StoredSpan[] = [
  span({
    spanId: 'http',
    kind: 2,
    name: 'POST /orders',
    attributes: { 'http.route': '/orders', 'http.response.status_code': 202 },
  }),
  span({
    spanId: 'route',
    kind: 1,
    parentSpanId: 'http',
    startMs: 1_001,
    attributes: {
      'shop.availability.source': 'inventory-service',
      'shop.availability.breaker': 'closed',
    },
  }),
  span({
    spanId: 'call',
    kind: 3,
    parentSpanId: 'route',
    startMs: 1_002,
    attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200 },
  }),
  span({
    spanId: 'served',
    kind: 2,
    parentSpanId: 'call',
    service: 'inventory-service',
    startMs: 1_003,
  }),
  span({
    spanId: 'sql',
    kind: 3,
    parentSpanId: 'http',
    startMs: 1_004,
    attributes: { 'db.system': 'postgresql' },
  }),
  span({
    spanId: 'publish',
    kind: 4,
    parentSpanId: 'http',
    startMs: 1_020,
    endMs: 1_025,
    attributes: {
      'messaging.system': 'rabbitmq',
      'messaging.destination.name': 'shop.commands',
      'messaging.message.type': 'ChargePayment',
      'messaging.message.id': 'm1',
      'messaging.message.conversation_id': 'c1',
      'shop.message.envelope': JSON.stringify(envelope),
      'shop.message.headers': JSON.stringify({ 'correlation-id': 'c1' }),
    },
  }),
  span({
    spanId: 'consume',
    kind: 5,
    parentSpanId: 'publish',
    service: 'payment-service',
    startMs: 1_030,
    attributes: {
      'messaging.system': 'rabbitmq',
      'messaging.destination.name': 'payment.commands',
      'shop.delivery.outcome': 'retried',
    },
  }),
];

describe('an order journey from its spans', () => {
  it('given the spans of a placed order, when mapped, then each hop is labelled by pattern in time order and SQL is left out', () => {
    const hops = journeyHops(orderSpans, []);
    expect(hops.map((hop) => [hop.pattern, hop.from, hop.to])).toEqual([
      ['request-response', 'customer', 'order-service'],
      ['request-response', 'order-service', 'inventory-service'],
      ['outbox', 'order-service', 'RabbitMQ'],
      ['work-queue', 'RabbitMQ', 'payment-service'],
    ]);
    expect(hops[0]?.label).toBe('/orders → 202 (prices from inventory-service, breaker closed)');
    expect(hops[1]?.details).toMatchObject({
      'shop.availability.breaker': 'closed',
      'shop.availability.source': 'inventory-service',
    });
    expect(hops.map((hop) => hop.afterMs)).toEqual([0, 2, 20, 30]);
  });

  it('given a consumed message, when mapped, then its hop carries the message the publish span recorded and its retry', () => {
    const consumed = journeyHops(orderSpans, []).find((hop) => hop.to === 'payment-service');
    expect(consumed?.message).toEqual({
      type: 'ChargePayment',
      messageId: 'm1',
      correlationId: 'c1',
      headers: { 'correlation-id': 'c1' },
      envelope,
    });
    expect(consumed?.label).toBe('payment.commands: ChargePayment (retried)');
    expect(consumed?.failed).toBe(true);
  });

  it('given a delivery that was dead-lettered, when mapped, then its hop says so and counts as failed', () => {
    const dead = span({
      spanId: 'dead',
      kind: 5,
      service: 'inventory-service',
      attributes: {
        'messaging.system': 'rabbitmq',
        'messaging.destination.name': 'inventory.commands',
        'messaging.message.type': 'ReserveStock',
        'shop.delivery.outcome': 'dead_lettered',
        'shop.delivery.failed_attempts': 4,
      },
    });
    const [hop] = journeyHops([dead], []);
    expect(hop).toMatchObject({
      pattern: 'work-queue',
      label: 'inventory.commands: ReserveStock (attempt 5, dead lettered)',
      failed: true,
      details: { 'shop.delivery.failed_attempts': 4 },
    });
  });

  it('given a command retried once and then handled, when mapped, then each delivery is a hop with its attempt, the retried one failed', () => {
    const delivery = (spanId: string, failedAttempts: number, outcome: string, startMs: number) =>
      span({
        spanId,
        kind: 5,
        service: 'payment-service',
        startMs,
        attributes: {
          'messaging.system': 'rabbitmq',
          'messaging.destination.name': 'payment.commands',
          'messaging.message.type': 'ChargePayment',
          'shop.delivery.outcome': outcome,
          'shop.delivery.failed_attempts': failedAttempts,
        },
      });
    const hops = journeyHops(
      [delivery('first', 0, 'retried', 1_000), delivery('second', 1, 'handled', 2_000)],
      [],
    );
    expect(hops.map((hop) => [hop.label, hop.failed])).toEqual([
      ['payment.commands: ChargePayment (attempt 1, retried)', true],
      ['payment.commands: ChargePayment (attempt 2)', false],
    ]);
  });

  it('given the guarded call timed out, when mapped, then the call and the request both say the replica priced the order and the breaker state', () => {
    const hops = journeyHops(
      [
        span({
          spanId: 'http',
          kind: 2,
          attributes: {
            'http.route': '/orders',
            'http.response.status_code': 202,
            'shop.availability.source': 'replica',
            'shop.availability.breaker': 'closed',
          },
        }),
        span({
          spanId: 'call',
          kind: 3,
          parentSpanId: 'http',
          name: 'GET',
          startMs: 1_001,
          failed: true,
          attributes: {
            'http.request.method': 'GET',
            'url.full': 'http://127.0.0.1:41234/availability?skus=MUG-001',
            'server.address': '127.0.0.1',
          },
        }),
      ],
      [],
    );
    expect(hops.map((hop) => [hop.to, hop.label, hop.failed])).toEqual([
      ['order-service', '/orders → 202 (prices from replica, breaker closed)', false],
      ['inventory-service', 'GET (prices from replica, breaker closed)', true],
    ]);
  });

  it('given the breaker was open, when mapped, then a failed hop says the availability call was not made and the replica priced the order', () => {
    const hops = journeyHops(
      [
        span({
          spanId: 'http',
          kind: 2,
          attributes: {
            'http.route': '/orders',
            'http.response.status_code': 202,
            'shop.availability.source': 'replica',
            'shop.availability.breaker': 'open',
          },
        }),
      ],
      [],
    );
    expect(hops[1]).toMatchObject({
      pattern: 'request-response',
      from: 'order-service',
      to: 'inventory-service',
      label: 'availability not called (prices from replica, breaker open)',
      failed: true,
      details: { 'shop.availability.source': 'replica', 'shop.availability.breaker': 'open' },
    });
  });

  it('given facts consumed by realtime-gateway, email-service and analytics-service, when mapped, then the push, the mail and the projections the record moved appear', () => {
    const fact = (
      spanId: string,
      service: string,
      system: string,
      destination: string,
      extra: Record<string, string> = {},
    ) =>
      span({
        spanId,
        kind: 5,
        service,
        startMs: 2_000,
        attributes: {
          'messaging.system': system,
          'messaging.destination.name': destination,
          'messaging.message.type': 'OrderConfirmed',
          ...extra,
        },
      });
    const hops = journeyHops(
      [
        fact('r', 'realtime-gateway', 'rabbitmq', 'realtime.order-events'),
        fact('e', 'email-service', 'rabbitmq', 'email.order-events'),
        fact('k', 'analytics-service', 'kafka', 'orders.events', {
          'shop.projections': 'order_facts,daily_totals,product_sales_daily',
        }),
      ],
      [],
    );
    expect(hops.map((hop) => `${hop.patternNumber} ${hop.from}→${hop.to}`).sort()).toEqual([
      '3 RabbitMQ→email-service',
      '3 RabbitMQ→realtime-gateway',
      '3 email-service→SMTP',
      '4 Kafka→analytics-service',
      '6 realtime-gateway→browser',
    ]);
    expect(hops.find((hop) => hop.from === 'Kafka')).toMatchObject({
      label: 'orders.events: OrderConfirmed → order_facts, daily_totals, product_sales_daily',
      details: { 'shop.projections': 'order_facts,daily_totals,product_sales_daily' },
    });
  });

  it("given the saga's step log, when mapped, then each step is a saga hop between the spans at its time", () => {
    const hops = journeyHops(orderSpans.slice(0, 1), [
      {
        at: new Date(1_005).toISOString(),
        input: 'OrderPlaced',
        from: null,
        to: 'PAYMENT_PENDING',
        note: null,
        causedBy: 'm0',
      },
    ]);
    expect(hops.map((hop) => hop.label)).toEqual([
      '/orders → 202',
      'saga start → PAYMENT_PENDING (OrderPlaced)',
    ]);
    expect(hops[1]).toMatchObject({
      pattern: 'saga',
      patternNumber: 5,
      afterMs: 5,
      details: { causedBy: 'm0' },
    });
  });

  it('given hops, when their lanes are listed, then they follow the order of the journey', () => {
    expect(lanesOf(journeyHops(orderSpans, []))).toEqual([
      'customer',
      'order-service',
      'inventory-service',
      'payment-service',
      'RabbitMQ',
    ]);
  });
});
