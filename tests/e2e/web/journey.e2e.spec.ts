import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { LOCAL_INFRA, repoRoot, ServiceProcess, waitFor } from '@pattern-shop/testing';
import { guestSession, launchChromium } from '../support/browser.js';
import { TestProducts } from '../support/inventory-stock.js';

const STOREFRONT = 'http://127.0.0.1:8080';
const SCREENSHOTS = join(repoRoot(), 'docs', 'web');
const ORDER_URL = /\/orders\/([0-9a-f-]{36})$/;
/** web's OTLP receiver (OTLP_RECEIVER_PORT's default): the services send their spans there. */
const TRACES = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' };

/** Every app one order goes through, tracing to web; web itself traces nothing. */
const startStack = (): Record<string, ServiceProcess> => ({
  provider: ServiceProcess.start('payment-provider', TRACES),
  payment: ServiceProcess.start('payment-service', TRACES),
  inventory: ServiceProcess.start('inventory-service', TRACES),
  order: ServiceProcess.start('order-service', TRACES),
  gateway: ServiceProcess.start('realtime-gateway', TRACES),
  email: ServiceProcess.start('email-service', TRACES),
  analytics: ServiceProcess.start('analytics-service', TRACES),
  web: ServiceProcess.start('web'),
});

type Hop = {
  id: string;
  pattern: string;
  from: string;
  to: string;
  label: string;
  details: Record<string, unknown>;
  message?: { correlationId?: string };
};

const journeyOf = async (orderId: string, token: string) => {
  const response = await fetch(`${STOREFRONT}/api/orders/${orderId}/journey`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: (await response.json()) as { hops?: Hop[] },
  };
};

/** Every pattern a confirmed order goes through, and the mail and the push at its end. */
const complete = (hops: readonly Hop[]): boolean => {
  const seen = new Set(hops.map((hop) => hop.pattern));
  const patterns = [
    'request-response',
    'outbox',
    'work-queue',
    'pub-sub',
    'event-stream',
    'saga',
    'real-time',
  ];
  return (
    patterns.every((pattern) => seen.has(pattern)) &&
    hops.some((hop) => hop.to === 'SMTP') &&
    hops.some(sagaReply) &&
    hops.some(confirmedOnKafka)
  );
};

/** A reply to the saga, consumed by order-service from its work queue. */
const sagaReply = (hop: Hop): boolean =>
  hop.pattern === 'work-queue' &&
  hop.to === 'order-service' &&
  hop.label.startsWith('order.saga-replies: ');

/** analytics-service applying the order's OrderConfirmed record from Kafka. */
const confirmedOnKafka = (hop: Hop): boolean =>
  hop.from === 'Kafka' && hop.label.includes(': OrderConfirmed');

/**
 * The journey view in a real Chromium against the real stack, with every service sending its
 * traces to web: an order placed from the storefront is drawn hop by hop, one hop per pattern it
 * went through, and only its customer (or staff) may see it.
 */
describe('the journey of one order in a browser', () => {
  let apps: Record<string, ServiceProcess> = {};
  let browser: Browser;
  let page: Page;
  const products = new TestProducts();

  beforeAll(async () => {
    apps = startStack();
    browser = await launchChromium();
    await Promise.all(Object.values(apps).map((app) => app.waitUntilReady()));
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(Object.values(apps).map((app) => app.stop()));
    await products.remove();
  }, 60_000);

  it('given an order placed from the storefront and CONFIRMED, when its journey is opened, then every pattern it went through is a hop, a saga reply and the projections a Kafka record moved among them, and a clicked hop shows its headers, envelope and correlation id', async () => {
    const sku = await products.add(10);
    await page.goto(STOREFRONT);
    await page.locator(`[data-sku="${sku}"]`).getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('link', { name: 'Cart (1)' }).click();
    await page.getByRole('link', { name: 'Go to checkout' }).click();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(ORDER_URL);
    const orderId = ORDER_URL.exec(page.url())?.[1] ?? '';
    products.orderIds.push(orderId);
    await page.getByTestId('order-status').getByText('CONFIRMED').waitFor({ timeout: 30_000 });

    const { token } = await guestSession(page);
    // The services export their spans in batches every few seconds: wait for the last ones.
    const hops = await waitFor(
      'the journey to show every pattern',
      async () => {
        const journey = await journeyOf(orderId, token);
        return journey.status === 200 && complete(journey.body.hops ?? [])
          ? (journey.body.hops ?? [])
          : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 1_000 },
    );
    await page.getByRole('link', { name: 'See its journey through the patterns' }).click();
    await page.waitForURL(`${STOREFRONT}/orders/${orderId}/journey`);
    for (const pattern of [
      'request-response',
      'outbox',
      'work-queue',
      'pub-sub',
      'event-stream',
      'saga',
      'real-time',
    ]) {
      await page.locator(`[data-testid="hop"][data-pattern="${pattern}"]`).first().waitFor();
    }
    await page.getByTestId('sequence-diagram').locator('svg').waitFor();
    expect(await page.getByTestId('sequence-diagram').textContent()).toContain('ChargePayment');

    const availability = hops.find(
      (hop) => hop.to === 'inventory-service' && hop.pattern === 'request-response',
    );
    expect(availability?.details).toMatchObject({
      'shop.availability.source': 'inventory-service',
      'shop.availability.breaker': 'closed',
    });
    expect(hops.filter((hop) => hop.pattern === 'saga').at(-1)?.label).toContain('→ CONFIRMED');
    const command = hops.find(
      (hop) => hop.pattern === 'work-queue' && hop.to === 'payment-service',
    );
    const correlationId = command?.message?.correlationId;
    expect(correlationId).toEqual(expect.any(String));
    const correlationIds = new Set(hops.flatMap((hop) => hop.message?.correlationId ?? []));
    expect(correlationIds).toEqual(new Set([correlationId]));
    await page
      .locator(`[data-testid="hop"][data-pattern="work-queue"]`, { hasText: 'payment.commands' })
      .first()
      .click();
    expect(await page.getByTestId('hop-correlation-id').textContent()).toBe(correlationId);
    // The message that crossed the hop: its headers and its envelope, as the broker carried them.
    const details = (await page.getByTestId('hop-details').textContent()) ?? '';
    expect(details).toContain('Headers');
    expect(details).toContain(`"correlation-id": "${correlationId}"`);
    expect(details).toContain('Envelope');
    expect(details).toContain(`"aggregateId": "${orderId}"`);
    expect(details).toContain('"type": "ChargePayment"');
    await page.screenshot({ path: join(SCREENSHOTS, 'journey.png'), fullPage: true });

    // The saga's replies, and the projections each Kafka record moved, are hops of their own.
    expect(hops.find(sagaReply)?.message?.correlationId).toBe(correlationId);
    const projected = hops.find(confirmedOnKafka);
    expect(projected?.details['shop.projections']).toBe(
      'order_facts,daily_totals,product_sales_daily',
    );
    const projectedHop = page
      .locator('[data-testid="hop"][data-pattern="event-stream"]', {
        hasText: ': OrderConfirmed → order_facts, daily_totals, product_sales_daily',
      })
      .first();
    await projectedHop.click();
    await page
      .getByTestId('hop-details')
      .getByText('"shop.projections": "order_facts,daily_totals,product_sales_daily"')
      .waitFor();

    const other = (await (await fetch(`${STOREFRONT}/api/session`, { method: 'POST' })).json()) as {
      token: string;
    };
    const refused = await journeyOf(orderId, other.token);
    expect(refused.status).toBe(404);
    expect(refused.type).toContain('application/problem+json');
    const staff = await journeyOf(orderId, LOCAL_INFRA.operatorToken);
    expect(staff.status).toBe(200);
    const bad = await journeyOf('not-an-order', token);
    expect(bad.status).toBe(400);
  }, 120_000);
});
