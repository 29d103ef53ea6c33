import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  infra,
  LOCAL_INFRA,
  localEnvironment,
  queryServiceDb,
  ServiceProcess,
  waitFor,
} from '@pattern-shop/testing';
import { analyticsGet, runJobCommand } from '../support/batch-jobs.js';
import { orderReaching, placeCheckout, startCheckoutStack } from '../support/checkout-stack.js';
import { TestProducts } from '../support/inventory-stock.js';

const DAY_MS = 86_400_000;
const dayOf = (at: Date) => at.toISOString().slice(0, 10);
const dayAfter = (day: string) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS));

/**
 * Waits until analytics-service's projection has applied every order's OrderConfirmed, and
 * answers the UTC day they count on (the day the report for them covers).
 */
const streamHasConfirmed = async (orderIds: readonly string[]): Promise<string> => {
  const days = await waitFor(
    `analytics to apply ${orderIds.length} OrderConfirmed facts`,
    async () => {
      const rows = await queryServiceDb<{ confirmed_at: Date }>(
        'analytics-service',
        `SELECT confirmed_at FROM analytics.order_facts
       WHERE order_id = ANY($1::uuid[]) AND confirmed_at IS NOT NULL`,
        [orderIds],
      );
      return rows.length === orderIds.length
        ? new Set(rows.map((row) => dayOf(row.confirmed_at)))
        : undefined;
    },
  );
  if (days.size !== 1)
    throw new Error(`the orders were confirmed either side of midnight: ${[...days]}`);
  return [...days][0] ?? '';
};

/**
 * Pattern 7's second job: the daily sales report, written from the stream's projections and
 * served as JSON, CSV and Markdown; and the schedule that runs the jobs without anyone asking.
 */
describe('pattern 7: the daily sales report and the schedule', () => {
  let apps: Record<string, ServiceProcess>;
  const products = new TestProducts();
  let sku: string;
  let today: string; // the UTC day the test's orders were confirmed on

  beforeAll(async () => {
    await infra('up');
    apps = await startCheckoutStack();
    apps['analytics'] = ServiceProcess.start('analytics-service', {
      BATCH_JOBS_SCHEDULED: 'false',
    });
    await apps['analytics'].waitUntilReady();
    sku = await products.add(50);
    const orders = [
      await placeCheckout([{ sku, quantity: 2 }]),
      await placeCheckout([{ sku, quantity: 3 }]),
    ];
    await Promise.all(orders.map((order) => orderReaching(order, 'CONFIRMED')));
    today = await streamHasConfirmed(orders.map((order) => order.orderId));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(Object.values(apps ?? {}).map((app) => app.stop()));
    await products.remove();
  }, 60_000);

  it('given confirmed orders today, when the report runs for today, then its figures are the projections and this test product is in it with exact sums', async () => {
    const { code, runs } = await runJobCommand('sales-report', '--date', today);

    expect(code).toBe(0);
    expect(runs[0]).toMatchObject({
      job: 'sales-report',
      status: 'succeeded',
      periodFrom: `${today}T00:00:00.000Z`,
    });
    const report = await analyticsGet(`/reports/daily/${today}`);
    expect(report.status).toBe(200);
    expect(report.contentType).toMatch(/^application\/json/);
    const body = report.json();
    const funnel = (
      await analyticsGet(
        `/analytics/funnel?from=${today}T00:00:00Z&to=${dayAfter(today)}T00:00:00Z`,
      )
    ).json();
    expect(body.orders).toEqual({
      placed: funnel.placed,
      confirmed: funnel.confirmed,
      cancelled: funnel.cancelled,
    });
    expect(runs[0]?.['rowsChecked']).toBe(funnel.placed);
    expect(body.products).toContainEqual({ sku, quantity: 5, revenueCents: 500 });
    // One definition of revenue (pattern 4): the confirmed totals, refunds beside, never subtracted.
    const sales = (
      await analyticsGet(`/analytics/sales?from=${today}T00:00:00Z&to=${dayAfter(today)}T00:00:00Z`)
    ).json();
    expect(body.revenueCents).toBe(sales.revenueCents);
    expect(body).not.toHaveProperty('netRevenueCents');
  }, 60_000);

  it('given the report, when it is asked for as CSV and as Markdown, then the same figures in each', async () => {
    const csv = await analyticsGet(`/reports/daily/${today}?format=csv`);
    const markdown = await analyticsGet(`/reports/daily/${today}`, undefined, 'text/markdown');

    expect(csv.status).toBe(200);
    expect(csv.contentType).toMatch(/^text\/csv/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('date,sku,quantity,revenue_cents');
    expect(lines).toContain(`${today},${sku},5,500`);
    expect(markdown.status).toBe(200);
    expect(markdown.contentType).toMatch(/^text\/markdown/);
    expect(markdown.text).toContain(`# Daily sales, ${today}`);
  });

  it('given a report for the day, when the job runs again, then the day has one report, the newer one', async () => {
    const before = (await analyticsGet(`/reports/daily/${today}`)).json().generatedAt;

    const { code } = await runJobCommand('sales-report', '--date', today);

    expect(code).toBe(0);
    const rows = await queryServiceDb<{ generated_at: Date }>(
      'analytics-service',
      'SELECT generated_at FROM daily_sales_reports WHERE day = $1',
      [today],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.generated_at.getTime()).toBeGreaterThan(Date.parse(before));
  }, 60_000);

  it.each([
    ['no operator token', '/reports/daily/2026-03-01', null, 401],
    [
      'revenue figures, bad input and no token: the guard runs first',
      '/analytics/sales',
      null,
      401,
    ],
    ['revenue figures with the service token', '/analytics/funnel', LOCAL_INFRA.serviceToken, 403],
    ['a date not in the calendar', '/reports/daily/2026-02-30', undefined, 400],
    ['an unknown format', '/reports/daily/2026-03-01?format=xml', undefined, 400],
    ['a day without a report', '/reports/daily/2001-01-01', undefined, 404],
    ['runs without the operator token', '/jobs/runs', null, 401],
    [
      'findings for a period over 7 days',
      '/reconciliation/findings?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z',
      undefined,
      400,
    ],
  ] as const)('given %s, then %i problem+json', async (_, path, token, status) => {
    const answer = await analyticsGet(path, token);

    expect(answer.status).toBe(status);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
  });

  it.each([
    ['an unknown job', ['reindex'], /unknown job reindex/],
    [
      'a date not in the calendar',
      ['reconciliation', '--date', '2026-02-30'],
      /--date needs a calendar date/,
    ],
    [
      'a window over 7 days',
      ['reconciliation', '--from', '2026-01-01T00:00:00Z', '--to', '2026-01-09T00:00:00Z'],
      /at most 7 days/,
    ],
  ])(
    'given %s on the command line, then exit 64 with the usage, and no run recorded',
    async (_, args, message) => {
      const runsBefore = await queryServiceDb<{ n: number }>(
        'analytics-service',
        'SELECT count(*)::int AS n FROM job_runs',
      );

      const { code, stderr } = await runJobCommand(...args);

      expect(code).toBe(64);
      expect(stderr).toMatch(message);
      expect(stderr).toContain('usage: npm run analytics:job');
      expect(
        await queryServiceDb('analytics-service', 'SELECT count(*)::int AS n FROM job_runs'),
      ).toEqual(runsBefore);
    },
  );

  it('given the job running elsewhere (its lock held), when it is started, then exit 75, and no run recorded', async () => {
    const holder = new pg.Client({
      connectionString: localEnvironment('analytics-service')['DATABASE_URL'],
    });
    await holder.connect();
    try {
      await holder.query(
        `SELECT pg_advisory_lock(hashtext('pattern-shop batch job sales-report'))`,
      );
      const count = () =>
        queryServiceDb('analytics-service', 'SELECT count(*)::int AS n FROM job_runs');
      const before = await count();

      const { code, stderr } = await runJobCommand('sales-report', '--date', today);

      expect(code).toBe(75);
      expect(stderr).toMatch(/sales-report is already running elsewhere/);
      expect(await count()).toEqual(before);
    } finally {
      await holder.end();
    }
  }, 60_000);

  it('given the schedule on, when its time comes, then the service runs the job for the day before by itself', async () => {
    await apps['analytics']?.stop();
    const since = new Date();
    apps['analytics'] = ServiceProcess.start('analytics-service', {
      BATCH_JOBS_SCHEDULED: 'true',
      SALES_REPORT_SCHEDULE: '*/2 * * * * *', // every two seconds, for the test
      RECONCILIATION_SCHEDULE: '0 2 1 1 *',
    });
    await apps['analytics'].waitUntilReady();

    const run = await waitFor('a scheduled sales report run', async () => {
      const [row] = await queryServiceDb<{ period_from: Date; started_at: Date; status: string }>(
        'analytics-service',
        `SELECT period_from, started_at, status FROM job_runs
         WHERE job = 'sales-report' AND trigger = 'schedule' AND started_at > $1 AND status <> 'running'`,
        [since],
      );
      return row;
    });

    expect(run.status).toBe('succeeded');
    const startDay = Date.parse(`${dayOf(run.started_at)}T00:00:00Z`);
    expect(run.period_from.toISOString()).toBe(new Date(startDay - DAY_MS).toISOString());
  }, 60_000);
});
