import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@pattern-shop/testing';
import {
  analyticsHarness,
  anOrder,
  dayRange,
  getJson,
  lifeOf,
  produce,
  query,
} from '@pattern-shop/analytics-service-testing';

const harness = analyticsHarness();
const { run, databaseUrl, admin, producer } = harness;

/**
 * The chaos lab's weak variant `no-inbox` (docs/chaos.md) on the real Kafka: without the "already
 * applied" record, a redelivered stream is counted again. The resilient form is proven by
 * crash-before-offset-commit.int.spec.ts and stream-events.int.spec.ts.
 */
describe('analytics-service with WEAK_MECHANISMS=no-inbox', () => {
  beforeAll(() => harness.setUp(), 60_000);
  afterAll(() => harness.tearDown(), 60_000);

  it('given every fact delivered twice, then the funnel and the revenue count each order twice', async () => {
    const service = await harness.startService({ WEAK_MECHANISMS: 'no-inbox' });
    await service.waitUntilReady();
    expect(service.firstOutput).toMatch(/WEAK MECHANISMS ON \(no-inbox\)/);
    await waitFor('the group to be joined', async () => {
      const { groups } = await admin.describeGroups([run.group]);
      return groups[0]?.state === 'Stable' ? true : undefined;
    });
    const orders = Array.from({ length: 5 }, (_, n) => anOrder(run, n));
    const at = new Date(run.day.getTime() + 60_000);
    const facts = orders.flatMap((order) => lifeOf(order, at));
    // The same messages, ids and all, twice: what an outbox relay's retry or a redelivery sends.
    await produce(producer, facts);
    await produce(producer, facts);

    const funnel = await waitFor(
      'both deliveries of every order counted',
      async () => {
        const { body } = await getJson<{ placed: number; confirmed: number }>(
          service.baseUrl,
          `/analytics/funnel?${dayRange(run)}`,
        );
        return body.confirmed >= 10 && body.placed >= 10 ? body : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(funnel).toMatchObject({ placed: 10, confirmed: 10 });
    const { body: sales } = await getJson<{ revenueCents: number }>(
      service.baseUrl,
      `/analytics/sales?${dayRange(run)}`,
    );
    const total = orders.reduce((sum, order) => sum + order.totalCents, 0);
    expect(sales.revenueCents).toBe(2 * total);
    // One row per order still: the double count hides in the aggregates, where reports read.
    const [rows] = await query<{ n: number }>(
      databaseUrl,
      `SELECT count(*)::int AS n FROM "${run.schema}".order_facts WHERE order_id = ANY($1::uuid[])`,
      [orders.map((order) => order.orderId)],
    );
    expect(rows?.n).toBe(5);
  }, 120_000);
});
