import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, type ChannelModel } from 'amqplib';
import {
  createEnvelope,
  deadLetterQueueName,
  type MessageEnvelope,
  retryQueueName,
} from '@pattern-shop/contracts';
import { decodeMessage } from '@pattern-shop/messaging-inbox';
import { LOCAL_INFRA, waitFor } from '@pattern-shop/testing';
import { RabbitConnection } from './rabbit-connection.js';
import { subscribe, type Subscription } from './rabbit-subscriber.js';

const id = randomBytes(4).toString('hex');
const exchange = `upcast-spec.${id}`;
const queue = `upcast-spec.${id}`;

/** An OrderPlaced as order-service publishes it today: version 1, without shippingCountry. */
const orderPlacedV1 = (): MessageEnvelope =>
  createEnvelope({
    messageId: randomUUID(),
    type: 'OrderPlaced',
    version: 1,
    occurredAt: new Date(),
    correlationId: `upcast-${id}`,
    causationId: `upcast-${id}`,
    aggregateId: randomUUID(),
    data: {
      orderId: randomUUID(),
      customerId: 'c-1',
      lines: [{ sku: 'MUG-001', quantity: 1, unitPriceCents: 1299 }],
      totalCents: 1299,
      currency: 'EUR',
      availabilityChecked: true,
      statusVersion: 1,
    },
  });

describe('a subscriber receiving an old contract version (real RabbitMQ)', () => {
  let connection: RabbitConnection;
  let subscription: Subscription;
  let raw: ChannelModel;
  const handled: MessageEnvelope[] = [];

  beforeAll(async () => {
    connection = new RabbitConnection({
      url: LOCAL_INFRA.rabbitmqUrl,
      connectionName: 'upcast-spec',
    });
    await connection.start();
    // Connected first, so that subscribe() resolves only once the queue is bound and consuming.
    await waitFor('RabbitMQ connection', async () => (connection.isConnected ? true : undefined));
    subscription = await subscribe(connection, {
      queue,
      exchange,
      routingKeys: ['order.placed'],
      decode: decodeMessage,
      retryDelaysMs: [100],
      maxAttempts: 2,
      handle: async (envelope) => {
        handled.push(envelope);
      },
    });
    raw = await connect(LOCAL_INFRA.rabbitmqUrl);
  });

  afterAll(async () => {
    await subscription?.close();
    await connection?.close();
    const channel = await raw.createChannel();
    for (const name of [queue, deadLetterQueueName(queue), retryQueueName(queue, 100)])
      await channel.deleteQueue(name);
    await channel.deleteExchange(exchange);
    await raw.close();
  });

  it('given OrderPlaced v1, when it is delivered, then the handler receives it upcast to v2', async () => {
    const v1 = orderPlacedV1();
    const channel = await raw.createChannel();
    channel.publish(exchange, 'order.placed', Buffer.from(JSON.stringify(v1)));
    const received = await waitFor('the upcast message', async () =>
      handled.find((e) => e.messageId === v1.messageId),
    );
    expect(received.version).toBe(2);
    expect(received.data).toMatchObject({
      orderId: (v1.data as { orderId: string }).orderId,
      shippingCountry: 'DE',
    });
  });
});
