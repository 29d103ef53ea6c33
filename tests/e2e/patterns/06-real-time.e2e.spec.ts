import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type ConnectionEvent,
  connectOrderStatus,
  type OrderStatusClient,
  type OrderStatusPush,
} from '@pattern-shop/realtime-client';
import { infra, ServiceProcess, waitFor } from '@pattern-shop/testing';
import {
  orderReaching,
  placeCheckout,
  provider,
  startCheckoutStack,
} from '../support/checkout-stack.js';
import { TestProducts } from '../support/inventory-stock.js';
import { CLIENT_HEARTBEAT_TIMEOUT_MS, FAST_HEARTBEATS } from '../support/realtime-stack.js';

const ORDER_SERVICE = 'http://127.0.0.1:3001';

/**
 * Pattern 6 fed by the real saga (pattern 5): the status the customer sees is pushed from the
 * facts order-service publishes, and a client that missed them while the gateway was dead still
 * ends showing the true final status, because it refetches after every reconnect.
 */
describe('pattern 6 with the real saga: pushes and the refetch that heals a missed one', () => {
  let apps: Record<string, ServiceProcess>;
  let gateway: ServiceProcess;
  const clients: OrderStatusClient[] = [];
  const products = new TestProducts();
  const startGateway = () => ServiceProcess.start('realtime-gateway', FAST_HEARTBEATS);

  const follow = (orderId: string, token: string) => {
    const shown: OrderStatusPush[] = [];
    const events: ConnectionEvent[] = [];
    const client = connectOrderStatus({
      url: gateway.baseUrl,
      orderServiceUrl: ORDER_SERVICE,
      token,
      orderIds: [orderId],
      heartbeatTimeoutMs: CLIENT_HEARTBEAT_TIMEOUT_MS,
      backoff: { baseMs: 300, maxMs: 2_000 },
      onStatus: (status) => shown.push(status),
      onEvent: (event) => events.push(event),
    });
    clients.push(client);
    return { client, shown, events };
  };

  beforeAll(async () => {
    await infra('up');
    apps = await startCheckoutStack();
    gateway = startGateway();
    await gateway.waitUntilReady();
  }, 180_000);

  afterAll(async () => {
    clients.forEach((client) => client.close());
    await provider.reset();
    await Promise.all([gateway, ...Object.values(apps ?? {})].map((app) => app?.stop()));
    await products.remove();
  }, 60_000);

  it('given a client following its order, when the saga confirms it, then it sees PENDING then CONFIRMED pushed', async () => {
    const sku = await products.add(5);
    await provider.behave({ latencyMs: 1_000 }); // time to subscribe before the saga ends
    const order = await placeCheckout([{ sku, quantity: 1 }]);
    products.orderIds.push(order.orderId);
    const { client, shown } = follow(order.orderId, order.token);

    await waitFor('CONFIRMED on the client', async () =>
      client.statusOf(order.orderId)?.status === 'CONFIRMED' ? true : undefined,
    );
    expect(shown.map((s) => [s.status, s.statusVersion])).toEqual([
      ['PENDING', 1],
      ['CONFIRMED', 2],
    ]);
  }, 60_000);

  it('given the gateway dead while the saga confirms the order, when it comes back, then the client reconnects, refetches and shows CONFIRMED', async () => {
    const sku = await products.add(5);
    await provider.behave({ latencyMs: 1_000 }); // under payment-service's 1.5 s timeout
    const order = await placeCheckout([{ sku, quantity: 1 }]);
    products.orderIds.push(order.orderId);
    const { client, events } = follow(order.orderId, order.token);
    await waitFor('PENDING on the client', async () =>
      client.statusOf(order.orderId)?.status === 'PENDING' ? true : undefined,
    );

    await gateway.kill(); // the OrderConfirmed push is lost with it: nobody is there to send it
    await orderReaching(order, 'CONFIRMED');
    expect(client.statusOf(order.orderId)?.status).toBe('PENDING'); // stale, for now
    gateway = startGateway();
    await gateway.waitUntilReady();

    await waitFor('the client to show the true status', async () =>
      client.statusOf(order.orderId)?.status === 'CONFIRMED' ? true : undefined,
    );
    expect(client.statusOf(order.orderId)?.statusVersion).toBe(2);
    expect(events.filter((e) => e.type === 'reconnect-scheduled').length).toBeGreaterThan(0);
  }, 90_000);
});
