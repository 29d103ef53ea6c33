import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@pattern-shop/testing';
import {
  analyticsHarness,
  anOrder,
  dayRange,
  getJson,
  lifeOf,
  type Order,
  produce,
  query,
} from '@pattern-shop/analytics-service-testing';

const harness = analyticsHarness();
const { run, databaseUrl, admin, producer } = harness;

/** The guaranteed failure of pattern 4: the projection committed, the offset did not. */
describe('analytics-service: a crash between the projection commit and the offset commit', () => {
  // A short session: the restarted instance gets the killed one's partitions within seconds.
  const start = (env: Record<string, string> = {}) =>
    harness.startService({ KAFKA_SESSION_TIMEOUT_MS: '6000', ...env });

  beforeAll(() => harness.setUp(), 60_000);
  afterAll(() => harness.tearDown(), 60_000);

  it('given the service dies right after committing a batch, when it restarts, then the batch comes again and nothing is counted twice', async () => {
    const orders = Array.from({ length: 20 }, (_, n) => anOrder(run, n));
    const [victim] = orders.slice(7, 8) as [Order];
    const crashing = await start({ ANALYTICS_CRASH_AFTER_APPLYING_ORDER: victim.orderId });
    await crashing.waitUntilReady();
    await waitFor('the group to be joined', async () => {
      const { groups } = await admin.describeGroups([run.group]);
      return groups[0]?.state === 'Stable' ? true : undefined;
    });
    const at = new Date(run.day.getTime() + 60_000);
    await produce(
      producer,
      orders.flatMap((order) => lifeOf(order, at)),
    );

    expect(await crashing.exitCode).toBeNull(); // killed by SIGKILL, no exit code
    const [applied] = await query<{ n: number }>(
      databaseUrl,
      `SELECT count(*)::int AS n FROM "${run.schema}".order_facts WHERE order_id = $1 AND confirmed_at IS NOT NULL`,
      [victim.orderId],
    );
    expect(applied?.n).toBe(1); // the projection had committed before the crash
    const restarted = await start();
    await restarted.waitUntilReady();
    const funnel = await waitFor(
      'every order counted after the restart',
      async () => {
        const { body } = await getJson<{ placed: number; confirmed: number }>(
          restarted.baseUrl,
          `/analytics/funnel?${dayRange(run)}`,
        );
        return body.confirmed === 20 ? body : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(funnel).toMatchObject({ placed: 20, confirmed: 20 });
    // The redelivered batch was seen again and recognised as already applied. The counter moves
    // just after the batch's commit, which the funnel may show first: wait for it.
    const duplicates = /analytics_stream_events_total\{[^}]*outcome="duplicate"[^}]*\} [1-9]/;
    const metrics = await waitFor('the redelivered batch counted as duplicates', async () => {
      const text = await (await fetch(`${restarted.baseUrl}/metrics`)).text();
      return duplicates.test(text) ? text : undefined;
    });
    expect(metrics).toMatch(duplicates);
    const { body: sales } = await getJson<{ revenueCents: number }>(
      restarted.baseUrl,
      `/analytics/sales?${dayRange(run)}`,
    );
    expect(sales.revenueCents).toBe(orders.reduce((sum, order) => sum + order.totalCents, 0));
  }, 120_000);
});
