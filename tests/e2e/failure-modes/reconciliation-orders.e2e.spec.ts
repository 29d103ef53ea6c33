import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ReconciliationOrder } from '@pattern-shop/contracts';
import { queryServiceDb, ServiceProcess } from '@pattern-shop/testing';
import { newCustomerId, placeOrder } from '../support/order-api.js';
import {
  BAD_QUERIES,
  cursorWithId,
  readAllPages,
  readReconciliation,
  windowQuery,
} from '../support/reconciliation-reads.js';

const PORTS = { order: 4101, inventory: 4103 } as const;

/** What the orders table holds for a window: the endpoint must answer exactly this. */
const orderIdsCreatedIn = async (from: Date, to: Date) =>
  (
    await queryServiceDb<{ id: string }>(
      'order-service',
      `SELECT id FROM orders WHERE created_at >= $1 AND created_at < $2 ORDER BY created_at, id`,
      [from, to],
    )
  ).map((row) => row.id);

/** Status and updatedAt move on while the saga runs, so they are compared with a snapshot. */
const statusesOf = async (orderIds: readonly string[]) =>
  new Map(
    (
      await queryServiceDb<{ id: string; status: string; updated_at: Date }>(
        'order-service',
        'SELECT id, status, updated_at FROM orders WHERE id = ANY($1::uuid[])',
        [orderIds],
      )
    ).map((row) => [row.id, { status: row.status, updatedAt: row.updated_at.toISOString() }]),
  );

/** Issue 8: what the nightly reconciliation (analytics-service) reads from order-service. */
describe('order-service: GET /reconciliation/daily lists the orders created in a period', () => {
  const apps: ServiceProcess[] = [];
  let baseUrl: string;
  // Lines deliberately not in SKU order: the answer must keep the order's own line order.
  const requests = [
    [
      { sku: 'TEE-002', quantity: 1 },
      { sku: 'MUG-001', quantity: 2 },
    ],
    [{ sku: 'STICK-006', quantity: 3 }],
    [
      { sku: 'PEN-008', quantity: 1 },
      { sku: 'CAP-004', quantity: 1 },
      { sku: 'BAG-009', quantity: 2 },
    ],
  ];
  const placed: { orderId: string; customerId: string; totalCents: number }[] = [];
  let from: Date;
  let to: Date;

  beforeAll(async () => {
    const inventory = ServiceProcess.start('inventory-service', { PORT: String(PORTS.inventory) });
    apps.push(inventory);
    const orders = ServiceProcess.start('order-service', {
      PORT: String(PORTS.order),
      INVENTORY_URL: inventory.baseUrl,
    });
    apps.push(orders);
    await Promise.all(apps.map((app) => app.waitUntilReady()));
    baseUrl = orders.baseUrl;

    from = new Date();
    for (const items of requests) {
      const customerId = newCustomerId();
      const answer = await placeOrder({ customerId, items }, { baseUrl });
      if (answer.status !== 202) throw new Error(`placing an order: ${answer.status}`);
      const { orderId, total } = answer.body;
      placed.push({ orderId, customerId, totalCents: total.amountCents });
    }
    to = new Date(Date.now() + 1); // half-open: the last order's millisecond must be inside
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
  }, 60_000);

  it('given orders placed in a window, when the window is read, then exactly those orders come back with their lines, in (createdAt, orderId) order', async () => {
    const ids = placed.map((order) => order.orderId);
    const before = await statusesOf(ids);
    const answer = await readReconciliation(baseUrl, windowQuery(from, to));
    const after = await statusesOf(ids);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      from: from.toISOString(),
      to: to.toISOString(),
      nextCursor: null,
    });
    const items = answer.body.items as ReconciliationOrder[];
    expect(items.map((item) => item.orderId)).toEqual(await orderIdsCreatedIn(from, to));
    expect(items.map((item) => item.orderId)).toEqual(expect.arrayContaining(ids));
    placed.forEach((order, index) => {
      const item = items.find((candidate) => candidate.orderId === order.orderId);
      expect(item).toEqual({
        orderId: order.orderId,
        customerId: order.customerId,
        status: expect.stringMatching(/^(PENDING|CONFIRMED|CANCELLED)$/),
        totalCents: order.totalCents,
        currency: 'EUR',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        lines: requests[index],
      });
      const seen = { status: item?.status, updatedAt: item?.updatedAt };
      expect([before.get(order.orderId), after.get(order.orderId)]).toContainEqual(seen);
      expect(Date.parse(item?.createdAt ?? '')).toBeGreaterThanOrEqual(from.getTime());
      expect(Date.parse(item?.createdAt ?? '')).toBeLessThan(to.getTime());
    });
  });

  it.each([1, 2])(
    'given the window, when it is read %i at a time, then every order comes exactly once, in order, and the last page has no cursor',
    async (limit) => {
      const pages = await readAllPages<ReconciliationOrder>(baseUrl, windowQuery(from, to), limit);

      const expected = await orderIdsCreatedIn(from, to);
      expect(pages.flatMap((page) => page.items.map((item) => item.orderId))).toEqual(expected);
      expect(pages).toHaveLength(Math.ceil(expected.length / limit)); // no empty last page
      expect(pages.every((page) => page.items.length <= limit)).toBe(true);
      expect(pages.slice(0, -1).every((page) => page.nextCursor !== null)).toBe(true);
      expect(pages.at(-1)?.nextCursor).toBeNull();
    },
  );

  it('given a date, when it is read, then 200 with that UTC day as the period', async () => {
    const [first] = await queryServiceDb<{ created_at: Date }>(
      'order-service',
      'SELECT created_at FROM orders WHERE id = $1',
      [placed[0]?.orderId],
    );
    const day = first?.created_at.toISOString().slice(0, 10) ?? 'no order placed';
    const answer = await readReconciliation(baseUrl, { date: day, limit: '1' });

    expect(answer.status).toBe(200);
    expect(answer.body.from).toBe(`${day}T00:00:00.000Z`);
    expect(Date.parse(answer.body.to) - Date.parse(answer.body.from)).toBe(24 * 60 * 60 * 1000);
    expect(answer.body.items).toHaveLength(1);
    expect(answer.body.items[0].createdAt.slice(0, 10)).toBe(day);

    const leapDay = await readReconciliation(baseUrl, { date: '2024-02-29' });
    expect(leapDay.status).toBe(200);
    expect(leapDay.body).toEqual({
      from: '2024-02-29T00:00:00.000Z',
      to: '2024-03-01T00:00:00.000Z',
      items: [],
      nextCursor: null,
    });
  });

  it.each([...BAD_QUERIES, ['a cursor that carries no order id', cursorWithId('42'), /after/]])(
    'given %s, when it is read, then 400 problem+json',
    async (_, query, problem) => {
      const answer = await readReconciliation(baseUrl, query);

      expect(answer.status).toBe(400);
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
      expect(answer.body.errors.join('\n')).toMatch(problem);
    },
  );

  it.each([
    ['no token', null],
    ['a wrong token', 'a-wrong-token-of-some-length'],
  ])('given %s, when it is read, then 401 problem+json', async (_, token) => {
    const answer = await readReconciliation(baseUrl, windowQuery(from, to), token);

    expect(answer.status).toBe(401);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
  });
});
