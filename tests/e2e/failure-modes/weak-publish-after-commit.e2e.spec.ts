import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EXCHANGES, ROUTING_KEYS } from '@pattern-shop/contracts';
import {
  infra,
  LOCAL_INFRA,
  queryServiceDb,
  type RabbitTap,
  ServiceProcess,
  startSwitchableTcpProxy,
  type SwitchableTcpProxy,
  tapExchange,
  waitFor,
} from '@pattern-shop/testing';
import { placeCheckout } from '../support/checkout-stack.js';
import { sampleOrder } from '../support/order-api.js';

const ITEMS = sampleOrder('cust-weak-publish').items;

const placedOn = (tap: RabbitTap, orderId: string) =>
  tap.messages.some((m) => (m.body as { aggregateId?: string }).aggregateId === orderId);

/**
 * The chaos lab's weak variant `publish-after-commit` (docs/chaos.md): OrderPlaced goes to the
 * brokers after the commit instead of through the outbox, so a RabbitMQ outage at that moment
 * loses it. (outbox-broker-outage.e2e.spec.ts shows the outbox delivering it after the outage.)
 */
describe('order-service with WEAK_MECHANISMS=publish-after-commit: a broker outage loses the fact', () => {
  let inventory: ServiceProcess;
  let orders: ServiceProcess;
  let rabbit: SwitchableTcpProxy;
  let tap: RabbitTap;

  beforeAll(async () => {
    await infra('up');
    rabbit = await startSwitchableTcpProxy(5672);
    tap = await tapExchange(EXCHANGES.events, [ROUTING_KEYS.orderPlaced]);
    inventory = ServiceProcess.start('inventory-service');
    orders = ServiceProcess.start('order-service', {
      RABBITMQ_URL: LOCAL_INFRA.rabbitmqUrlOf('order-service').replace(':5672', `:${rabbit.port}`),
      WEAK_MECHANISMS: 'publish-after-commit',
    });
    await Promise.all([inventory.waitUntilReady(), orders.waitUntilReady()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([orders?.stop(), inventory?.stop()]);
    await tap?.close();
    await rabbit?.close();
  }, 60_000);

  it('given RabbitMQ away when an order commits, then its OrderPlaced is never published, not even after RabbitMQ is back', async () => {
    rabbit.cut();
    await waitFor('order-service to see RabbitMQ gone', async () =>
      (await orders.readiness()).httpStatus === 503 ? true : undefined,
    );
    const lost = await placeCheckout(ITEMS);
    expect(lost.answer.status).toBe(202);
    await waitFor('the loss to be logged', async () =>
      orders.output
        .split('\n')
        .some((line) => line.includes(lost.orderId) && line.includes('published after commit'))
        ? true
        : undefined,
    );
    // No outbox row holds it, so nothing will ever send it again.
    const [row] = await queryServiceDb<{ n: number }>(
      'order-service',
      `SELECT count(*)::int AS n FROM outbox WHERE aggregate_id = $1 AND type = 'OrderPlaced'`,
      [lost.orderId],
    );
    expect(row?.n).toBe(0);

    rabbit.restore();
    await orders.waitUntilReady();
    const later = await placeCheckout(ITEMS);
    await waitFor('the later order on shop.events', async () =>
      placedOn(tap, later.orderId) ? true : undefined,
    );
    expect(placedOn(tap, lost.orderId)).toBe(false);
  }, 90_000);
});
