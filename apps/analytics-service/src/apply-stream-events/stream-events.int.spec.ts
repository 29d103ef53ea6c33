import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Consumer } from 'kafkajs';
import { KAFKA_TOPICS, kafkaDeadLetterTopic } from '@pattern-shop/contracts';
import { SOURCE_HEADERS } from '@pattern-shop/messaging-kafka';
import { ServiceProcess, waitFor } from '@pattern-shop/testing';
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
const { run, kafka, databaseUrl, producer } = harness;
type Funnel = { placed: number; confirmed: number; cancelled: number };

/** Pattern 4: the streams become projections, each event once, poison aside, old versions upcast. */
describe('analytics-service: projections from the event streams', () => {
  let service: ServiceProcess;
  let dlqReader: Consumer | undefined;
  const funnel = async () =>
    (await getJson<Funnel>(service.baseUrl, `/analytics/funnel?${dayRange(run)}`)).body;

  beforeAll(async () => {
    await harness.setUp();
    service = await harness.startService({ KAFKA_SESSION_TIMEOUT_MS: '10000' });
    await service.waitUntilReady();
  }, 90_000);

  afterAll(async () => {
    await dlqReader?.disconnect();
    await harness.tearDown([`${run.group}-dlq-reader`]);
  }, 60_000);

  it('given orders placed as v1 and v2, confirmed and cancelled, when streamed, then sales, funnel and top products count each once', async () => {
    const orders = Array.from({ length: 6 }, (_, n) => anOrder(run, n));
    const at = new Date(run.day.getTime() + 10 * 60_000);
    const events = orders.flatMap((order, n) =>
      lifeOf(order, at, {
        version: n % 2 === 0 ? 1 : 2,
        outcome: n < 4 ? 'confirmed' : 'cancelled',
      }),
    );
    await produce(producer, events);
    // The same facts again, as a relay republishing them would: nothing may double.
    await produce(producer, events.slice(0, 4));

    await waitFor('the funnel to show the run', async () => {
      const seen = await funnel();
      return seen.placed === 6 && seen.confirmed === 4 && seen.cancelled === 2 ? seen : undefined;
    });
    const sales = await getJson<{
      ordersPlaced: number;
      revenueCents: number;
      ordersPerMinute: unknown[];
    }>(service.baseUrl, `/analytics/sales?${dayRange(run)}`);
    const confirmedRevenue = orders.slice(0, 4).reduce((sum, order) => sum + order.totalCents, 0);
    expect(sales.body).toMatchObject({ ordersPlaced: 6, revenueCents: confirmedRevenue });
    expect(sales.body.ordersPerMinute).toEqual([{ minute: at.toISOString(), orders: 6 }]);

    const top = await getJson<{ items: Array<{ sku: string; quantity: number }> }>(
      service.baseUrl,
      `/analytics/top-products?${dayRange(run)}&by=quantity`,
    );
    const quantityOf = (sku: string) =>
      orders
        .slice(0, 4)
        .flatMap((o) => o.skus)
        .filter((l) => l.sku === sku)
        .reduce((s, l) => s + l.quantity, 0);
    expect(top.body.items).toEqual(
      [run.sku(1), run.sku(2), run.sku(3)]
        .map((sku) => ({ sku, quantity: quantityOf(sku), revenueCents: expect.any(Number) }))
        .sort((a, b) => b.quantity - a.quantity),
    );
    expect(await funnel()).toMatchObject({ placed: 6, confirmed: 4, cancelled: 2 });
  });

  it('given an OrderPlaced v1, when applied, then it was upcast to v2 (shipping country DE) and counted', async () => {
    const order = anOrder(run, 100);
    await produce(
      producer,
      lifeOf(order, new Date(run.day.getTime() + 3_600_000), { version: 1, outcome: 'pending' }),
    );
    const [row] = await waitFor('the v1 order to be applied', async () => {
      const rows = await query<{ shipping_country: string }>(
        databaseUrl,
        `SELECT shipping_country FROM "${run.schema}".order_facts WHERE order_id = $1 AND placed_at IS NOT NULL`,
        [order.orderId],
      );
      return rows.length === 1 ? rows : undefined;
    });
    expect(row?.shipping_country).toBe('DE');
  });

  it('given a poison record, when consumed, then it goes to the dead letters with its reason and source, and the next event on its partition is applied', async () => {
    const after = anOrder(run, 200);
    // Same key as the order after it: same partition, so a stall would hold the order back.
    await producer.send([
      {
        topic: KAFKA_TOPICS.orders,
        key: after.orderId,
        value: '{"not": "an envelope"',
        headers: { type: 'OrderPlaced' },
      },
    ]);
    await produce(
      producer,
      lifeOf(after, new Date(run.day.getTime() + 7_200_000), { outcome: 'pending' }),
    );
    await waitFor('the order behind the poison to be applied', async () => {
      const rows = await query(
        databaseUrl,
        `SELECT 1 FROM "${run.schema}".order_facts WHERE order_id = $1`,
        [after.orderId],
      );
      return rows.length === 1 ? true : undefined;
    });

    const letters: Array<Record<string, string>> = [];
    dlqReader = kafka.consumer({ groupId: `${run.group}-dlq-reader`, maxWaitTimeInMs: 250 });
    await dlqReader.connect();
    await dlqReader.subscribe({ topic: kafkaDeadLetterTopic(run.group), fromBeginning: true });
    await dlqReader.run({
      eachMessage: async ({ message }) => {
        letters.push(
          Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
        );
      },
    });
    const [letter] = await waitFor('the dead letter', async () =>
      letters.length > 0 ? letters : undefined,
    );
    expect(letter).toMatchObject({
      [SOURCE_HEADERS.topic]: KAFKA_TOPICS.orders,
      [SOURCE_HEADERS.partition]: expect.stringMatching(/^\d+$/),
      [SOURCE_HEADERS.offset]: expect.stringMatching(/^\d+$/),
      'x-error-reason': expect.stringContaining('not JSON'),
      'x-service': 'analytics-service',
    });
  });

  it('given the consumer running, when /metrics is scraped, then it shows lag per owned partition and applied events', async () => {
    const text = await waitFor('lag series for all 18 partitions', async () => {
      const body = await (await fetch(`${service.baseUrl}/metrics`)).text();
      const series = body.split('\n').filter((line) => line.startsWith('kafka_consumer_lag{'));
      return series.length === 18 ? body : undefined;
    });
    expect(text).toMatch(
      new RegExp(
        `kafka_consumer_lag\\{[^}]*group="${run.group}"[^}]*topic="orders.events"[^}]*partition="5"[^}]*\\} \\d+`,
      ),
    );
    expect(text).toMatch(/analytics_stream_events_total\{[^}]*outcome="applied"[^}]*\} [1-9]/);
    expect(text).toMatch(
      /analytics_stream_events_total\{[^}]*outcome="dead-lettered"[^}]*\} [1-9]/,
    );
  });

  it.each([
    ['/analytics/sales', 'from and to missing'],
    ['/analytics/sales?from=yesterday&to=2100-01-02', 'from not a date'],
    ['/analytics/sales?from=2100-01-02&to=2100-01-01', 'from after to'],
    ['/analytics/sales?from=2100-01-01&to=2100-03-01', 'more than 31 days'],
    ['/analytics/funnel?from=2100-01-01T00:00:00', 'no offset'],
    ['/analytics/top-products?by=price', 'unknown ranking'],
    ['/analytics/top-products?limit=0', 'limit out of range'],
  ])('given %s (%s), when queried, then 400 problem+json', async (path) => {
    const answer = await getJson<{ status: number; errors?: string[] }>(service.baseUrl, path);
    expect(answer.status).toBe(400);
    expect(answer.contentType).toContain('application/problem+json');
    expect(answer.body.errors?.length).toBeGreaterThan(0);
  });
});
