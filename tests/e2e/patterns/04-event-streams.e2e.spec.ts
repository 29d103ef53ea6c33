import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  infra,
  localEnvironment,
  queryServiceDb,
  repoRoot,
  ServiceProcess,
  waitFor,
} from '@pattern-shop/testing';
import { analyticsHarness } from '@pattern-shop/analytics-service-testing';
import {
  orderReaching,
  placeCheckout,
  type PlacedOrder,
  startCheckoutStack,
} from '../support/checkout-stack.js';
import { TestProducts } from '../support/inventory-stock.js';

const run = promisify(execFile);

/**
 * Pattern 4 on the real servers: orders go through the real saga, order-service's outbox relay
 * streams OrderPlaced and OrderConfirmed to Kafka (`orders.events`, keyed by order id), and
 * analytics-service builds its projections from the stream. This suite's analytics-service reads
 * with a consumer group and a schema of its own, started at the topics' ends, so the live
 * projections of the shop are never touched and only this suite's facts land in its tables.
 */
describe('pattern 4, event streams: orders reach the projections through Kafka, once, and a replay rebuilds them', () => {
  const harness = analyticsHarness();
  // A short session: an instance started after a crash gets the dead one's partitions in seconds.
  const startAnalytics = (env: Record<string, string> = {}) =>
    harness.startService({ KAFKA_SESSION_TIMEOUT_MS: '6000', ...env });
  const schema = `"${harness.run.schema}"`;
  const products = new TestProducts();
  const orders: PlacedOrder[] = [];
  let apps: Record<string, ServiceProcess>;
  let analytics: ServiceProcess;
  let streamFrom: Date;

  const checkout = async (sku: string, quantity: number) => {
    const order = await placeCheckout([{ sku, quantity }]);
    products.orderIds.push(order.orderId);
    orders.push(order);
    await orderReaching(order, 'CONFIRMED');
    return order;
  };

  /** What the projection holds for these orders (one row per order). */
  const factsOf = (orderIds: readonly string[]) =>
    queryServiceDb<{ order_id: string; placed_total_cents: string; confirmed_total_cents: string }>(
      'analytics-service',
      `SELECT order_id, placed_total_cents, confirmed_total_cents FROM ${schema}.order_facts
       WHERE order_id = ANY($1::uuid[]) ORDER BY order_id`,
      [orderIds],
    );
  const confirmedInProjection = (orderIds: readonly string[]) =>
    waitFor(`${orderIds.length} orders confirmed in the projection`, async () => {
      const rows = await factsOf(orderIds);
      const confirmed = rows.filter((row) => row.confirmed_total_cents !== null);
      return confirmed.length === orderIds.length ? rows : undefined;
    });
  const salesOf = async (sku: string) =>
    (
      await queryServiceDb<{ quantity: number; revenue: number }>(
        'analytics-service',
        `SELECT coalesce(sum(quantity), 0)::int AS quantity, coalesce(sum(revenue_cents), 0)::int AS revenue
         FROM ${schema}.product_sales_daily WHERE sku = $1`,
        [sku],
      )
    )[0];

  beforeAll(async () => {
    await infra('up');
    apps = await startCheckoutStack();
    streamFrom = new Date();
    await harness.setUp(); // the suite's group starts at the topics' ends: only what comes next
    analytics = await startAnalytics();
    await analytics.waitUntilReady();
  }, 180_000);

  afterAll(async () => {
    await Promise.all(Object.values(apps ?? {}).map((app) => app.stop()));
    await harness.tearDown();
    await products.remove();
  }, 90_000);

  it('given two orders confirmed by the saga, when their facts are streamed, then the projections count each order once with its total', async () => {
    const sku = await products.add(10);
    const first = await checkout(sku, 2);
    const second = await checkout(sku, 3);

    const rows = await confirmedInProjection([first.orderId, second.orderId]);
    const totals = (order: PlacedOrder) => String(order.answer.body.total.amountCents);
    expect(rows).toEqual(
      [first, second]
        .map((order) => ({
          order_id: order.orderId,
          placed_total_cents: totals(order),
          confirmed_total_cents: totals(order),
        }))
        .sort((a, b) => a.order_id.localeCompare(b.order_id)),
    );
    expect(await salesOf(sku)).toEqual({ quantity: 5, revenue: 500 }); // 100 cents per unit
  }, 90_000);

  it('given analytics-service killed after applying an order and before committing its offset, when it restarts, then the facts come again and are counted once', async () => {
    await analytics.stop();
    const sku = await products.add(10);
    const victim = await checkout(sku, 4); // streamed while nobody reads

    const crashing = await startAnalytics({ ANALYTICS_CRASH_AFTER_APPLYING_ORDER: victim.orderId });
    expect(await crashing.exitCode).toBeNull(); // SIGKILL right after the projection's commit
    expect(await factsOf([victim.orderId])).toHaveLength(1); // applied, offset not committed

    analytics = await startAnalytics();
    await analytics.waitUntilReady();
    await confirmedInProjection([victim.orderId]);
    const duplicates = /analytics_stream_events_total\{[^}]*outcome="duplicate"[^}]*\} [1-9]/;
    await waitFor('the redelivered facts recognised as applied', async () =>
      duplicates.test(await (await fetch(`${analytics.baseUrl}/metrics`)).text())
        ? true
        : undefined,
    );
    expect(await salesOf(sku)).toEqual({ quantity: 4, revenue: 400 }); // not 8
  }, 120_000);

  it('given the projections built live, when they are replayed from the stream into fresh tables and swapped in, then they hold the same figures', async () => {
    const orderIds = orders.map((order) => order.orderId);
    const live = {
      facts: await factsOf(orderIds),
      sales: await Promise.all(products.skus.map(salesOf)),
    };
    expect(live.facts).toHaveLength(orders.length);

    const { stderr } = await run(
      process.execPath,
      [
        join(repoRoot(), 'apps/analytics-service/dist/replay-projections/replay.cli.js'),
        '--from',
        streamFrom.toISOString(),
      ],
      {
        env: {
          PATH: process.env['PATH'],
          ...localEnvironment('analytics-service'),
          ANALYTICS_CONSUMER_GROUP: harness.run.group,
          ANALYTICS_SCHEMA: harness.run.schema,
        },
        maxBuffer: 16 << 20,
        timeout: 120_000,
      },
    );

    expect(stderr).toMatch(/replay swapped in/);
    expect({
      facts: await factsOf(orderIds),
      sales: await Promise.all(products.skus.map(salesOf)),
    }).toEqual(live);
  }, 150_000);
});
