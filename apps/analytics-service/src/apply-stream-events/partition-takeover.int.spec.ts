import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@pattern-shop/testing';
import {
  analyticsHarness,
  anOrder,
  dayRange,
  getJson,
  lifeOf,
  produce,
} from '@pattern-shop/analytics-service-testing';

const harness = analyticsHarness();
const { run, admin, producer } = harness;
const ORDERS = 300;

/** Partition ownership: two instances share the group; when one dies the other takes its partitions. */
describe('analytics-service: two instances, one killed mid-stream', () => {
  const start = () =>
    harness.startService({
      // The broker notices the killed member after this long (its minimum is 6 s).
      KAFKA_SESSION_TIMEOUT_MS: '6000',
      KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
      // Small batches, so the kill lands while events are still flowing.
      ANALYTICS_PARTITIONS_CONCURRENTLY: '1',
    });
  const members = async () => (await admin.describeGroups([run.group])).groups[0];

  beforeAll(() => harness.setUp(), 60_000);
  afterAll(() => harness.tearDown(), 60_000);

  it('given two instances splitting the partitions, when one is killed mid-stream, then the other takes over and every event counts exactly once', async () => {
    const first = await start();
    const second = await start();
    await Promise.all([first.waitUntilReady(), second.waitUntilReady()]);
    await waitFor(
      'both instances to own partitions',
      async () => {
        const group = await members();
        return group?.state === 'Stable' && group.members.length === 2 ? true : undefined;
      },
      { timeoutMs: 60_000 },
    );

    const orders = Array.from({ length: ORDERS }, (_, n) => anOrder(run, n));
    const at = new Date(run.day.getTime() + 5 * 60_000);
    const chunks = Array.from({ length: 10 }, (_, i) => orders.slice(i * 30, i * 30 + 30));
    for (const [i, chunk] of chunks.entries()) {
      await produce(
        producer,
        chunk.flatMap((order) => lifeOf(order, at)),
      );
      if (i === 4) await first.kill(); // half the stream produced, the rest still to come
    }

    await waitFor(
      'the survivor to own every partition',
      async () => {
        const group = await members();
        return group?.state === 'Stable' && group.members.length === 1 ? true : undefined;
      },
      { timeoutMs: 60_000 },
    );
    const funnel = await waitFor(
      'all orders counted',
      async () => {
        const { body } = await getJson<{ placed: number; confirmed: number }>(
          second.baseUrl,
          `/analytics/funnel?${dayRange(run)}`,
        );
        return body.confirmed >= ORDERS ? body : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(funnel).toMatchObject({ placed: ORDERS, confirmed: ORDERS, cancelled: 0 });
    const { body: sales } = await getJson<{ ordersPlaced: number; revenueCents: number }>(
      second.baseUrl,
      `/analytics/sales?${dayRange(run)}`,
    );
    expect(sales).toMatchObject({
      ordersPlaced: ORDERS,
      revenueCents: orders.reduce((sum, order) => sum + order.totalCents, 0),
    });
  }, 180_000);
});
