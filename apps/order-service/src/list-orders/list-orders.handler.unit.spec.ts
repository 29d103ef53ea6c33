import { describe, expect, it } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { ListOrdersHandler } from './list-orders.handler.js';

const row = (id: string, createdAt: string) => ({
  id,
  customer_id: 'alice',
  status: 'PENDING',
  status_version: 1,
  total_cents: '1299',
  currency: 'EUR',
  availability_checked: true,
  created_at: new Date(createdAt),
  updated_at: new Date(createdAt),
});

/** A database that answers every query with `rows` and remembers that it was asked. */
const databaseWith = (rows: unknown[]) => {
  const asked: unknown[][] = [];
  const dataSource = {
    manager: {
      query: async (_sql: string, params: unknown[]) => {
        asked.push(params);
        return rows;
      },
    },
  } as unknown as DataSource;
  return { dataSource, asked };
};

const ORDER_A = '0b6c5a0e-0000-4000-8000-00000000000a';
const ORDER_B = '0b6c5a0e-0000-4000-8000-00000000000b';

describe('listing a customer orders', () => {
  it('given a token of another customer, then it is forbidden and nothing is read', async () => {
    const { dataSource, asked } = databaseWith([]);
    const outcome = await new ListOrdersHandler(dataSource).listOrders(
      { customerId: 'alice', limit: 20 },
      { scope: 'customer', customerId: 'mallory' },
    );
    expect(outcome).toEqual({ kind: 'forbidden' });
    expect(asked).toHaveLength(0);
  });

  it('given an order token (one order only), then listing is forbidden', async () => {
    const { dataSource } = databaseWith([]);
    const outcome = await new ListOrdersHandler(dataSource).listOrders(
      { customerId: 'alice', limit: 20 },
      { scope: 'order', customerId: 'alice', orderId: ORDER_A },
    );
    expect(outcome).toEqual({ kind: 'forbidden' });
  });

  it('given a full page, then the next cursor is the keyset of its last order', async () => {
    const { dataSource } = databaseWith([
      row(ORDER_B, '2026-12-03T10:00:00.000Z'),
      row(ORDER_A, '2026-12-03T09:00:00.000Z'),
    ]);
    const outcome = await new ListOrdersHandler(dataSource).listOrders(
      { customerId: 'alice', limit: 2 },
      { scope: 'customer', customerId: 'alice' },
    );
    if (outcome.kind !== 'page') throw new Error(`expected a page, got ${outcome.kind}`);
    expect(outcome.items.map((item) => item.orderId)).toEqual([ORDER_B, ORDER_A]);
    expect(JSON.parse(Buffer.from(outcome.nextCursor ?? '', 'base64url').toString())).toEqual({
      createdAt: '2026-12-03T09:00:00.000Z',
      id: ORDER_A,
    });
  });

  it('given a page shorter than the limit, then there is no next cursor', async () => {
    const { dataSource } = databaseWith([row(ORDER_A, '2026-12-03T09:00:00.000Z')]);
    const outcome = await new ListOrdersHandler(dataSource).listOrders(
      { customerId: 'alice', limit: 2 },
      { scope: 'customer', customerId: 'alice' },
    );
    expect(outcome).toMatchObject({ kind: 'page', nextCursor: null });
  });
});
