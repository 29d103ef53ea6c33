import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EXCHANGES, KAFKA_TOPICS, ROUTING_KEYS } from '@pattern-shop/contracts';
import { infra, ServiceProcess, tapExchange, tapTopic, waitFor } from '@pattern-shop/testing';
import { newCustomerId, placeOrder, sampleOrder } from '../support/order-api.js';

const placeSeveral = async (count: number): Promise<string[]> => {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const answer = await placeOrder(sampleOrder(newCustomerId()));
    expect(answer.status).toBe(202);
    ids.push(answer.body.orderId);
  }
  return ids;
};

/**
 * The transactional outbox under a broker outage: the order is committed with its messages, the
 * API keeps answering 202, and the relay publishes everything once the broker is back. None lost.
 */
describe('outbox: a broker goes down while orders are placed', () => {
  const apps: ServiceProcess[] = [];

  beforeAll(async () => {
    await infra('up');
    apps.push(ServiceProcess.start('inventory-service'), ServiceProcess.start('order-service'));
    await Promise.all(apps.map((app) => app.waitUntilReady()));
  }, 120_000);

  afterAll(async () => {
    await infra('up'); // whatever happened, leave every server running
    await Promise.all(apps.map((app) => app.stop()));
  }, 120_000);

  it('given RabbitMQ is down, then POST /orders still answers 202 and every OrderPlaced is published after it returns', async () => {
    const tap = await tapExchange(EXCHANGES.events, [ROUTING_KEYS.orderPlaced]);
    try {
      await infra('down', 'rabbitmq');
      const ids = await placeSeveral(5);
      await infra('up', 'rabbitmq');
      await waitFor(
        'every order published on RabbitMQ',
        async () => {
          const seen = new Set(
            tap.messages.map((m) => (m.body as { aggregateId: string }).aggregateId),
          );
          return ids.every((id) => seen.has(id)) ? true : undefined;
        },
        { timeoutMs: 60_000 },
      );
    } finally {
      await tap.close();
    }
  }, 120_000);

  it('given Kafka is down, then POST /orders still answers 202 and every OrderPlaced is streamed after it returns', async () => {
    const tap = await tapTopic(KAFKA_TOPICS.orders);
    try {
      await infra('down', 'kafka');
      const ids = await placeSeveral(5);
      await infra('up', 'kafka');
      await waitFor(
        'every order streamed on Kafka',
        async () => {
          const seen = new Set((await tap.read()).map((r) => r.key));
          return ids.every((id) => seen.has(id)) ? true : undefined;
        },
        { timeoutMs: 90_000 },
      );
    } finally {
      await tap.close();
    }
  }, 180_000);
});
