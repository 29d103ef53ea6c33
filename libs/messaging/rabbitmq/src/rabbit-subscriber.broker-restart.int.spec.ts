import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { connect } from 'amqplib';
import { deadLetterQueueName, retryQueueName } from '@pattern-shop/contracts';
import { infra, LOCAL_INFRA, emptyOrderConfirmed, waitFor } from '@pattern-shop/testing';
import { ConfirmingPublisher } from './confirming-publisher.js';
import { RabbitConnection } from './rabbit-connection.js';
import { subscribe, type Subscription } from './rabbit-subscriber.js';

const MESSAGES = 400;
const RESTART_AFTER = 120;
const RETRY_DELAY_MS = 200;
const id = randomBytes(4).toString('hex');
const exchange = `restart-spec.${id}`;
const queue = `restart-spec.${id}`;

const envelope = (messageId: string) => emptyOrderConfirmed(messageId);

/**
 * The failure every RabbitMQ consumer meets: the broker restarts while messages are queued, in
 * flight to the consumer and still being published. The publisher keeps what was not confirmed
 * and publishes it again (as the outbox relay does); the subscriber reconnects by itself; the
 * effect is recorded per message id (as the inbox does). Nothing may be lost.
 */
describe('a subscriber across a RabbitMQ restart in the middle of a stream', () => {
  const applied = new Map<string, number>();
  let publisherConnection: RabbitConnection;
  let consumerConnection: RabbitConnection;
  let subscription: Subscription;

  beforeAll(async () => {
    publisherConnection = new RabbitConnection({
      url: LOCAL_INFRA.rabbitmqUrl,
      connectionName: `${queue}.pub`,
    });
    consumerConnection = new RabbitConnection({
      url: LOCAL_INFRA.rabbitmqUrl,
      connectionName: `${queue}.sub`,
    });
    await publisherConnection.start();
    await consumerConnection.start();
    await waitFor('both connections', async () =>
      publisherConnection.isConnected && consumerConnection.isConnected ? true : undefined,
    );
    subscription = await subscribe(consumerConnection, {
      queue,
      exchange,
      routingKeys: ['order.confirmed'],
      prefetch: 20,
      retryDelaysMs: [RETRY_DELAY_MS],
      handle: async (message) => {
        await sleep(2); // slow enough that deliveries are in flight when the broker goes away
        applied.set(message.messageId, (applied.get(message.messageId) ?? 0) + 1);
      },
    });
  }, 60_000);

  afterAll(async () => {
    await subscription?.close();
    const broker = await connect(LOCAL_INFRA.rabbitmqUrl);
    const channel = await broker.createChannel();
    for (const name of [queue, deadLetterQueueName(queue), retryQueueName(queue, RETRY_DELAY_MS)]) {
      await channel.deleteQueue(name);
    }
    await channel.deleteExchange(exchange);
    await broker.close();
    await publisherConnection?.close();
    await consumerConnection?.close();
  }, 60_000);

  it('given messages queued, in flight and still being published, when RabbitMQ restarts, then the subscriber reconnects and every message is applied', async () => {
    const publisher = new ConfirmingPublisher(publisherConnection);
    const unconfirmed: string[] = Array.from({ length: MESSAGES }, () => randomUUID());
    const confirmed = new Set<string>();
    let restarted: Promise<unknown> | undefined;
    let appliedBeforeRestart = 0;

    while (unconfirmed.length > 0) {
      const batch = unconfirmed.splice(0, 10);
      const outcomes = await publisher.publishAll(
        batch.map((messageId) => ({
          exchange,
          routingKey: 'order.confirmed',
          content: Buffer.from(JSON.stringify(envelope(messageId))),
          properties: { messageId, persistent: true, contentType: 'application/json' },
        })),
      );
      outcomes.forEach((error, index) => {
        const messageId = batch[index] as string;
        if (error === undefined) confirmed.add(messageId);
        else unconfirmed.push(messageId); // not confirmed: publish again, like the outbox relay
      });
      if (restarted === undefined && confirmed.size >= RESTART_AFTER) {
        appliedBeforeRestart = applied.size;
        restarted = infra('down', 'rabbitmq').then(() => infra('up', 'rabbitmq'));
      }
      if (outcomes.some((error) => error !== undefined)) await sleep(100); // broker away: back off
    }
    await restarted;
    await publisher.close();

    await waitFor(
      `all ${MESSAGES} messages applied after the restart`,
      async () => (applied.size === MESSAGES ? true : undefined),
      { timeoutMs: 120_000 },
    );
    expect(appliedBeforeRestart).toBeLessThan(MESSAGES); // the restart really was mid-stream
    expect([...confirmed].every((messageId) => applied.has(messageId))).toBe(true);
  }, 300_000);
});
