import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { localEnvironment, repoRoot, ServiceProcess, waitFor } from '@pattern-shop/testing';
import {
  analyticsHarness,
  type AnalyticsRun,
  anOrder,
  dayRange,
  getJson,
  lifeOf,
  produce,
  query,
} from '@pattern-shop/analytics-service-testing';

const run = promisify(execFile);
const env = localEnvironment('analytics-service');
const harness = analyticsHarness();
const { run: analytics, databaseUrl, producer } = harness;

/** Runs the replay command as a person would (from the build), with this run's group and schema. */
const replay = async (from: string) => {
  const { stdout, stderr } = await run(
    process.execPath,
    [
      join(repoRoot(), 'apps/analytics-service/dist/replay-projections/replay.cli.js'),
      '--from',
      from,
    ],
    {
      env: {
        PATH: process.env['PATH'],
        ...env,
        ANALYTICS_CONSUMER_GROUP: analytics.group,
        ANALYTICS_SCHEMA: analytics.schema,
      },
      maxBuffer: 16 << 20,
      timeout: 240_000,
    },
  );
  expect(stderr).toMatch(/replay swapped in/);
  const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
    events: number;
    total: number;
    eventsPerSecond: number | null;
  };
  // One rate: stderr prints the summary's, and no other.
  expect(stderr.match(/\d+ events\/s/g) ?? []).toEqual(
    summary.eventsPerSecond === null ? [] : [`${summary.eventsPerSecond} events/s`],
  );
  return summary;
};

/** Every answer of the API for the run's day. */
const snapshot = async (baseUrl: string, a: AnalyticsRun) => {
  const [sales, funnel, top] = await Promise.all(
    [
      `/analytics/sales?${dayRange(a)}`,
      `/analytics/funnel?${dayRange(a)}`,
      `/analytics/top-products?${dayRange(a)}&limit=100`,
    ].map(async (path) => (await getJson(baseUrl, path)).body),
  );
  return { sales, funnel, top };
};
/** Every day row but today's, which other tests may still be writing to. */
const history = () =>
  query(
    databaseUrl,
    `SELECT * FROM "${analytics.schema}".daily_totals WHERE day < date_trunc('day', now()) OR day > now() + interval '1 day' ORDER BY day`,
  );

/** Pattern 4's second half: the stream can be read again, and the projections rebuilt from it. */
describe('analytics-service: replay into fresh tables, swapped in when caught up', () => {
  let service: ServiceProcess;
  const countedOrders = async (n: number) =>
    waitFor(`${n} orders of the run applied live`, async () => {
      const { body } = await getJson<{ placed: number }>(
        service.baseUrl,
        `/analytics/funnel?${dayRange(analytics)}`,
      );
      return body.placed === n ? body : undefined;
    });

  beforeAll(async () => {
    await harness.setUp();
    service = await harness.startService();
    await service.waitUntilReady();
  }, 90_000);

  afterAll(() => harness.tearDown(), 60_000);

  it('given live projections, when replayed from earliest twice while queries run, then both replays reproduce them exactly', async () => {
    const orders = Array.from({ length: 40 }, (_, n) => anOrder(analytics, n));
    await produce(
      producer,
      orders.flatMap((order, n) =>
        lifeOf(order, new Date(analytics.day.getTime() + n * 60_000), {
          version: n % 2 === 0 ? 1 : 2,
          outcome: n % 5 === 0 ? 'cancelled' : 'confirmed',
        }),
      ),
    );
    await countedOrders(40);
    const live = await snapshot(service.baseUrl, analytics);

    // Queries keep being answered from the live tables during the replay.
    let answering = true;
    const statuses: number[] = [];
    const poll = (async () => {
      while (answering)
        statuses.push(
          (await getJson(service.baseUrl, `/analytics/funnel?${dayRange(analytics)}`)).status,
        );
    })();
    const first = await replay('earliest');
    answering = false;
    await poll;
    expect(first.events).toBeGreaterThanOrEqual(first.total);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(await snapshot(service.baseUrl, analytics)).toEqual(live);
    const afterFirst = await history();

    await replay('earliest');
    expect(await snapshot(service.baseUrl, analytics)).toEqual(live);
    expect(await history()).toEqual(afterFirst);
  }, 300_000);

  it('given events before and after a moment, when replayed from that moment, then the projections hold that window only', async () => {
    const before = await snapshot(service.baseUrl, analytics);
    const moment = new Date();
    await waitFor('the clock to pass the moment', async () =>
      Date.now() > moment.getTime() + 5 ? true : undefined,
    );
    const later = Array.from({ length: 7 }, (_, n) => anOrder(analytics, 1_000 + n));
    await produce(
      producer,
      later.flatMap((order) => lifeOf(order, new Date(analytics.day.getTime() + 3_600_000))),
    );
    await countedOrders((before.funnel as { placed: number }).placed + 7);

    await replay(moment.toISOString());
    const { funnel, sales } = await snapshot(service.baseUrl, analytics);
    expect(funnel).toMatchObject({ placed: 7, confirmed: 7, cancelled: 0 });
    expect(sales).toMatchObject({
      ordersPlaced: 7,
      revenueCents: later.reduce((sum, order) => sum + order.totalCents, 0),
    });
  }, 300_000);
});
