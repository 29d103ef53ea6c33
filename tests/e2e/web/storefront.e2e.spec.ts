import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { queryServiceDb, repoRoot, ServiceProcess, waitFor } from '@pattern-shop/testing';
import { guestSession, launchChromium } from '../support/browser.js';
import { provider } from '../support/checkout-stack.js';
import { TestProducts } from '../support/inventory-stock.js';
import { getJson } from '../support/order-api.js';

const STOREFRONT = 'http://127.0.0.1:8080';
const SCREENSHOTS = join(repoRoot(), 'docs', 'web');
const ORDER_URL = /\/orders\/([0-9a-f-]{36})$/;

const postJson = (path: string, body: unknown) =>
  fetch(`${STOREFRONT}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** The checkout's processes, the gateway that pushes statuses, and the storefront itself. */
const startStack = (): Record<string, ServiceProcess> => ({
  provider: ServiceProcess.start('payment-provider'),
  // Longer than the provider's latency below, so the slow charge still succeeds.
  payment: ServiceProcess.start('payment-service', { PAYMENT_PROVIDER_TIMEOUT_MS: '5000' }),
  inventory: ServiceProcess.start('inventory-service'),
  order: ServiceProcess.start('order-service'),
  gateway: ServiceProcess.start('realtime-gateway'),
  web: ServiceProcess.start('web'),
});

/**
 * The storefront in a real Chromium against the real stack: a customer buys from the catalogue,
 * double-clicks the checkout button, and watches the order reach CONFIRMED on the order page,
 * pushed over socket.io. The screenshots in docs/web are taken here, so they stay current.
 */
describe('the storefront in a browser', () => {
  let apps: Record<string, ServiceProcess> = {};
  let browser: Browser;
  let page: Page;
  const products = new TestProducts();

  beforeAll(async () => {
    apps = startStack();
    browser = await launchChromium();
    await Promise.all(Object.values(apps).map((app) => app.waitUntilReady()));
    // A context of its own, so that a test can open more tabs of the same customer.
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await provider.reset();
    await Promise.all(Object.values(apps).map((app) => app.stop()));
    await products.remove();
  }, 60_000);

  it('given a product in stock, when the customer checks out with a double click, then one order is placed and the page shows it reach CONFIRMED live', async () => {
    const sku = await products.add(50);
    await queryServiceDb('inventory-service', 'UPDATE products SET name = $2 WHERE sku = $1', [
      sku,
      'Browser test poster',
    ]);
    // A slow charge keeps the order PENDING long enough to see it change on the open page.
    await provider.behave({ latencyMs: 2_000 });
    const checkouts: Array<string | undefined> = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/orders')) {
        checkouts.push(request.headers()['idempotency-key']);
      }
    });

    await page.goto(STOREFRONT);
    const card = page.locator(`[data-sku="${sku}"]`);
    await card.getByText('50 in stock').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'storefront-catalogue.png') });
    await card.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('link', { name: 'Cart (1)' }).click();
    await page.getByRole('heading', { name: 'Cart' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'storefront-cart.png') });
    await page.getByRole('link', { name: 'Go to checkout' }).click();
    const placeOrder = page.getByRole('button', { name: 'Place order' });
    await placeOrder.waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'storefront-checkout.png') });
    await placeOrder.dblclick();

    await page.waitForURL(ORDER_URL);
    const orderId = ORDER_URL.exec(page.url())?.[1] ?? '';
    products.orderIds.push(orderId);
    const status = page.getByTestId('order-status');
    await status.getByText('PENDING').waitFor();
    await page.getByTestId('connection').getByText('connected: live').waitFor();
    await status.getByText('CONFIRMED').waitFor({ timeout: 30_000 });
    await page.getByTestId('history').getByText('CONFIRMED').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'storefront-order.png') });

    expect(checkouts.length).toBeGreaterThanOrEqual(1);
    expect(new Set(checkouts)).toEqual(new Set([checkouts[0]]));
    const { customerId, token } = await guestSession(page);
    const listed = await getJson(`/orders?customerId=${customerId}`, token);
    expect(listed.body.items.map((order: { orderId: string }) => order.orderId)).toEqual([orderId]);
    expect(await products.stockOf(sku)).toBe(49);
  }, 90_000);

  it('given the gateway killed while an order is pending, then the page says it is reconnecting, and once the gateway is back it resyncs to CONFIRMED', async () => {
    const sku = await products.add(5);
    await provider.behave({ latencyMs: 3_000 });
    await page.goto(STOREFRONT);
    await page.locator(`[data-sku="${sku}"]`).getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('link', { name: 'Cart (1)' }).click();
    await page.getByRole('link', { name: 'Go to checkout' }).click();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(ORDER_URL);
    const orderId = ORDER_URL.exec(page.url())?.[1] ?? '';
    products.orderIds.push(orderId);
    const connection = page.getByTestId('connection');
    await connection.getByText('connected: live').waitFor();
    await page.getByTestId('order-status').getByText('PENDING').waitFor();

    await apps['gateway']?.kill();
    await connection.getByText(/reconnecting/).waitFor();
    const { token } = await guestSession(page);
    await waitFor('the order to be confirmed while the gateway is down', async () => {
      const { body } = await getJson(`/orders/${orderId}`, token);
      return body.status === 'CONFIRMED' ? true : undefined;
    });
    // Nothing reached the page while the gateway was down, and it does not pretend otherwise.
    expect(await page.getByTestId('order-status').textContent()).toBe('PENDING');

    apps['gateway'] = ServiceProcess.start('realtime-gateway');
    await apps['gateway'].waitUntilReady();
    await connection.getByText(/resynced/).waitFor({ timeout: 20_000 });
    await page.getByTestId('order-status').getByText('CONFIRMED').waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'storefront-resynced.png') });
  }, 90_000);

  it("given another guest, then they see none of the first guest's orders, and the backend refuses bad input with problem+json", async () => {
    const { customerId, token } = await guestSession(page);
    const [mine] = (await getJson(`/orders?customerId=${customerId}`, token)).body.items;
    const other = (await (await fetch(`${STOREFRONT}/api/session`, { method: 'POST' })).json()) as {
      token: string;
    };
    const asOther = { authorization: `Bearer ${other.token}` };

    const read = await fetch(`${STOREFRONT}/api/orders/${mine.orderId}`, { headers: asOther });
    expect(read.status).toBe(404);
    const listed = await fetch(`${STOREFRONT}/api/orders`, { headers: asOther });
    expect(((await listed.json()) as { items: unknown[] }).items).toEqual([]);

    const anonymous = await fetch(`${STOREFRONT}/api/orders/${mine.orderId}`);
    expect(anonymous.status).toBe(401);
    const badCart = await fetch(`${STOREFRONT}/api/orders`, {
      method: 'POST',
      headers: { ...asOther, 'content-type': 'application/json', 'idempotency-key': 'k-1' },
      body: JSON.stringify({ customerId: 'someone-else', items: [] }),
    });
    expect(badCart.status).toBe(400);
    expect(badCart.headers.get('content-type')).toContain('application/problem+json');
  }, 30_000);

  it('given inventory-service down, then the catalogue says so and comes back by itself once it returns', async () => {
    await apps['inventory']?.kill();
    await page.goto(STOREFRONT);
    await page.getByText('inventory-service is unavailable').waitFor();

    apps['inventory'] = ServiceProcess.start('inventory-service');
    await apps['inventory'].waitUntilReady();
    await page.getByRole('heading', { name: 'Catalogue' }).waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('unavailable').count()).toBe(0);
  }, 60_000);

  it('given order-service down, then My orders, an order page and its journey each say so, and each comes back by itself once it returns', async () => {
    const { customerId, token } = await guestSession(page);
    const [order] = (await getJson(`/orders?customerId=${customerId}`, token)).body.items;
    // Tabs of one context share the guest's session (localStorage).
    const tabs = [page, await page.context().newPage(), await page.context().newPage()];
    const paths = ['/orders', `/orders/${order.orderId}`, `/orders/${order.orderId}/journey`];
    await apps['order']?.kill();
    try {
      await Promise.all(
        tabs.map(async (tab, index) => {
          await tab.goto(`${STOREFRONT}${paths[index]}`);
          await tab.getByText('order-service is unavailable').waitFor();
        }),
      );

      apps['order'] = ServiceProcess.start('order-service');
      await apps['order'].waitUntilReady();
      // Failed reads are retried every 3 s (main.tsx); the journey also refreshes every 5 s.
      await page.getByTestId('orders').getByText(order.orderId).waitFor({ timeout: 15_000 });
      await tabs[1]?.getByTestId('history').getByText('CONFIRMED').waitFor({ timeout: 15_000 });
      await tabs[2]?.getByText(/saga: CONFIRMED/).waitFor({ timeout: 15_000 });
      for (const tab of tabs) expect(await tab.getByTestId('unavailable').count()).toBe(0);
      await page.screenshot({ path: join(SCREENSHOTS, 'storefront-orders.png') });
    } finally {
      await Promise.all(tabs.slice(1).map((tab) => tab.close()));
    }
  }, 60_000);

  it('given the Account page, when a visitor registers, then the storefront shops as that customer; a wrong password, a taken email and a malformed body are refused with problem+json', async () => {
    const email = `shopper-${randomUUID().slice(0, 8)}@example.test`;
    const password = 'correct horse battery staple';
    await page.goto(`${STOREFRONT}/account`);
    await page.getByTestId('shopping-as').getByText('Shopping as a guest.').waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel(/^Password/).fill(password);
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByText('No orders yet.').waitFor();
    const registered = await guestSession(page);
    expect(registered.customerId).toMatch(/^cust-/);

    const again = await postJson('/api/session/sign-in', { email, password });
    expect(again.status).toBe(201);
    expect(((await again.json()) as { customerId: string }).customerId).toBe(registered.customerId);
    const refusals = [
      [await postJson('/api/session/sign-in', { email, password: 'not the password at all' }), 401],
      [await postJson('/api/session/register', { email, password }), 409],
      [await postJson('/api/session/sign-in', { email }), 400],
    ] as const;
    for (const [answer, status] of refusals) {
      expect(answer.status).toBe(status);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }

    await page.goto(`${STOREFRONT}/account`);
    await page.getByTestId('shopping-as').getByText(`Signed in as ${email}.`).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'storefront-account.png') });
    await page.getByRole('button', { name: 'Continue as a new guest' }).click();
    await page.getByText('No orders yet.').waitFor();
    expect((await guestSession(page)).customerId).toMatch(/^guest-/);
  }, 30_000);
});
