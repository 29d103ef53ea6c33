import type { DataSource } from 'typeorm';
import type { AccessClaims } from '@pattern-shop/access-tokens';
import { listOrders, type OrderSummary } from '../persistence/order-queries.js';

export type ListOrdersQuery = Readonly<{
  customerId: string;
  limit: number;
  cursor?: Readonly<{ createdAt: string; id: string }>;
}>;

export type ListOrdersOutcome =
  | Readonly<{ kind: 'page'; items: OrderSummary[]; nextCursor: string | null }>
  | Readonly<{ kind: 'forbidden' }>;

/** A customer's orders, newest first, one page at a time; only with that customer's own token. */
export class ListOrdersHandler {
  constructor(private readonly dataSource: DataSource) {}

  async listOrders(query: ListOrdersQuery, access: AccessClaims): Promise<ListOrdersOutcome> {
    if (access.scope !== 'customer' || access.customerId !== query.customerId) {
      return { kind: 'forbidden' };
    }
    const items = await listOrders(this.dataSource.manager, query.customerId, {
      limit: query.limit,
      before: query.cursor,
    });
    // A full page may have a next one; its cursor is the last order's keyset.
    const last = items.length === query.limit ? items.at(-1) : undefined;
    const nextCursor =
      last === undefined
        ? null
        : Buffer.from(JSON.stringify({ createdAt: last.placedAt, id: last.orderId })).toString(
            'base64url',
          );
    return { kind: 'page', items, nextCursor };
  }
}
