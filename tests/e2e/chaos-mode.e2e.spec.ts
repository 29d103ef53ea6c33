import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  chaosProxy,
  infra,
  populateChaosProxies,
  queryServiceDb,
  remotePortsOf,
  ServiceProcess,
  ToxiproxyClient,
  waitFor,
  waitForQueueDrained,
} from '@pattern-shop/testing';
import { orderReaching, placeCheckout, SAGA_SETTINGS } from './support/checkout-stack.js';
import { TestProducts } from './support/inventory-stock.js';
import { newCustomerId, placeOrder, sampleOrder } from './support/order-api.js';

const toxiproxy = new ToxiproxyClient();
const chaos = { chaos: true } as const;
const toInventory = chaosProxy('order-service', 'inventory-service');
const paymentsDb = chaosProxy('payment-service', 'postgres');

const inventoryBreaker = async (orders: ServiceProcess): Promise<number> => {
  const text = await (await fetch(`${orders.baseUrl}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith('circuit_breaker_state{') && l.includes('"inventory-service"'));
  return Number(line?.split(' ').at(-1));
};

describe('chaos mode: the checkout stack reaches everything through Toxiproxy', () => {
  let apps: Record<'provider' | 'payment' | 'inventory' | 'order', ServiceProcess>;
  const products = new TestProducts();
  let sku: string;
  const checkout = async () => {
    const placed = await placeCheckout([{ sku, quantity: 1 }]);
    products.orderIds.push(placed.orderId);
    return placed;
  };

  beforeAll(async () => {
    await infra('up');
    await populateChaosProxies(toxiproxy);
    sku = await products.add(100);
    apps = {
      provider: ServiceProcess.start('payment-provider', {}, chaos),
      payment: ServiceProcess.start('payment-service', { COMMAND_RETRY_DELAYS_MS: '200' }, chaos),
      inventory: ServiceProcess.start('inventory-service', {}, chaos),
      order: ServiceProcess.start(
        'order-service',
        { ...SAGA_SETTINGS, INVENTORY_TIMEOUT_MS: '300', INVENTORY_BREAKER_RESET_MS: '1000' },
        chaos,
      ),
    };
    await Promise.all(Object.values(apps).map((app) => app.waitUntilReady()));
    for (const queue of ['payment.commands', 'inventory.commands', 'order.saga-replies']) {
      await waitForQueueDrained(queue);
    }
    // The replica is order-service's fallback when inventory is slow: it must hold the catalogue.
    await waitFor('the product replica to hold the catalogue', async () => {
      const [row] = await queryServiceDb<{ n: number }>(
        'order-service',
        'SELECT count(*)::int AS n FROM product_replica',
      );
      return (row?.n ?? 0) >= 20 ? true : undefined;
    });
  }, 180_000);

  afterAll(async () => {
    await toxiproxy.reset();
    await Promise.all(Object.values(apps ?? {}).map((app) => app.stop()));
    await products.remove();
  }, 60_000);

  it('given no toxics, when an order is placed, then it is confirmed with every hop going through a proxy', async () => {
    const placed = await checkout();
    await orderReaching(placed, 'CONFIRMED');

    expect(placed.answer.body.availabilityChecked).toBe(true);
    // What the processes are really connected to: their proxies, never a server's own port.
    for (const [app, name] of [
      [apps.order, 'order-service'],
      [apps.payment, 'payment-service'],
    ] as const) {
      const ports = await remotePortsOf(app.pid as number);
      expect(ports).toContain(chaosProxy(name, 'postgres').listenPort);
      expect(ports).toContain(chaosProxy(name, 'rabbitmq').listenPort);
      expect([5432, 5672, 9092, 3002, 3007].filter((port) => ports.has(port))).toEqual([]);
    }
  }, 60_000);

  it('given a timeout toxic on order-service -> inventory, then the breaker opens and orders are priced from the replica; removing it heals', async () => {
    await toxiproxy.addToxic(toInventory.name, {
      name: 'stall',
      type: 'timeout',
      attributes: { timeout: 0 },
    });
    // The replica prices the seeded catalogue (MUG-001), so those orders are what it accepts.
    const stalled = await waitFor('the breaker to open', async () => {
      const answer = await placeOrder(sampleOrder(newCustomerId()));
      expect(answer.status).toBe(202);
      return (await inventoryBreaker(apps.order)) === 2 ? answer : undefined;
    });
    expect(stalled.body.availabilityChecked).toBe(false);

    await toxiproxy.removeToxic(toInventory.name, 'stall');
    await waitFor(
      'an order checked against inventory again',
      async () => {
        const answer = await placeOrder({
          customerId: newCustomerId(),
          items: [{ sku, quantity: 1 }],
        });
        return answer.body.availabilityChecked === true ? answer : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 250 },
    );
    expect(await inventoryBreaker(apps.order)).toBe(0);
  }, 45_000);

  it('given payment-service -> postgres cut, then only payment-service reports not ready, and re-enabling the link heals it', async () => {
    await toxiproxy.setEnabled(paymentsDb.name, false);
    await waitFor('payment-service to report not ready', async () =>
      (await apps.payment.readiness()).httpStatus === 503 ? true : undefined,
    );
    expect((await apps.order.readiness()).httpStatus).toBe(200);
    expect((await apps.inventory.readiness()).httpStatus).toBe(200);

    await toxiproxy.setEnabled(paymentsDb.name, true);
    await apps.payment.waitUntilReady(20_000);
    await orderReaching(await checkout(), 'CONFIRMED');
  }, 60_000);
});
