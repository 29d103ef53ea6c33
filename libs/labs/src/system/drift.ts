import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { z } from 'zod';
import {
  createEnvelope,
  EXCHANGES,
  findIncompatibilities,
  MESSAGE_HEADERS,
  MESSAGE_SCHEMAS,
  orderConfirmedV1,
  QUEUES,
  renderJsonSchema,
  ROUTING_KEYS,
} from '@pattern-shop/contracts';
import { LOCAL_INFRA, waitFor } from '@pattern-shop/testing';
import { readSample } from './metrics.js';

/**
 * What order-service deployed ahead of its subscribers publishes as `OrderConfirmed` v2: the shop
 * has a customer directory now, so the fact carries the address, and `customerId` moved into
 * `customer`. No subscriber's catalogue has this version (libs/contracts knows v1 only).
 */
export const orderConfirmedDriftedV2 = orderConfirmedV1.omit({ customerId: true }).extend({
  customer: z.object({ id: z.string().min(1), email: z.email() }),
});
export type OrderConfirmedDriftedV2 = z.infer<typeof orderConfirmedDriftedV2>;

export const DRIFTED_VERSION = 2;

/** What the compatibility check (findIncompatibilities) says about v2 read as a change of v1. */
export const driftIncompatibilities = (): string[] =>
  findIncompatibilities(
    renderJsonSchema(MESSAGE_SCHEMAS.OrderConfirmed[1]),
    renderJsonSchema(orderConfirmedDriftedV2),
  );

/** The address every subscriber derives today (apps/email-service, order-email.templates.ts). */
export const addressOf = (customerId: string): string => `customer-${customerId}@pattern-shop.test`;

export type DriftedFact = Readonly<{
  messageId: string;
  orderId: string;
  customerId: string;
  correlationId: string;
  data: OrderConfirmedDriftedV2;
}>;

export const driftedFact = (customerId: string): DriftedFact => {
  const orderId = randomUUID();
  const data = orderConfirmedDriftedV2.parse({
    orderId,
    customer: { id: customerId, email: addressOf(customerId) },
    statusVersion: 2,
    totalCents: 1_250,
    currency: 'EUR',
  });
  return {
    messageId: randomUUID(),
    orderId,
    customerId,
    correlationId: `${customerId}-${orderId.slice(0, 8)}`,
    data,
  };
};

/** The deliveries email-service settled so far, handled or dead-lettered. */
const settledByEmail = async (): Promise<number> => {
  const settled = (outcome: string) =>
    readSample('email-service', 'rabbitmq_messages_handled_total', {
      queue: QUEUES.emailOrderEvents,
      outcome,
    });
  return (await settled('handled')) + (await settled('dead_lettered'));
};

/**
 * Publishes the fact with the envelope and headers order-service's relay sets, and waits until
 * email-service settled one more delivery, so what the learner looks at next is its outcome.
 * `to: 'subscribers'` publishes on `shop.events` as the producer does (every subscriber gets a
 * copy); `to: 'email-service'` straight to its queue, so a check leaves no other subscriber a letter.
 */
export const publishDriftedFact = async (
  fact: DriftedFact,
  to: 'subscribers' | 'email-service',
): Promise<void> => {
  const envelope = createEnvelope({
    messageId: fact.messageId,
    type: 'OrderConfirmed',
    version: DRIFTED_VERSION,
    occurredAt: new Date(),
    correlationId: fact.correlationId,
    causationId: fact.correlationId,
    aggregateId: fact.orderId,
    data: fact.data,
  });
  const before = await settledByEmail();
  const connection = await connect(LOCAL_INFRA.rabbitmqUrl);
  try {
    const channel = await connection.createConfirmChannel();
    const body = Buffer.from(JSON.stringify(envelope));
    const options = {
      messageId: fact.messageId,
      type: envelope.type,
      correlationId: fact.correlationId,
      contentType: 'application/json',
      appId: 'lab-drift',
      persistent: true,
      headers: {
        [MESSAGE_HEADERS.messageId]: fact.messageId,
        [MESSAGE_HEADERS.type]: envelope.type,
        [MESSAGE_HEADERS.version]: String(DRIFTED_VERSION),
        [MESSAGE_HEADERS.correlationId]: fact.correlationId,
      },
    };
    if (to === 'subscribers')
      channel.publish(EXCHANGES.events, ROUTING_KEYS.orderConfirmed, body, options);
    else channel.sendToQueue(QUEUES.emailOrderEvents, body, options);
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
  await waitFor(
    'email-service to settle the drifted fact (is it running? npm run stack -- status)',
    async () => ((await settledByEmail()) > before ? true : undefined),
    { timeoutMs: 30_000, intervalMs: 250 },
  );
};
