import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { infra, queryServiceDb, ServiceProcess } from '@pattern-shop/testing';
import {
  findingsOf,
  metricValue,
  reconcileWindow,
  type RunRecord,
  streamHasPlaced,
} from '../support/batch-jobs.js';
import {
  orderReaching,
  placeCheckout,
  type PlacedOrder,
  provider,
  startCheckoutStack,
} from '../support/checkout-stack.js';
import { putStock, TestProducts } from '../support/inventory-stock.js';

const PROVIDER = 'http://127.0.0.1:3007';

/** A charge straight at the processor, outside the saga: how drift gets in. */
const chargeDirectly = async (orderId: string, amountCents: number, key: string) => {
  const response = await fetch(`${PROVIDER}/charges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify({ orderId, customerId: 'cust-planted', amountCents, currency: 'EUR' }),
  });
  if (response.status >= 300) throw new Error(`planted charge: ${response.status}`);
};

/**
 * Pattern 7, the nightly reconciliation, on real servers: orders go through the real saga, the
 * job reads every service's GET /reconciliation/daily, and what it finds, records and exports is
 * checked. Each test reconciles a window of its own (`--from/--to`), so orders of other suites
 * placed earlier today cannot move its numbers; the nightly run is the same code over a day.
 */
describe('pattern 7: the nightly reconciliation finds exactly the drift there is', () => {
  let apps: Record<string, ServiceProcess>;
  const products = new TestProducts();
  let inStock: string;
  let clean: { from: Date; to: Date; orders: PlacedOrder[]; totals: number[] };

  /** The processor declines: CANCELLED with nothing charged and nothing reserved. */
  const declinedOrder = async (sku: string, quantity: number): Promise<PlacedOrder> => {
    await provider.behave({ declineRate: 1 });
    try {
      const order = await placeCheckout([{ sku, quantity }]);
      await orderReaching(order, 'CANCELLED');
      return order;
    } finally {
      await provider.reset();
    }
  };

  /** The stock goes while a slow charge runs: charged, then refunded, CANCELLED, stock untouched. */
  const refundedOrder = async (): Promise<PlacedOrder> => {
    const sku = await products.add(1);
    await provider.behave({ latencyMs: 1_000 });
    try {
      const order = await placeCheckout([{ sku, quantity: 1 }]);
      const soldOut = await putStock(apps['inventory']?.baseUrl ?? '', sku, { stock: 0 });
      if (soldOut.status !== 200) throw new Error(`selling out: ${soldOut.status}`);
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
    inStock = await products.add(100);
  }, 180_000);

  afterAll(async () => {
    await provider.reset();
    await Promise.all(Object.values(apps ?? {}).map((app) => app.stop()));
    await products.remove();
  }, 60_000);

  it('given confirmed, declined and refunded orders, when their window is reconciled, then zero mismatches and rows checked equal the orders placed', async () => {
    const from = new Date();
    const confirmed = [];
    for (const quantity of [1, 2, 3]) {
      confirmed.push(await placeCheckout([{ sku: inStock, quantity }]));
    }
    await Promise.all(confirmed.map((order) => orderReaching(order, 'CONFIRMED')));
    const refunded = await refundedOrder();
    const declined = await declinedOrder(inStock, 1);
    const orders = [...confirmed, refunded, declined];
    await streamHasPlaced(orders.map((order) => order.orderId));
    const to = new Date(Date.now() + 1);
    clean = { from, to, orders, totals: confirmed.map((o) => o.answer.body.total.amountCents) };

    const { code, runs, stderr } = await reconcileWindow(from, to);

    expect({ code, stderr }).toEqual({ code: 0, stderr: expect.stringContaining('succeeded') });
    expect(runs).toEqual([
      expect.objectContaining({
        job: 'reconciliation',
        status: 'succeeded',
        trigger: 'command-line',
        periodFrom: from.toISOString(),
        periodTo: to.toISOString(),
        rowsChecked: 5,
        rowsExpected: 5,
        mismatches: 0,
        inFlightOrders: [],
        error: null,
      }),
    ]);
    expect(await findingsOf(from, to)).toEqual([]);
    const labels = { batch_job: 'reconciliation' };
    // Freshness is the end of the newest period checked: this window's end.
    expect(await metricValue('batch_job_checked_until_timestamp_seconds', labels)).toBeCloseTo(
      to.getTime() / 1000,
      3,
    );
    expect(await metricValue('batch_job_rows_checked', labels)).toBe(5);
    expect(await metricValue('batch_job_rows_expected', labels)).toBe(5);
    expect(await metricValue('batch_job_last_run_failed', labels)).toBe(0);
    expect(await metricValue('batch_job_mismatches', { ...labels, kind: 'double_charge' })).toBe(0);
  }, 120_000);

  describe('given drift planted after real orders: a double charge, a charge without an order, a cancelled order whose stock was never released', () => {
    let from: Date;
    let to: Date;
    let doubled: PlacedOrder;
    let stuck: PlacedOrder;
    const orphanOrderId = randomUUID();
    let expected: RunRecord[];

    beforeAll(async () => {
      from = new Date();
      doubled = await placeCheckout([{ sku: inStock, quantity: 2 }]);
      const fine = await placeCheckout([{ sku: inStock, quantity: 1 }]);
      await orderReaching(doubled, 'CONFIRMED');
      await orderReaching(fine, 'CONFIRMED');
      stuck = await declinedOrder(inStock, 4);
      await streamHasPlaced([doubled, fine, stuck].map((order) => order.orderId));

      const total = doubled.answer.body.total.amountCents as number;
      await chargeDirectly(doubled.orderId, total, `planted-${doubled.orderId}`);
      await chargeDirectly(orphanOrderId, 1_234, `planted-${orphanOrderId}`);
      // The declined order reserved nothing; a reservation planted for it is never released.
      await queryServiceDb(
        'inventory-service',
        `INSERT INTO stock_movements (order_id, sku, quantity, kind, occurred_at)
         VALUES ($1, $2, -4, 'RESERVE', now())`,
        [stuck.orderId, inStock],
      );
      to = new Date(Date.now() + 1);
      expected = [
        {
          kind: 'double_charge',
          orderId: doubled.orderId,
          expected: total,
          actual: 2 * total,
          unit: 'cents',
        },
        {
          kind: 'orphan_charge',
          orderId: orphanOrderId,
          expected: 0,
          actual: 1_234,
          unit: 'cents',
        },
        {
          kind: 'unreleased_stock',
          orderId: stuck.orderId,
          expected: 0,
          actual: -4,
          unit: 'units',
        },
      ].sort((a, b) => `${a.kind}${a.orderId}`.localeCompare(`${b.kind}${b.orderId}`));
    }, 120_000);

    it('when the window is reconciled, then each is found with its kind and amounts, and nothing else', async () => {
      const { code, runs } = await reconcileWindow(from, to);

      expect(code).toBe(0);
      expect(runs[0]).toMatchObject({ status: 'succeeded', rowsChecked: 3, mismatches: 3 });
      expect(await findingsOf(from, to)).toEqual(expected);
      const labels = { batch_job: 'reconciliation' };
      for (const kind of ['double_charge', 'orphan_charge', 'unreleased_stock']) {
        expect(await metricValue('batch_job_mismatches', { ...labels, kind })).toBe(1);
      }
      expect(await metricValue('batch_job_mismatches', { ...labels, kind: 'missing_charge' })).toBe(
        0,
      );
    }, 60_000);

    it('when the same window is reconciled again, then the same findings, not twice as many', async () => {
      const { code, runs } = await reconcileWindow(from, to);

      expect(code).toBe(0);
      expect(runs[0]).toMatchObject({ status: 'succeeded', mismatches: 3 });
      expect(await findingsOf(from, to)).toEqual(expected);
      const recorded = await queryServiceDb<{ n: number }>(
        'analytics-service',
        `SELECT count(*)::int AS n FROM reconciliation_findings WHERE period_from = $1 AND period_to = $2`,
        [from, to],
      );
      expect(recorded[0]?.n).toBe(3);
    }, 60_000);

    it('when a service is unreachable midway, then the run is recorded failed naming it, freshness stays at the window checked, and the next run succeeds', async () => {
      const labels = { batch_job: 'reconciliation' };
      const freshBefore = await metricValue('batch_job_checked_until_timestamp_seconds', labels);
      expect(freshBefore).toBeCloseTo(to.getTime() / 1000, 3);
      await apps['inventory']?.stop();

      const failed = await reconcileWindow(from, to);

      expect(failed.code).toBe(1);
      expect(failed.runs[0]).toMatchObject({ status: 'failed', rowsChecked: null });
      expect(failed.runs[0]?.['error']).toMatch(/inventory-service/);
      expect(failed.stderr).toMatch(/failed/);
      expect(await metricValue('batch_job_checked_until_timestamp_seconds', labels)).toBe(
        freshBefore,
      );
      expect(await metricValue('batch_job_last_run_failed', labels)).toBe(1);
      expect(await findingsOf(from, to)).toEqual(expected); // the failed run replaced nothing

      apps['inventory'] = ServiceProcess.start('inventory-service');
      await apps['inventory'].waitUntilReady();
      const next = await reconcileWindow(from, to);

      expect(next.code).toBe(0);
      expect(next.runs[0]).toMatchObject({ status: 'succeeded', mismatches: 3 });
      // The same period again: freshness is about the period checked, not the run.
      expect(await metricValue('batch_job_checked_until_timestamp_seconds', labels)).toBe(
        freshBefore,
      );
      expect(await metricValue('batch_job_last_run_failed', labels)).toBe(0);
    }, 120_000);
  });

  it('given the clean window, when it is reconciled again after the drift, then it is still clean, and the metrics still show the newer drifted window', async () => {
    const labels = { batch_job: 'reconciliation' };
    const fresh = await metricValue('batch_job_checked_until_timestamp_seconds', labels);

    const { code, runs } = await reconcileWindow(clean.from, clean.to);

    expect(code).toBe(0);
    expect(runs[0]).toMatchObject({ status: 'succeeded', rowsChecked: 5, mismatches: 0 });
    // An older period checked again moves neither freshness nor the findings of the newest one.
    expect(await metricValue('batch_job_checked_until_timestamp_seconds', labels)).toBe(fresh);
    expect(await metricValue('batch_job_mismatches', { ...labels, kind: 'double_charge' })).toBe(1);
    expect(await metricValue('batch_job_rows_checked', labels)).toBe(3);
  }, 60_000);
});
