import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { infra, ServiceProcess, waitFor } from '@pattern-shop/testing';
import { placeCheckout, SAGA_SETTINGS, sagaOf, sagaReaching } from '../support/checkout-stack.js';
import { sampleOrder } from '../support/order-api.js';

const CHARGE_TIMEOUT_MS = 500;
/** How long past its deadline the stuck saga is watched: twenty deadline polls. */
const WATCH_MS = 20 * Number(SAGA_SETTINGS.SAGA_DEADLINE_POLL_MS);

const startOrderService = (env: Record<string, string> = {}) =>
  ServiceProcess.start('order-service', {
    ...SAGA_SETTINGS,
    SAGA_CHARGE_TIMEOUT_MS: String(CHARGE_TIMEOUT_MS),
    ...env,
  });

/**
 * The chaos lab's weak variant `no-step-deadline` (docs/chaos.md). payment-service is not
 * running, so the charge's reply never comes: the lost reply a step deadline exists for.
 */
describe('order-service with WEAK_MECHANISMS=no-step-deadline: a lost reply leaves the saga stuck', () => {
  let inventory: ServiceProcess;
  let orders: ServiceProcess;

  beforeAll(async () => {
    await infra('up');
    inventory = ServiceProcess.start('inventory-service');
    orders = startOrderService({ WEAK_MECHANISMS: 'no-step-deadline' });
    await Promise.all([inventory.waitUntilReady(), orders.waitUntilReady()]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([orders?.stop(), inventory?.stop()]);
  }, 60_000);

  it('given the charge reply never comes, then the saga stays CHARGING past its deadline; without the switch the next poll moves it on', async () => {
    const { orderId } = await placeCheckout(sampleOrder('cust-weak-deadline').items);
    const charging = await sagaReaching(orderId, 'CHARGING');
    const deadline = Date.parse(charging.deadlineAt);
    expect(deadline - Date.parse(charging.startedAt)).toBeLessThanOrEqual(CHARGE_TIMEOUT_MS + 100);

    // Showing that nothing happens takes time: every status seen while twenty polls pass.
    const seen = new Set<string>();
    await waitFor(
      `the charge deadline to be ${WATCH_MS} ms past`,
      async () => {
        seen.add((await sagaOf(orderId)).status);
        return Date.now() > deadline + WATCH_MS ? true : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 100 },
    );
    expect([...seen]).toEqual(['CHARGING']);
    expect((await sagaOf(orderId)).steps.map((s: { to: string }) => s.to)).toEqual(['CHARGING']);

    // The deadline is a column: the resilient form wakes the saga as soon as it polls.
    await orders.stop();
    orders = startOrderService();
    await orders.waitUntilReady();
    const woken = await sagaReaching(orderId, 'VOIDING', 15_000);
    expect(woken.steps.map((s: { to: string }) => s.to)).toEqual(['CHARGING', 'VOIDING']);
  }, 90_000);
});
