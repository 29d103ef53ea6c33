import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EXCHANGES, ROUTING_KEYS } from '@pattern-shop/contracts';
import { infra, queryServiceDb, ServiceProcess, tapExchange, waitFor } from '@pattern-shop/testing';
import { newCustomerId, placeOrder, sampleOrder } from '../support/order-api.js';

/**
 * The failure the outbox exists for: the service dies after the order committed and before its
 * message left. The message is in the outbox table, so the next process publishes it.
 */
describe('outbox: order-service crashes between commit and publish', () => {
  let inventory: ServiceProcess;
  let orders: ServiceProcess | undefined;

  beforeAll(async () => {
    await infra('up');
    inventory = ServiceProcess.start('inventory-service');
    await inventory.waitUntilReady();
  }, 120_000);

  afterAll(async () => {
    await infra('up');
    await Promise.all([orders?.stop(), inventory?.stop()]);
  }, 120_000);

  it('given an order committed while its message could not leave, when the process is killed and restarted, then the message is published', async () => {
    const tap = await tapExchange(EXCHANGES.events, [ROUTING_KEYS.orderPlaced]);
    try {
      orders = ServiceProcess.start('order-service');
      await orders.waitUntilReady();
      await infra('down', 'rabbitmq'); // the relay cannot publish: the row stays in the outbox
      const placed = await placeOrder(sampleOrder(newCustomerId()));
      expect(placed.status).toBe(202);
      const [pending] = await queryServiceDb<{ n: number }>(
        'order-service',
        `SELECT count(*)::int AS n FROM outbox
          WHERE aggregate_id = $1 AND type = 'OrderPlaced' AND destination = 'rabbitmq' AND published_at IS NULL`,
        [placed.body.orderId],
      );
      expect(pending?.n).toBe(1);

      await orders.kill(); // no graceful shutdown, no last flush
      await infra('up', 'rabbitmq');
      orders = ServiceProcess.start('order-service');
      await orders.waitUntilReady();

      await waitFor(
        'the order placed before the crash on RabbitMQ',
        async () =>
          tap.messages.find(
            (m) => (m.body as { aggregateId: string }).aggregateId === placed.body.orderId,
          ),
        { timeoutMs: 60_000 },
      );
    } finally {
      await infra('up', 'rabbitmq'); // a failure above may have left the broker down
      await tap.close();
    }
  }, 180_000);
});
