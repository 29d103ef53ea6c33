// The facts of an order as the services publish them, for analytics-service's tests.
import { randomUUID } from 'node:crypto';
import {
  createEnvelope,
  KAFKA_TOPICS,
  type MessageEnvelope,
  MESSAGE_HEADERS,
} from '@pattern-shop/contracts';
import type { IdempotentProducer } from '@pattern-shop/messaging-kafka';
import type { AnalyticsRun } from './analytics-stream-kit.js';

export type Order = Readonly<{
  orderId: string;
  skus: ReadonlyArray<{ sku: string; quantity: number; unitPriceCents: number }>;
  totalCents: number;
}>;

export const anOrder = (run: AnalyticsRun, n: number): Order => {
  const lines = [
    { sku: run.sku(1), quantity: 1 + (n % 3), unitPriceCents: 1_000 },
    { sku: run.sku(2 + (n % 2)), quantity: 1, unitPriceCents: 250 },
  ];
  return {
    orderId: randomUUID(),
    skus: lines,
    totalCents: lines.reduce((s, l) => s + l.quantity * l.unitPriceCents, 0),
  };
};

const envelope = (
  type: string,
  version: number,
  orderId: string,
  at: Date,
  data: object,
): MessageEnvelope =>
  createEnvelope({
    messageId: randomUUID(),
    type,
    version,
    occurredAt: at,
    correlationId: randomUUID(),
    causationId: randomUUID(),
    aggregateId: orderId,
    data: { orderId, ...data },
  });

/** An order's life in the streams: placed (v1 or v2), paid, stock reserved, then confirmed or cancelled. */
export const lifeOf = (
  order: Order,
  at: Date,
  {
    version = 1,
    outcome = 'confirmed',
  }: { version?: 1 | 2; outcome?: 'confirmed' | 'cancelled' | 'pending' } = {},
): Array<{ topic: string; envelope: MessageEnvelope }> => {
  const customer = { customerId: 'cust-analytics-test' };
  const placed = {
    ...customer,
    lines: order.skus,
    totalCents: order.totalCents,
    currency: 'EUR',
    availabilityChecked: true,
    statusVersion: 1,
    ...(version === 2 ? { shippingCountry: 'FR' } : {}),
  };
  const events = [
    {
      topic: KAFKA_TOPICS.orders,
      envelope: envelope('OrderPlaced', version, order.orderId, at, placed),
    },
  ];
  if (outcome === 'pending') return events;
  if (outcome === 'cancelled') {
    return [
      ...events,
      {
        topic: KAFKA_TOPICS.orders,
        envelope: envelope('OrderCancelled', 1, order.orderId, at, {
          ...customer,
          statusVersion: 2,
          reason: 'payment declined',
        }),
      },
    ];
  }
  return [
    ...events,
    {
      topic: KAFKA_TOPICS.payments,
      envelope: envelope('PaymentCharged', 1, order.orderId, at, {
        paymentId: randomUUID(),
        amountCents: order.totalCents,
        currency: 'EUR',
      }),
    },
    {
      topic: KAFKA_TOPICS.inventory,
      envelope: envelope('StockReserved', 1, order.orderId, at, {
        lines: order.skus.map(({ sku, quantity }) => ({ sku, quantity })),
      }),
    },
    {
      topic: KAFKA_TOPICS.orders,
      envelope: envelope('OrderConfirmed', 1, order.orderId, at, {
        ...customer,
        statusVersion: 2,
        totalCents: order.totalCents,
        currency: 'EUR',
      }),
    },
  ];
};

/** Writes envelopes as the outbox relay does: key = aggregate id, the envelope headers, acks=all. */
export const produce = async (
  producer: IdempotentProducer,
  events: ReadonlyArray<{ topic: string; envelope: MessageEnvelope }>,
) =>
  producer.send(
    events.map(({ topic, envelope: e }) => ({
      topic,
      key: e.aggregateId,
      value: JSON.stringify(e),
      headers: {
        [MESSAGE_HEADERS.messageId]: e.messageId,
        [MESSAGE_HEADERS.type]: e.type,
        [MESSAGE_HEADERS.version]: String(e.version),
        [MESSAGE_HEADERS.correlationId]: e.correlationId,
      },
    })),
  );
