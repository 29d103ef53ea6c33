import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { infra, queryServiceDb, ServiceProcess } from '@pattern-shop/testing';
import {
  findingsOf,
  metricValue,
  reconcileWindow,
  runJobCommand,
  streamHasPlaced,
} from '../support/batch-jobs.js';
import {
  orderReaching,
  placeCheckout,
  type PlacedOrder,
  provider,
  startCheckoutStack,
} from '../support/checkout-stack.js';
import { TestProducts } from '../support/inventory-stock.js';

/** What bench:place-order's clean-up (forgetBenchOrders) does to its orders, for one order. */
const forgetInOrderService = async (orderId: string) => {
  for (const statement of [
    'DELETE FROM checkout_saga_steps WHERE order_id = $1',
    'DELETE FROM checkout_sagas WHERE order_id = $1',
    'DELETE FROM order_lines WHERE order_id = $1',
    'DELETE FROM order_status_history WHERE order_id = $1',
    'DELETE FROM outbox WHERE aggregate_id = $1::text',
    'DELETE FROM orders WHERE id = $1',
  ]) {
    await queryServiceDb('order-service', statement, [orderId]);
  }
};

const labels = { batch_job: 'reconciliation' };
const freshness = () => metricValue('batch_job_checked_until_timestamp_seconds', labels);

/**
 * Issue 21 §5, on real servers: the holes a new user found in pattern 7's safety nets. Orders on
 * one side only of order-service and the stream were no finding at all; and any successful run,
 * even of an old day, made the job look fresh and clean while last night's run kept failing.
 */
describe('pattern 7: the reconciliation misses no order and its freshness follows the newest period', () => {
  let apps: Record<string, ServiceProcess>;
  const products = new TestProducts();
  let window: { from: Date; to: Date };

  /** Declined by the processor: CANCELLED with nothing charged and nothing reserved. */
  const declinedOrder = async (sku: string): Promise<PlacedOrder> => {
    await provider.behave({ declineRate: 1 });
    try {
      const order = await placeCheckout([{ sku, quantity: 1 }]);
      await orderReaching(order, 'CANCELLED');
      return order;
    } finally {
      await provider.reset();
    }
  };

  beforeAll(async () => {
    await infra('up');
    apps = await startCheckoutStack();
    apps['analytics'] = ServiceProcess.start('analytics-service', {
      BATCH_JOBS_SCHEDULED: 'false',
    });
    await apps['analytics'].waitUntilReady();
  }, 180_000);

  afterAll(async () => {
    await provider.reset();
    await Promise.all(Object.values(apps ?? {}).map((app) => app.stop()));
    await products.remove();
  }, 60_000);

  it('given an order a clean-up deleted from order-service after the stream saw it, and one whose OrderPlaced the stream lost, when the window is reconciled, then one finding each, and nothing else', async () => {
    const sku = await products.add(10);
    const from = new Date();
    const kept = await placeCheckout([{ sku, quantity: 1 }]);
    await orderReaching(kept, 'CONFIRMED'); // before the processor is told to decline
    const deleted = await declinedOrder(sku);
    const unstreamed = await declinedOrder(sku);
    await streamHasPlaced([kept, deleted, unstreamed].map((order) => order.orderId));
    await forgetInOrderService(deleted.orderId);
    await queryServiceDb(
      'analytics-service',
      'DELETE FROM analytics.order_facts WHERE order_id = $1',
      [unstreamed.orderId],
    );
    window = { from, to: new Date(Date.now() + 1) };

    const { code, runs } = await reconcileWindow(window.from, window.to);

    expect(code).toBe(0);
    expect(runs[0]).toMatchObject({ status: 'succeeded', rowsChecked: 2, rowsExpected: 2 });
    const one = { expected: 1, actual: 0, unit: 'orders' };
    expect(await findingsOf(window.from, window.to)).toEqual([
      { kind: 'order_missing_from_stream', orderId: unstreamed.orderId, ...one },
      { kind: 'order_only_in_stream', orderId: deleted.orderId, ...one },
    ]);
    for (const kind of ['order_only_in_stream', 'order_missing_from_stream']) {
      expect(await metricValue('batch_job_mismatches', { ...labels, kind })).toBe(1);
    }
  }, 120_000);

  it("given that window is the newest checked, when the README's old day is reconciled, then freshness and the findings still describe the newest period", async () => {
    const fresh = await freshness();

    const oldDay = await runJobCommand('reconciliation', '--date', '2026-11-23');

    expect(oldDay.runs[0]).toMatchObject({ status: 'succeeded' });
    expect(await metricValue('batch_job_rows_checked', labels)).toBe(2);
    const kind = 'order_only_in_stream';
    expect(await metricValue('batch_job_mismatches', { ...labels, kind })).toBe(1);
    expect(fresh).toBeCloseTo(window.to.getTime() / 1000, 3);
    expect(await freshness()).toBe(fresh);
  }, 60_000);

  it('given the newest period fails, when an old day then succeeds, then the failure still shows and freshness does not move', async () => {
    const fresh = await freshness();
    await apps['inventory']?.stop();
    const failed = await reconcileWindow(window.to, new Date());
    apps['inventory'] = ServiceProcess.start('inventory-service');
    await apps['inventory'].waitUntilReady();

    const oldDay = await runJobCommand('reconciliation', '--date', '2026-11-23');

    expect(failed.runs[0]).toMatchObject({ status: 'failed' });
    expect(oldDay.runs[0]).toMatchObject({ status: 'succeeded' });
    expect(await metricValue('batch_job_last_run_failed', labels)).toBe(1);
    expect(await freshness()).toBe(fresh);
  }, 120_000);
});
