import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { EXCHANGES, KAFKA_TOPICS, ROUTING_KEYS } from '@pattern-shop/contracts';
import {
  infra,
  queryServiceDb,
  type RabbitTap,
  ServiceProcess,
  tapExchange,
  tapTopic,
  waitFor,
} from '@pattern-shop/testing';
import { z } from 'zod';
import {
  customerToken,
  getJson,
  newCustomerId,
  placeOrder,
  sampleOrder,
} from '../support/order-api.js';

const ordersOf = async (customerId: string) =>
  (
    await queryServiceDb<{ n: number }>(
      'order-service',
      'SELECT count(*)::int AS n FROM orders WHERE customer_id = $1',
      [customerId],
    )
  )[0]?.n;

describe('pattern 1, request-response: placing an order over REST', () => {
  const apps: ServiceProcess[] = [];
  let rabbit: RabbitTap;
  let kafka: Awaited<ReturnType<typeof tapTopic>>;

  beforeAll(async () => {
    await infra('up');
    apps.push(ServiceProcess.start('inventory-service'), ServiceProcess.start('order-service'));
    await Promise.all(apps.map((app) => app.waitUntilReady()));
    rabbit = await tapExchange(EXCHANGES.events, [ROUTING_KEYS.orderPlaced]);
    kafka = await tapTopic(KAFKA_TOPICS.orders);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([rabbit?.close(), kafka?.close(), ...apps.map((app) => app.stop())]);
  }, 60_000);

  it('given a valid order, then 202 with the order id, and OrderPlaced reaches both brokers from the outbox', async () => {
    const customerId = newCustomerId();
    const correlationId = `place-order-${randomUUID()}`;
    const answer = await placeOrder(sampleOrder(customerId), { correlationId });

    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({
      status: 'PENDING',
      statusVersion: 1,
      total: { amountCents: 2 * 1299 + 2500, currency: 'EUR' },
      availabilityChecked: true,
      links: { self: `/orders/${answer.body.orderId}` },
    });
    expect(answer.headers.get('location')).toBe(`/orders/${answer.body.orderId}`);

    const published = await waitFor('OrderPlaced on RabbitMQ', async () =>
      rabbit.messages.find(
        (m) => (m.body as { aggregateId: string }).aggregateId === answer.body.orderId,
      ),
    );
    expect(published.headers).toMatchObject({
      type: 'OrderPlaced',
      version: '1', // headers are text on both brokers
      'correlation-id': correlationId,
    });
    expect(published.body).toMatchObject({
      type: 'OrderPlaced',
      correlationId,
      data: { customerId, totalCents: 5098 },
    });
    const streamed = await waitFor('OrderPlaced on Kafka', async () =>
      (await kafka.read()).find((r) => r.key === answer.body.orderId),
    );
    expect(streamed.headers).toMatchObject({
      type: 'OrderPlaced',
      'correlation-id': correlationId,
    });
  });

  it('given the access token from the answer, then GET /orders/:id shows the order with its history', async () => {
    const customerId = newCustomerId();
    const placed = await placeOrder(sampleOrder(customerId));
    const order = await getJson(`/orders/${placed.body.orderId}`, placed.body.accessToken);
    expect(order.status).toBe(200);
    expect(order.body).toMatchObject({
      orderId: placed.body.orderId,
      customerId,
      status: 'PENDING',
      statusVersion: 1,
      lines: [
        { sku: 'MUG-001', quantity: 2, unitPriceCents: 1299 },
        { sku: 'TEE-002', quantity: 1, unitPriceCents: 2500 },
      ],
      history: [{ status: 'PENDING', statusVersion: 1 }],
    });
  });

  it('given one Idempotency-Key sent ten times at once, then exactly one order exists and all answers match', async () => {
    const customerId = newCustomerId();
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        placeOrder(sampleOrder(customerId), { idempotencyKey: key }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
    expect(new Set(answers.map((a) => a.body.orderId)).size).toBe(1);
    expect(await ordersOf(customerId)).toBe(1);
    const again = await placeOrder(sampleOrder(customerId), { idempotencyKey: key });
    expect(again.body).toEqual(answers[0]?.body);
  });

  it('given a used Idempotency-Key with another body, then 422 says so and nothing is written', async () => {
    const customerId = newCustomerId();
    const key = randomUUID();
    await placeOrder(sampleOrder(customerId), { idempotencyKey: key });
    const reused = await placeOrder(
      { customerId, items: [{ sku: 'CAP-004', quantity: 1 }] },
      { idempotencyKey: key },
    );
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reused.body.detail).toMatch(/already used for another request/);
    expect(await ordersOf(customerId)).toBe(1);
  });

  it('given a SKU the catalogue does not know, then 422 names it and nothing is written', async () => {
    const customerId = newCustomerId();
    const answer = await placeOrder({ customerId, items: [{ sku: 'NOPE-404', quantity: 1 }] });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      status: 422,
      type: 'https://pattern-shop.dev/problems/unknown-sku',
      detail: 'unknown sku: NOPE-404',
    });
    expect(await ordersOf(customerId)).toBe(0);
  });
  const item = { sku: 'MUG-001', quantity: 1 };
  it.each([
    [
      'a customerId in the body',
      { customerId: 'someone-else', items: [item] },
      /the customer is taken from your token; remove customerId from the body/,
    ],
    ['no items', { items: [] }, /items: Too small/],
    ['a quantity of 0', { items: [{ sku: 'MUG-001', quantity: 0 }] }, /items\[0\]\.quantity/],
    [
      'an absurd quantity',
      { items: [{ sku: 'MUG-001', quantity: 1_000_000 }] },
      /items\[0\]\.quantity: Too big/,
    ],
    ['a quantity as text', { items: [{ sku: 'MUG-001', quantity: '2' }] }, /expected number/],
    ['an unknown field', { items: [item], coupon: 'FREE' }, /Unrecognized key: "coupon"/],
    [
      'too many lines',
      { items: Array.from({ length: 51 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1 })) },
      /items: Too big/,
    ],
    ['the same sku twice', { items: [item, item] }, /each sku may appear only once/],
    ['a malformed sku', { items: [{ sku: 'mug 1', quantity: 1 }] }, /upper-case SKU/],
    ['malformed JSON', '{"items": [', /JSON/i],
  ])(
    'given %s, then 400 problem+json lists what is wrong and nothing is written',
    async (_case, body, problem) => {
      const customerId = newCustomerId();
      // A genuine customer token: the body is what is wrong.
      const answer = await placeOrder(body, { token: customerToken(customerId) });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(answer.body.detail).toMatch(problem);
      expect(await ordersOf(customerId)).toBe(0);
    },
  );

  it('given a malformed Idempotency-Key, then 400 and nothing is written', async () => {
    const customerId = newCustomerId();
    const answer = await placeOrder(sampleOrder(customerId), {
      idempotencyKey: 'has spaces in it',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toMatch(/Idempotency-Key header/);
    expect(await ordersOf(customerId)).toBe(0);
  });

  it('given unknown, malformed or unauthorised order ids, then 404, 400 and 401 problems', async () => {
    const customerId = newCustomerId();
    const mine = await placeOrder(sampleOrder(customerId));
    const othersToken = (await placeOrder(sampleOrder(newCustomerId()))).body.accessToken;
    expect((await getJson(`/orders/${randomUUID()}`, mine.body.accessToken)).status).toBe(404);
    expect((await getJson('/orders/not-a-uuid', mine.body.accessToken)).status).toBe(400);
    expect((await getJson(`/orders/${mine.body.orderId}`)).status).toBe(401);
    expect((await getJson(`/orders/${mine.body.orderId}`, 'forged.token.value')).status).toBe(401);
    // Someone else's order looks exactly like a missing one.
    expect((await getJson(`/orders/${mine.body.orderId}`, othersToken)).status).toBe(404);
    expect((await getJson(`/orders/${mine.body.orderId}`, customerToken(customerId))).status).toBe(
      200,
    );
  });

  it('given a customer token, then GET /orders pages through that customer only; another customer is refused', async () => {
    const customerId = newCustomerId();
    const placed = [];
    for (let i = 0; i < 3; i++)
      placed.push((await placeOrder(sampleOrder(customerId))).body.orderId);
    const token = customerToken(customerId);
    const first = await getJson(`/orders?customerId=${customerId}&limit=2`, token);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const second = await getJson(first.body.links.next, token);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const seen = [...first.body.items, ...second.body.items].map(
      (o: { orderId: string }) => o.orderId,
    );
    expect(seen.sort()).toEqual([...placed].sort());
    expect(
      (await getJson(`/orders?customerId=${customerId}`, customerToken(newCustomerId()))).status,
    ).toBe(403);
    expect((await getJson(`/orders?customerId=${customerId}&limit=0`, token)).status).toBe(400);
  });
  it('given the OpenAPI document at /docs-json, then real answers match the schemas it documents', async () => {
    const served = await getJson('/docs-json');
    expect(served.status).toBe(200);
    expect((await fetch('http://127.0.0.1:3001/docs')).status).toBe(200);
    // A client knows the API only from this document, so its JSON Schemas are the ones checked.
    const documented = (path: string, method: string, status: string, type = 'application/json') =>
      z.fromJSONSchema(served.body.paths[path][method].responses[status].content[type].schema);
    const orderAccepted = documented('/orders', 'post', '202');
    const orderView = documented('/orders/{id}', 'get', '200');
    const orderPage = documented('/orders', 'get', '200');
    const problem = documented('/orders', 'post', '400', 'application/problem+json');

    const customerId = newCustomerId();
    const placed = await placeOrder(sampleOrder(customerId));
    const view = await getJson(`/orders/${placed.body.orderId}`, placed.body.accessToken);
    const page = await getJson(`/orders?customerId=${customerId}`, customerToken(customerId));
    const refusal = await placeOrder({}, { token: customerToken(customerId) });
    // parse() throws, naming the field, when an answer strays from its documented schema.
    orderAccepted.parse(placed.body);
    orderView.parse(view.body);
    orderPage.parse(page.body);
    problem.parse(refusal.body);
    expect(Object.keys(served.body.paths).sort()).toEqual([
      '/customers',
      '/health/live',
      '/health/ready',
      '/metrics',
      '/orders',
      '/orders/{id}',
      '/reconciliation/daily',
      '/sagas',
      '/sagas/{orderId}',
      '/sagas/{orderId}/repair',
      '/sagas/{orderId}/retry',
      '/sessions',
      '/sessions/guest',
    ]);
    expect(
      served.body.paths['/orders'].post.responses['202'].content['application/json'].schema,
    ).toMatchObject({ required: expect.arrayContaining(['orderId', 'accessToken']) });
    expect(served.body.paths['/orders'].post.security).toEqual([{ customerToken: [] }]);
  });
});
