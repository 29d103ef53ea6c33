import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { decodeCursor } from '@pattern-shop/contracts';
import { localEnvironment, queryServiceDb } from '@pattern-shop/testing';
import { orderMovementsInPeriod } from './order-movements-in-period.js';

// Ids far above the identity's next values, one digit apart, so their text order is the reverse
// of their number order; a moment in 2001, so no other movement falls in the window.
const IDS = ['999999999998', '1000000000000'] as const;
const AT = new Date('2001-02-03T04:05:06.007Z');
const period = { from: AT, to: new Date(AT.getTime() + 1) };
const sku = `T-PAGE-${randomUUID().slice(0, 8)}`;

const db = <Row>(sql: string, params: unknown[] = []) =>
  queryServiceDb<Row>('inventory-service', sql, params);

/** The reconciliation's keyset paging on the real database: pages in the order it compares by. */
describe('orderMovementsInPeriod', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = new DataSource({
      type: 'postgres',
      url: localEnvironment('inventory-service')['DATABASE_URL'] ?? '',
    });
    await dataSource.initialize();
    await db(
      `INSERT INTO products (sku, name, price_cents, currency, stock, created_at, updated_at)
       VALUES ($1, 'paging test', 100, 'EUR', 0, now(), now())`,
      [sku],
    );
    for (const id of IDS) {
      await db(
        `INSERT INTO stock_movements (id, order_id, sku, quantity, kind, occurred_at)
         OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, -1, 'RESERVE', $4)`,
        [id, randomUUID(), sku, AT],
      );
    }
  });

  afterAll(async () => {
    await db('DELETE FROM stock_movements WHERE sku = $1', [sku]);
    await db('DELETE FROM products WHERE sku = $1', [sku]);
    await dataSource?.destroy();
  });

  it('given two movements in one instant whose ids differ in length, when read a page of one at a time, then each comes once, the smaller id first', async () => {
    const first = await orderMovementsInPeriod(dataSource.manager, {
      period,
      limit: 1,
      after: undefined,
    });
    const after = decodeCursor(first.nextCursor ?? '');
    const second = await orderMovementsInPeriod(dataSource.manager, { period, limit: 1, after });

    expect([...first.items, ...second.items].map((item) => item.id)).toEqual([...IDS]);
    expect(second.nextCursor).toBeNull();
  });
});
