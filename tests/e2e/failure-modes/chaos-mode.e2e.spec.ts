import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SERVICE_NAMES, SERVICES, type ServiceName } from '@pattern-shop/contracts';
import {
  breakerState,
  CHAOS_PROXIES,
  chaosProxy,
  deleteMails,
  infra,
  mailsTo,
  populateChaosProxies,
  queryServiceDb,
  remotePortsOf,
  ServiceProcess,
  ToxiproxyClient,
  waitFor,
  waitForQueueDrained,
} from '@pattern-shop/testing';
import { orderReaching, placeCheckout, SAGA_SETTINGS } from '../support/checkout-stack.js';
import { TestProducts } from '../support/inventory-stock.js';
import { newCustomerId, placeOrder, sampleOrder } from '../support/order-api.js';

const toxiproxy = new ToxiproxyClient();
const chaos = { chaos: true } as const;
const toInventory = chaosProxy('order-service', 'inventory-service');
const paymentsDb = chaosProxy('payment-service', 'postgres');

/** Each app's settings beyond chaos mode: short waits, so each fault shows within the test. */
const SETTINGS: Record<ServiceName, Record<string, string>> = {
  'order-service': {
    ...SAGA_SETTINGS,
    INVENTORY_TIMEOUT_MS: '300',
    INVENTORY_BREAKER_RESET_MS: '1000',
  },
  'inventory-service': {},
  'payment-service': { COMMAND_RETRY_DELAYS_MS: '200' },
  'payment-provider': {},
  'email-service': {},
  'analytics-service': { BATCH_JOBS_SCHEDULED: 'false' },
  'realtime-gateway': {},
};
const DIRECT_PORTS = [5432, 5672, 9092, 1025, ...SERVICE_NAMES.map((name) => SERVICES[name].port)];

describe('chaos mode: the seven apps reach everything through Toxiproxy', () => {
  let apps: Record<ServiceName, ServiceProcess>;
  const products = new TestProducts();
  const mailIds: string[] = [];
  let sku: string;
  const checkout = async () => {
    const customerId = newCustomerId();
    const placed = await placeCheckout([{ sku, quantity: 1 }], customerId);
    products.orderIds.push(placed.orderId);
    return { ...placed, customerId };
  };

  beforeAll(async () => {
    await infra('up');
    await populateChaosProxies(toxiproxy);
    sku = await products.add(100);
    apps = Object.fromEntries(
      SERVICE_NAMES.map((name) => [name, ServiceProcess.start(name, SETTINGS[name], chaos)]),
    ) as Record<ServiceName, ServiceProcess>;
    await Promise.all(Object.values(apps).map((app) => app.waitUntilReady()));
    const queues = [
      'payment.commands',
      'inventory.commands',
      'order.saga-replies',
      'email.order-events',
    ];
    for (const queue of queues) {
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
    await deleteMails(mailIds);
    await toxiproxy.reset();
    await Promise.all(Object.values(apps ?? {}).map((app) => app.stop()));
    await products.remove();
  }, 60_000);

  it('given no toxics, when an order is placed, then it is confirmed and mailed with every app connected only to its proxies', async () => {
    const placed = await checkout();
    await orderReaching(placed, 'CONFIRMED');
    expect(placed.answer.body.availabilityChecked).toBe(true);
    const mail = await waitFor(
      'the confirmation mail, sent through email-service.smtp',
      async () => {
        const mails = await mailsTo(`customer-${placed.customerId}@pattern-shop.test`);
        return mails.find((m) => m.subject === `Your order ${placed.orderId} is confirmed`);
      },
    );
    mailIds.push(mail.id);

    // What the processes are really connected to: their proxies, never a server's or app's port.
    // A readiness check first, so each pool holds a connection (idle ones close after 30 s).
    await Promise.all(SERVICE_NAMES.map((name) => apps[name].readiness()));
    for (const name of SERVICE_NAMES) {
      const ports = await remotePortsOf(apps[name].pid as number);
      const own = CHAOS_PROXIES.filter(
        (p) => p.app === name && ['postgres', 'rabbitmq'].includes(p.target),
      );
      expect({ name, direct: DIRECT_PORTS.filter((port) => ports.has(port)) }).toEqual({
        name,
        direct: [],
      });
      for (const proxy of own)
        expect({ name, ports: [...ports] }).toEqual({
          name,
          ports: expect.arrayContaining([proxy.listenPort]),
        });
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
      return (await breakerState(apps['order-service'].baseUrl, 'inventory-service')) === 2
        ? answer
        : undefined;
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
    expect(await breakerState(apps['order-service'].baseUrl, 'inventory-service')).toBe(0);
  }, 45_000);

  it('given payment-service -> postgres cut, then only payment-service of the seven reports not ready, and re-enabling the link heals it', async () => {
    await toxiproxy.setEnabled(paymentsDb.name, false);
    await waitFor('payment-service to report not ready', async () =>
      (await apps['payment-service'].readiness()).httpStatus === 503 ? true : undefined,
    );
    const others = SERVICE_NAMES.filter((name) => name !== 'payment-service');
    const statuses = await Promise.all(
      others.map(async (name) => [name, (await apps[name].readiness()).httpStatus]),
    );
    expect(statuses).toEqual(others.map((name) => [name, 200]));

    await toxiproxy.setEnabled(paymentsDb.name, true);
    await apps['payment-service'].waitUntilReady(20_000);
    await orderReaching(await checkout(), 'CONFIRMED');
  }, 60_000);
});
