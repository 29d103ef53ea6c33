import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type AppName, SERVICE_NAMES, SERVICES, WEB_APP } from '@pattern-shop/contracts';
import { connectOrderStatus, type OrderStatusClient } from '@pattern-shop/realtime-client';
import {
  infra,
  queryServiceDb,
  repoRoot,
  ServiceProcess,
  waitFor,
  waitForQueueDrained,
} from '@pattern-shop/testing';
import { runJobCommand } from '../support/batch-jobs.js';
import { orderReaching, placeCheckout } from '../support/checkout-stack.js';

// Another Prometheus can be named, e.g. one run on a worktree's configuration while the shared one
// runs another's (Prometheus reads its configuration from the checkout that started it).
const PROMETHEUS = process.env['PATTERN_SHOP_PROMETHEUS_URL'] ?? 'http://127.0.0.1:9090';
/** The seven services and web: each is a scrape job of its own, named like the app. */
const APPS: readonly AppName[] = [...SERVICE_NAMES, WEB_APP.name];

/** Every metric of the table in docs/observability.md, but those that exist only while a replay runs. */
const documentedMetrics = (): string[] =>
  readFileSync(join(repoRoot(), 'docs', 'observability.md'), 'utf8')
    .split('\n')
    .filter((line) => /^\| [^|]+\| `[a-z_]+` /.test(line) && !line.includes('only while'))
    .map((line) => /`([a-z_]+)`/.exec(line)?.[1] ?? '');

/** The type the docs table gives each of its metrics (its third column). */
const documentedTypes = (): Map<string, string> =>
  new Map(
    readFileSync(join(repoRoot(), 'docs', 'observability.md'), 'utf8')
      .split('\n')
      .filter((line) => /^\| [^|]+\| `[a-z_]+` /.test(line))
      .map((line) => line.split('|').map((cell) => cell.trim().replaceAll('`', '')))
      .map((cells) => [cells[2] ?? '', cells[3] ?? '']),
  );

/**
 * The names of our metrics Prometheus holds series of now, a histogram's also by its base name.
 * Its metadata API alone would not do: it remembers names a target exported before a restart.
 */
const metricNamesNow = async (): Promise<Set<string>> => {
  const ours =
    'http_server|outbox|circuit_breaker|rabbitmq|kafka|analytics|checkout_saga|payment_provider|realtime|batch_job|web';
  const query = `count by (__name__) ({__name__=~"(${ours})_.+"})`;
  const response = await fetch(`${PROMETHEUS}/api/v1/query?${new URLSearchParams({ query })}`);
  const body = (await response.json()) as {
    data: { result: Array<{ metric: { __name__: string } }> };
  };
  const names = body.data.result.map((r) => r.metric.__name__);
  return new Set([...names, ...names.map((name) => name.replace(/_(bucket|count|sum)$/, ''))]);
};

/** The number of series Prometheus holds for a metric (a histogram counts by its `_count`). */
const seriesOf = async (metric: string): Promise<number> => {
  const query = `count({__name__=~"${metric}|${metric}_count"})`;
  const response = await fetch(`${PROMETHEUS}/api/v1/query?${new URLSearchParams({ query })}`);
  const body = (await response.json()) as { data: { result: Array<{ value: [number, string] }> } };
  return Number(body.data.result[0]?.value[1] ?? 0);
};

/**
 * Issue 9: Prometheus, started natively by infra/local, scrapes every service, and every metric
 * the docs promise is really there once an order went through the system.
 */
describe('observability: Prometheus scrapes every service and finds every documented metric', () => {
  const apps: ServiceProcess[] = [];
  let client: OrderStatusClient | undefined;

  beforeAll(async () => {
    await infra('up'); // prometheus among them
    for (const name of APPS) {
      const env = name === 'analytics-service' ? { BATCH_JOBS_SCHEDULED: 'false' } : {};
      apps.push(ServiceProcess.start(name, env));
    }
    await Promise.all(apps.map((app) => app.waitUntilReady()));
    for (const queue of ['payment.commands', 'inventory.commands', 'order.saga-replies']) {
      await waitForQueueDrained(queue);
    }
    // One order through every pattern: the saga, a push to a following client, the stream.
    const order = await placeCheckout([{ sku: 'PEN-008', quantity: 1 }]);
    client = connectOrderStatus({
      url: `http://127.0.0.1:${SERVICES['realtime-gateway'].port}`,
      orderServiceUrl: `http://127.0.0.1:${SERVICES['order-service'].port}`,
      token: order.token,
      orderIds: [order.orderId],
      onStatus: () => undefined,
    });
    await orderReaching(order, 'CONFIRMED');
    await waitFor('analytics to apply the order', async () => {
      const rows = await queryServiceDb(
        'analytics-service',
        'SELECT 1 FROM analytics.order_facts WHERE order_id = $1 AND confirmed_at IS NOT NULL',
        [order.orderId],
      );
      return rows.length > 0 ? true : undefined;
    });
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const report = await runJobCommand('sales-report', '--date', yesterday);
    if (report.code !== 0) throw new Error(`sales report: ${report.stderr}`);
  }, 240_000);

  afterAll(async () => {
    client?.close();
    await Promise.all(apps.map((app) => app.stop()));
  }, 60_000);

  it('given the eight apps running, web included, then every one of them is up as a scrape target', async () => {
    const down = await waitFor(
      'every app up in Prometheus',
      async () => {
        const response = await fetch(`${PROMETHEUS}/api/v1/query?query=up`);
        const body = (await response.json()) as {
          data: { result: Array<{ metric: { job: string }; value: [number, string] }> };
        };
        const up = new Set(
          body.data.result.filter((r) => r.value[1] === '1').map((r) => r.metric.job),
        );
        return APPS.every((name) => up.has(name)) ? up : undefined;
      },
      { timeoutMs: 30_000 },
    );
    expect(APPS.filter((name) => !down.has(name))).toEqual([]);
  }, 60_000);

  it('given an order through the system, then Prometheus holds every metric of the docs table', async () => {
    const metrics = documentedMetrics();
    expect(metrics.length).toBeGreaterThan(40);

    const missing = await waitFor(
      'every documented metric in Prometheus',
      async () => {
        const absent: string[] = [];
        for (const metric of metrics) if ((await seriesOf(metric)) === 0) absent.push(metric);
        return absent.length === 0 ? absent : undefined;
      },
      { timeoutMs: 45_000, intervalMs: 2_000 },
    ).catch(async (error: Error) => {
      const absent: string[] = [];
      for (const metric of metrics) if ((await seriesOf(metric)) === 0) absent.push(metric);
      return Object.assign(absent, { error: error.message });
    });
    expect(missing).toEqual([]);
  }, 90_000);

  it('given the metrics Prometheus holds, then each has the type the docs table gives it, and only counters end in _total', async () => {
    const response = await fetch(`${PROMETHEUS}/api/v1/metadata`);
    const { data } = (await response.json()) as { data: Record<string, { type: string }[]> };
    const now = await metricNamesNow();
    const typeOf = (name: string) => (now.has(name) ? (data[name] ?? []) : []);

    const typedOtherwise = [...documentedTypes()]
      .filter(([name, type]) => typeOf(name).some((entry) => entry.type !== type))
      .map(([name, type]) => `${name}: documented ${type}`);
    // A value copied from elsewhere (a broker's figure) is a gauge and must not pose as a counter.
    const gaugesNamedAsCounters = [...now].filter(
      (name) => name.endsWith('_total') && typeOf(name).some((entry) => entry.type !== 'counter'),
    );
    expect(now.size).toBeGreaterThan(40);
    expect({ typedOtherwise, gaugesNamedAsCounters }).toEqual({
      typedOtherwise: [],
      gaugesNamedAsCounters: [],
    });
  });
});
