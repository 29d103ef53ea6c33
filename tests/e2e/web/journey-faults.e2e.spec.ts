import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import { QUEUES, SERVICES } from '@pattern-shop/contracts';
import {
  queryServiceDb,
  ServiceProcess,
  startTcpProxy,
  type TcpProxy,
  waitFor,
  waitForQueueDrained,
} from '@pattern-shop/testing';
import { guestSession, launchChromium } from '../support/browser.js';
import { provider, SAGA_SETTINGS } from '../support/checkout-stack.js';
import { placeOrder } from '../support/order-api.js';
import { TestProducts } from '../support/inventory-stock.js';

const WEB = 'http://127.0.0.1:8080';
/** web's OTLP receiver (OTLP_RECEIVER_PORT's default): the services send their spans there. */
const TRACES = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };

/** One of payment-service's counters of payment.commands deliveries, by outcome. */
const chargeDeliveries = async (payment: ServiceProcess, outcome: string): Promise<number> => {
  const metrics = await (await fetch(`${payment.baseUrl}/metrics`)).text();
  const line = metrics
    .split('\n')
    .find(
      (row) =>
        row.startsWith('rabbitmq_messages_handled_total{') &&
        row.includes(`queue="${QUEUES.paymentCommands}"`) &&
        row.includes(`outcome="${outcome}"`),
    );
  return Number(line?.slice(line.lastIndexOf(' ') + 1) ?? 0);
};

const inventoryBreakerOpen = async (order: ServiceProcess): Promise<boolean> => {
  const metrics = await (await fetch(`${order.baseUrl}/metrics`)).text();
  return metrics
    .split('\n')
    .some((row) => /^circuit_breaker_state\{.*target="inventory-service".*\} 2$/.test(row));
};

/**
 * Journeys of orders that met a fault, in a real Chromium against the real stack: a charge the
 * provider failed once is drawn as a retried delivery and the attempt that succeeded, a charge
 * that kept failing as its dead letter, and an order placed while inventory-service hung as
 * priced from the replica with the breaker's state. order-service reaches inventory-service's
 * availability API through a TCP proxy the test can stall; everything else is direct.
 */
describe('the journey of an order that met a fault, in a browser', () => {
  let apps: Record<string, ServiceProcess> = {};
  let proxy: TcpProxy;
  let browser: Browser;
  let page: Page;
  let customerId = '';
  const products = new TestProducts();
  const hop = (text: string): Locator => page.locator('[data-testid="hop"]', { hasText: text });

  beforeAll(async () => {
    proxy = await startTcpProxy(SERVICES['inventory-service'].port);
    apps = {
      provider: ServiceProcess.start('payment-provider', TRACES),
      // One short pause between attempts, so a charge is retried, or dead-lettered, in seconds.
      payment: ServiceProcess.start('payment-service', {
        ...TRACES,
        COMMAND_MAX_ATTEMPTS: '3',
        COMMAND_RETRY_DELAYS_MS: '1000',
        PAYMENT_PROVIDER_BREAKER_RESET_MS: '500',
      }),
      inventory: ServiceProcess.start('inventory-service', TRACES),
      // A breaker that stays open for the rest of the file once the hung calls opened it.
      order: ServiceProcess.start('order-service', {
        ...TRACES,
        ...SAGA_SETTINGS,
        INVENTORY_URL: `http://127.0.0.1:${proxy.port}`,
        INVENTORY_TIMEOUT_MS: '300',
        INVENTORY_BREAKER_RESET_MS: '60000',
      }),
      web: ServiceProcess.start('web'),
    };
    browser = await launchChromium();
    await Promise.all(Object.values(apps).map((app) => app.waitUntilReady()));
    for (const queue of [QUEUES.paymentCommands, QUEUES.inventoryCommands]) {
      await waitForQueueDrained(queue);
    }
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(`${WEB}/orders`); // My orders mints the guest whose orders these are
    customerId = await waitFor('the guest session', async () => {
      // Null until the page has minted it.
      const session: { customerId: string } | null = await guestSession(page);
      return session?.customerId;
    });
  }, 180_000);

  afterAll(async () => {
    proxy?.resume();
    await browser?.close();
    await provider.reset();
    await Promise.all(Object.values(apps).map((app) => app.stop()));
    await proxy?.cut();
    await products.remove();
  }, 60_000);

  /** One unit of `sku` for the guest; placeOrder notes the order for leave-nothing-behind.ts. */
  const placeOne = async (sku: string): Promise<string> => {
    const answer = await placeOrder({ customerId, items: [{ sku, quantity: 1 }] });
    expect(answer.status).toBe(202);
    // Only the test's own products' reservations are removed afterwards, not the catalogue's.
    if (products.skus.includes(sku)) products.orderIds.push(answer.body.orderId);
    return answer.body.orderId as string;
  };

  it('given the provider failing when a charge is first tried, when its journey is opened, then the charge is a retried hop with its attempt, followed by the attempt that succeeded', async () => {
    const sku = await products.add(5);
    const payment = apps['payment'] as ServiceProcess;
    const retriedBefore = await chargeDeliveries(payment, 'retried');
    await provider.behave({ errorRate: 1 });
    const orderId = await placeOne(sku);
    await waitFor(
      'the charge to be retried',
      async () => ((await chargeDeliveries(payment, 'retried')) > retriedBefore ? true : undefined),
      { intervalMs: 50 },
    );
    await provider.reset(); // the next attempt, a second later, succeeds

    await page.goto(`${WEB}/orders/${orderId}/journey`);
    const retried = hop('payment.commands: ChargePayment (attempt 1, retried)');
    await retried.waitFor({ timeout: 30_000 });
    await hop('payment.commands: ChargePayment (attempt 2)').waitFor({ timeout: 30_000 });
    await hop('payment-service → payment-provider').first().waitFor();
    expect(await retried.locator('xpath=..').getAttribute('class')).toBe('failed');
    await retried.click();
    expect(await page.getByTestId('hop-details').textContent()).toContain(
      '"shop.delivery.outcome": "retried"',
    );
    await page.getByText('saga: CONFIRMED').waitFor({ timeout: 30_000 });
  }, 90_000);

  it('given the provider failing every time, when the journey is opened, then the charge is dead lettered after its last attempt', async () => {
    const sku = await products.add(5);
    await provider.behave({ errorRate: 1 });
    const orderId = await placeOne(sku);
    await page.goto(`${WEB}/orders/${orderId}/journey`);
    const dead = hop('payment.commands: ChargePayment (attempt 3, dead lettered)');
    await dead.waitFor({ timeout: 30_000 });
    await provider.reset();
    expect(await dead.locator('xpath=..').getAttribute('class')).toBe('failed');
    // The dead letter is this file's to take: leave-nothing-behind.ts takes it with the order's.
  }, 60_000);

  it('given inventory-service hung, when orders are placed until the breaker opens, then a journey says the prices came from the replica, the call timed out or was not made, and the breaker state', async () => {
    const order = apps['order'] as ServiceProcess;
    // The replica is the fallback: it must hold the product before inventory goes quiet.
    await waitFor('the product replica to hold MUG-001', async () => {
      const rows = await queryServiceDb(
        'order-service',
        "SELECT 1 FROM product_replica WHERE sku = 'MUG-001'",
      );
      return rows.length > 0 ? true : undefined;
    });
    proxy.stall();
    const timedOut = await placeOne('MUG-001');
    await waitFor('the breaker to open', async () => {
      if (await inventoryBreakerOpen(order)) return true;
      await placeOne('MUG-001');
      return undefined;
    });
    const skipped = await placeOne('MUG-001');

    await page.goto(`${WEB}/orders/${skipped}/journey`);
    await hop('/orders → 202 (prices from replica, breaker open)').waitFor({ timeout: 30_000 });
    const notCalled = hop('order-service → inventory-service: availability not called');
    await notCalled.waitFor();
    expect(await notCalled.textContent()).toContain('(prices from replica, breaker open)');

    await page.goto(`${WEB}/orders/${timedOut}/journey`);
    const call = page.locator('li.failed [data-testid="hop"]', {
      hasText: /order-service → inventory-service: .*\(prices from replica, breaker closed\)/,
    });
    await call.waitFor({ timeout: 30_000 });
  }, 90_000);
});
