import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { queryServiceDb, type ServiceProcess } from '@pattern-shop/testing';
import {
  adminHeaders,
  INVENTORY_PORTS,
  putStock,
  startInventory,
  TestProducts,
} from '../support/inventory-stock.js';

const restocksOf = (sku: string) =>
  queryServiceDb<{ quantity: number; orderId: string | null }>(
    'inventory-service',
    `SELECT quantity, order_id AS "orderId" FROM stock_movements
      WHERE sku = $1 AND kind = 'RESTOCK' ORDER BY id`,
    [sku],
  );

/** PUT /products/:sku/stock: the staff's way to set stock; every change lands in the ledger. */
describe('inventory-service: setting stock as staff', () => {
  const products = new TestProducts();
  let app: ServiceProcess;

  beforeAll(async () => {
    app = startInventory(INVENTORY_PORTS.first);
    await app.waitUntilReady();
  }, 90_000);

  afterAll(async () => {
    await app?.stop();
    await products.remove();
  }, 30_000);

  it('given no operator token, when stock is set, then 401 and the stock is unchanged', async () => {
    const sku = await products.add(7);
    for (const headers of [adminHeaders(null), adminHeaders('a-wrong-token-of-some-length')]) {
      const answer = await putStock(app.baseUrl, sku, { stock: 99 }, headers);
      expect(answer.status).toBe(401);
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
    }
    expect(await products.stockOf(sku)).toBe(7);
    expect(await restocksOf(sku)).toEqual([]);
  });

  it.each([
    ['a negative stock', { stock: -1 }],
    ['a fraction', { stock: 1.5 }],
    ['a string', { stock: '5' }],
    ['an extra field', { stock: 5, delta: 2 }],
    ['no stock', {}],
  ])('given %s, when stock is set, then 400 problem+json and nothing changes', async (_, body) => {
    const sku = await products.add(7);
    const answer = await putStock(app.baseUrl, sku, body);
    expect(answer.status).toBe(400);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(await products.stockOf(sku)).toBe(7);
  });

  it('given an unknown SKU, when stock is set, then 404 problem+json', async () => {
    const answer = await putStock(app.baseUrl, 'NOPE-404', { stock: 5 });
    expect(answer.status).toBe(404);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.body.detail ?? answer.body.message).toContain('NOPE-404');
  });

  it('given a known SKU, when stock is set up and then down, then each difference is a RESTOCK movement', async () => {
    const sku = await products.add(7);
    const up = await putStock(app.baseUrl, sku, { stock: 20 });
    expect(up).toMatchObject({ status: 200, body: { sku, stock: 20, previousStock: 7 } });
    const down = await putStock(app.baseUrl, sku, { stock: 5 });
    expect(down.body).toEqual({ sku, stock: 5, previousStock: 20 });
    const same = await putStock(app.baseUrl, sku, { stock: 5 });
    expect(same.body).toEqual({ sku, stock: 5, previousStock: 5 });

    expect(await products.stockOf(sku)).toBe(5);
    // Setting the same count again moves nothing, so it writes no movement.
    expect(await restocksOf(sku)).toEqual([
      { quantity: 13, orderId: null },
      { quantity: -15, orderId: null },
    ]);
  });
});
