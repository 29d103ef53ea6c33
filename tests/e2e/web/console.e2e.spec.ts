import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from 'amqplib';
import type { Browser, Page } from 'playwright-core';
import { deadLetterQueueName, QUEUES, ROUTING_KEYS } from '@pattern-shop/contracts';
import { declareSubscriberTopology, eventQueueBinding } from '@pattern-shop/messaging-rabbitmq';
import {
  LOCAL_INFRA,
  repoRoot,
  ServiceProcess,
  takeMessagesAbout,
  takeQueuedMessages,
} from '@pattern-shop/testing';
import { launchChromium } from '../support/browser.js';
import {
  orderReaching,
  placeCheckout,
  provider,
  sagaReaching,
  startCheckoutStack,
} from '../support/checkout-stack.js';
import { putStock, TestProducts } from '../support/inventory-stock.js';

const WEB = 'http://127.0.0.1:8080';
const STAFF = { authorization: `Bearer ${LOCAL_INFRA.adminToken}` };
// email-service is not started here, so a letter redriven to its queue stays there to be found.
const QUEUE = QUEUES.emailOrderEvents;

/** Puts one dead letter on QUEUE's DLQ, as a consumer that gave up would have left it. */
const plantDeadLetter = async (messageId: string, aggregateId: string): Promise<void> => {
  const connection = await connect(LOCAL_INFRA.rabbitmqUrl);
  try {
    const channel = await connection.createConfirmChannel();
    // On a fresh broker where email-service never ran, neither queue exists and the letter (and
    // later its redrive) would be dropped unroutable: declare them as email-service does.
    await declareSubscriberTopology(channel, {
      ...eventQueueBinding(QUEUE, [ROUTING_KEYS.orderConfirmed, ROUTING_KEYS.orderCancelled]),
      retryDelaysMs: [],
    });
    channel.sendToQueue(
      deadLetterQueueName(QUEUE),
      Buffer.from(JSON.stringify({ aggregateId, type: 'ConsoleTestPlanted', data: {} })),
      {
        messageId,
        persistent: true,
        headers: {
          'x-original-queue': QUEUE,
          'x-error-reason': 'planted by the console e2e test',
          'x-error-stack': 'Error: planted\n    at console.e2e.spec.ts',
          'x-attempts': 3,
        },
      },
    );
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
};

/**
 * The operations console in a real Chromium against the real stack: nothing staff-only without
 * the staff token; with it, a planted dead letter is redriven, a parked saga retried and a knob
 * of payment-provider set, each from the page. It takes docs/web/console.png.
 */
describe('the operations console in a browser', () => {
  let apps: Record<string, ServiceProcess> = {};
  let browser: Browser;
  let page: Page;
  const products = new TestProducts();
  const planted = { messageId: randomUUID(), aggregateId: randomUUID() };
  // A page that threw has unmounted: a waiting locator would only say what it did not find.
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    apps = { ...(await startCheckoutStack()), web: ServiceProcess.start('web') };
    await apps['web']?.waitUntilReady();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await provider.reset();
    await Promise.all(Object.values(apps).map((app) => app.stop()));
    await products.remove();
    // Whatever a failed step left of the planted letter, on the DLQ or on the queue.
    await takeQueuedMessages(deadLetterQueueName(QUEUE), (m) => m.messageId === planted.messageId);
    await takeMessagesAbout([planted.aggregateId], [QUEUE]);
  }, 60_000);

  it('given no staff token, then the page asks for it and shows nothing staff-only, and the API answers 401', async () => {
    const consoleCalls: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/console/')) consoleCalls.push(request.url());
    });
    await page.goto(`${WEB}/console`);
    await page.getByTestId('staff-token-form').waitFor();
    expect(await page.getByTestId('console').count()).toBe(0);
    expect(consoleCalls).toEqual([]);

    for (const authorization of [undefined, 'Bearer not-the-staff-token']) {
      const answer = await fetch(`${WEB}/api/console/dead-letters`, {
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(JSON.stringify(await answer.json())).not.toContain(QUEUE);
    }
  }, 30_000);

  it('given bad input, then a problem that says why, and nothing changes', async () => {
    const unknown = await fetch(`${WEB}/api/console/dead-letters/no.such-queue/redrive`, {
      method: 'POST',
      headers: STAFF,
    });
    expect(unknown.status).toBe(404);
    const badName = await fetch(`${WEB}/api/console/dead-letters/a%20b`, { headers: STAFF });
    expect(badName.status).toBe(400);
    const badKnob = await fetch(`${WEB}/api/console/payment-provider/behaviour`, {
      method: 'PUT',
      headers: { ...STAFF, 'content-type': 'application/json' },
      body: JSON.stringify({ errorRate: 2 }),
    });
    expect(badKnob.status).toBe(400);
    const knobs = await fetch(`${WEB}/api/console/payment-provider/behaviour`, { headers: STAFF });
    expect(await knobs.json()).toMatchObject({ errorRate: 0 });
    // web runs here without CHAOS_LAB=1: the chaos lab is off, so a run cannot start.
    const chaos = await fetch(`${WEB}/api/console/chaos/run`, {
      method: 'POST',
      headers: { ...STAFF, 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'inventory-down', rate: 2, durationS: 6 }),
    });
    expect(chaos.status).toBe(404);
    expect(JSON.stringify(await chaos.json())).toContain('CHAOS_LAB=1');
  }, 30_000);

  it('given a dead letter, when staff redrive it from the console, then it leaves the list and arrives on its queue', async () => {
    await plantDeadLetter(planted.messageId, planted.aggregateId);
    await page.goto(`${WEB}/console`);
    await page.getByLabel('staff token').fill(LOCAL_INFRA.adminToken);
    await page.getByRole('button', { name: 'Open the console' }).click();
    await page.getByTestId('console').waitFor();
    await page.getByRole('button', { name: new RegExp(`^${QUEUE.replace('.', '\\.')}: `) }).click();
    const row = page.locator(`[data-testid="dead-letter"][data-message-id="${planted.messageId}"]`);
    await row.getByRole('button', { name: planted.messageId }).click();
    await page
      .getByTestId('dead-letter-detail')
      .getByText('planted by the console e2e test')
      .waitFor();
    await page.getByTestId('lane-queues').waitFor();
    await page.getByTestId('chaos').getByText('The chaos lab is off in this web').waitFor();
    await page.screenshot({ path: join(repoRoot(), 'docs', 'web', 'console.png') });

    await row.getByRole('button', { name: 'Redrive' }).click();
    await row.waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);
    expect(await takeMessagesAbout([planted.aggregateId], [QUEUE])).toEqual({ [QUEUE]: 1 });
  }, 60_000);

  it('given a saga parked because refunds failed, when staff retry it from the console, then it finishes and leaves the list', async () => {
    const sku = await products.add(2);
    await provider.behave({ latencyMs: 800, refundErrorRate: 1 });
    const order = await placeCheckout([{ sku, quantity: 2 }]);
    products.orderIds.push(order.orderId);
    expect((await putStock(apps['inventory']?.baseUrl ?? '', sku, { stock: 0 })).status).toBe(200);
    await sagaReaching(order.orderId, 'COMPENSATION_FAILED');
    await provider.reset();

    await page.goto(`${WEB}/console`); // the staff token is still in this tab's sessionStorage
    const parked = page.locator(`[data-testid="parked-saga"][data-order-id="${order.orderId}"]`);
    await parked.locator('summary').click();
    await parked.getByRole('button', { name: 'Show the step log' }).click();
    await parked
      .getByTestId('saga-steps')
      .getByText(/COMPENSATION_FAILED/)
      .first()
      .waitFor();
    await parked.getByRole('button', { name: 'Retry' }).click();
    await orderReaching(order, 'CANCELLED');
    await parked.waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('given the knobs form, when staff set an error rate, then payment-provider has it', async () => {
    await page.goto(`${WEB}/console`);
    const form = page.getByTestId('provider-knobs');
    await form.locator('input[name="errorRate"]').fill('0.25');
    await form.getByRole('button', { name: 'Set the knobs' }).click();
    await form.getByTestId('knob-errorRate').getByText('now 0.25').waitFor();
    const knobs = await fetch(`${apps['provider']?.baseUrl}/admin/behaviour`, { headers: STAFF });
    expect(await knobs.json()).toMatchObject({ errorRate: 0.25, declineRate: 0 });
    expect(pageErrors).toEqual([]);
  }, 30_000);

  it('given payment-provider down, then the console says so where its knobs were, and shows them again by itself once it returns', async () => {
    await page.goto(`${WEB}/console`);
    await page.getByTestId('provider-knobs').waitFor();
    await apps['provider']?.kill();
    await page.getByText('payment-provider is unavailable').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('dead-letters').count()).toBe(1); // the rest of the console stays

    apps['provider'] = ServiceProcess.start('payment-provider');
    await apps['provider'].waitUntilReady();
    await page.getByTestId('provider-knobs').waitFor({ timeout: 20_000 });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
