import { randomUUID } from 'node:crypto';
import { envelopes, MESSAGE_HEADERS } from '@pattern-shop/contracts';
import type { Options } from 'amqplib';

/** Where the consumer benchmark's messages go: its own exchange and queues, never the shop's. */
export const BENCH_TOPOLOGY = {
  exchange: 'bench.events',
  routingKey: 'bench.order-confirmed',
  fullPathQueue: 'bench.consumer-path',
  bareQueue: 'bench.bare-amqplib',
  /** The inbox name of the benchmark consumer in order-service's processed_messages. */
  inboxConsumer: 'bench.consumer-path',
} as const;

/** A valid OrderConfirmed, so the full path validates a real payload against its schema. */
export const benchMessage = (): { content: Buffer; options: Options.Publish } => {
  const orderId = randomUUID();
  const envelope = envelopes.OrderConfirmed({
    messageId: randomUUID(),
    occurredAt: new Date(),
    correlationId: randomUUID(),
    causationId: randomUUID(),
    aggregateId: orderId,
    data: { orderId, customerId: 'bench', statusVersion: 3, totalCents: 1_990, currency: 'EUR' },
  });
  return {
    content: Buffer.from(JSON.stringify(envelope)),
    options: {
      persistent: true,
      contentType: 'application/json',
      messageId: envelope.messageId,
      type: envelope.type,
      timestamp: Math.floor(Date.now() / 1_000),
      headers: {
        [MESSAGE_HEADERS.messageId]: envelope.messageId,
        [MESSAGE_HEADERS.type]: envelope.type,
        [MESSAGE_HEADERS.version]: String(envelope.version),
        [MESSAGE_HEADERS.correlationId]: envelope.correlationId,
      },
    },
  };
};
