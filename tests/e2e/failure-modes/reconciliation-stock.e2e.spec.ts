import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { MessageEnvelope, ReconciliationStockMovement } from '@pattern-shop/contracts';
import { queryServiceDb, type ServiceProcess, waitFor } from '@pattern-shop/testing';
import { CommandPublisher, releaseStock, reserveStock } from '../support/inventory-commands.js';
import { putStock, startInventory, TestProducts } from '../support/inventory-stock.js';
import {
  BAD_QUERIES,
  cursorWithId,
  readAllPages,
  readReconciliation,
  windowQuery,
} from '../support/reconciliation-reads.js';

const PORT = 4103;

/** What stock_movements holds for a window (orders only): the endpoint must answer exactly this. */
const orderMovementIdsIn = async (from: Date, to: Date) =>
  (
    await queryServiceDb<{ id: string }>(
      'inventory-service',
      `SELECT id::text AS id FROM stock_movements
        WHERE order_id IS NOT NULL AND occurred_at >= $1 AND occurred_at < $2
        ORDER BY occurred_at, stock_movements.id`,
      [from, to],
    )
  ).map((row) => row.id);

// `ORDER BY id` would sort the text alias, putting movement 101 before 98.
const movementsOf = (orderId: string) =>
  queryServiceDb<{ id: string; occurred_at: Date }>(
    'inventory-service',
    'SELECT id::text AS id, occurred_at FROM stock_movements WHERE order_id = $1 ORDER BY stock_movements.id',
    [orderId],
  );

/** Issue 8: what the nightly reconciliation (analytics-service) reads from inventory-service. */
describe('inventory-service: GET /reconciliation/daily lists the stock movements of orders in a period', () => {
  const products = new TestProducts();
  let app: ServiceProcess;
  let commands: CommandPublisher;
  let mug: string;
  let tee: string;
  let cancelled: string;
  let confirmed: string;
  let from: Date;
  let to: Date;

  /** Sends a stock command and waits until its movements are in the ledger. */
  const sendAndWait = async (command: MessageEnvelope, orderId: string, count: number) => {
    await commands.send(command);
    await waitFor(`${count} movement(s) of order ${orderId}`, async () =>
      (await movementsOf(orderId)).length >= count ? true : undefined,
    );
  };

  beforeAll(async () => {
    app = startInventory(PORT);
    await app.waitUntilReady();
    commands = await CommandPublisher.open();
    [mug, tee] = [await products.add(10), await products.add(10)];
    [cancelled, confirmed] = [products.newOrderId(), products.newOrderId()];

    from = new Date();
    await sendAndWait(reserveStock(cancelled, [{ sku: mug, quantity: 3 }]), cancelled, 1);
    await sendAndWait(reserveStock(confirmed, [{ sku: tee, quantity: 2 }]), confirmed, 1);
    // A restock moves stock too, but belongs to no order: reconciliation leaves it out.
    const restock = await putStock(app.baseUrl, tee, { stock: 20 });
    if (restock.status !== 200) throw new Error(`restocking: ${restock.status}`);
    await sendAndWait(releaseStock(cancelled, 'payment declined'), cancelled, 2);
    to = new Date(Date.now() + 1); // half-open: the last movement's millisecond must be inside
  }, 120_000);

  afterAll(async () => {
    try {
      await commands?.repliesPublished();
      await commands?.close();
      await app?.stop();
      await commands?.takeWhatWasLeft();
    } finally {
      await products.remove();
    }
  }, 30_000);

  it('given reservations and a release in a window, when the window is read, then exactly the orders movements come back, in (occurredAt, id) order', async () => {
    const answer = await readReconciliation(app.baseUrl, windowQuery(from, to));

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      from: from.toISOString(),
      to: to.toISOString(),
      nextCursor: null,
    });
    const items = answer.body.items as ReconciliationStockMovement[];
    expect(items.map((item) => item.id)).toEqual(await orderMovementIdsIn(from, to));
    const [reserved, released] = await movementsOf(cancelled);
    const [confirmedReserve] = await movementsOf(confirmed);
    const at = (row: { occurred_at: Date } | undefined) => row?.occurred_at.toISOString();
    const ours = items.filter((item) => [cancelled, confirmed].includes(item.orderId));
    expect(ours).toEqual([
      {
        id: reserved?.id,
        orderId: cancelled,
        sku: mug,
        kind: 'RESERVE',
        quantity: -3,
        occurredAt: at(reserved),
      },
      {
        id: confirmedReserve?.id,
        orderId: confirmed,
        sku: tee,
        kind: 'RESERVE',
        quantity: -2,
        occurredAt: at(confirmedReserve),
      },
      {
        id: released?.id,
        orderId: cancelled,
        sku: mug,
        kind: 'RELEASE',
        quantity: 3,
        occurredAt: at(released),
      },
    ]);
  });

  it.each([1, 2])(
    'given the window, when it is read %i at a time, then every movement comes exactly once, in order, and the last page has no cursor',
    async (limit) => {
      const pages = await readAllPages<ReconciliationStockMovement>(
        app.baseUrl,
        windowQuery(from, to),
        limit,
      );

      const expected = await orderMovementIdsIn(from, to);
      expect(pages.flatMap((page) => page.items.map((item) => item.id))).toEqual(expected);
      expect(pages).toHaveLength(Math.ceil(expected.length / limit)); // no empty last page
      expect(pages.every((page) => page.items.length <= limit)).toBe(true);
      expect(pages.slice(0, -1).every((page) => page.nextCursor !== null)).toBe(true);
      expect(pages.at(-1)?.nextCursor).toBeNull();
    },
  );

  it('given a date, when it is read, then 200 with that UTC day as the period', async () => {
    const [reserved] = await movementsOf(cancelled);
    const day = reserved?.occurred_at.toISOString().slice(0, 10) ?? 'no movement';
    const answer = await readReconciliation(app.baseUrl, { date: day, limit: '1' });

    expect(answer.status).toBe(200);
    expect(answer.body.from).toBe(`${day}T00:00:00.000Z`);
    expect(Date.parse(answer.body.to) - Date.parse(answer.body.from)).toBe(24 * 60 * 60 * 1000);
    expect(answer.body.items).toHaveLength(1);
    expect(answer.body.items[0].occurredAt.slice(0, 10)).toBe(day);
  });

  it.each([
    ...BAD_QUERIES,
    ['a cursor that carries no movement id', cursorWithId('not-a-number'), /after/],
    ['a cursor whose id is beyond bigint', cursorWithId('9'.repeat(30)), /after/],
  ])('given %s, when it is read, then 400 problem+json', async (_, query, problem) => {
    const answer = await readReconciliation(app.baseUrl, query);

    expect(answer.status).toBe(400);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.body.errors.join('\n')).toMatch(problem);
  });

  it.each([
    ['no token', null],
    ['a wrong token', 'a-wrong-token-of-some-length'],
  ])('given %s, when it is read, then 401 problem+json', async (_, token) => {
    const answer = await readReconciliation(app.baseUrl, windowQuery(from, to), token);

    expect(answer.status).toBe(401);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
  });
});
