import type { OrderStatus } from '@pattern-shop/contracts';
import type { OrderStatusPush } from './protocol.js';

export type OrderLookup =
  | Readonly<{ kind: 'found'; status: OrderStatusPush }>
  /** No such order, or not one the token covers: order-service answers both alike. */
  | Readonly<{ kind: 'not-found' }>;

/** Asks for an order's current status; throws when order-service cannot answer. */
export type FetchOrderStatus = (orderId: string) => Promise<OrderLookup>;

/**
 * `GET /orders/:id` on order-service with the caller's own token, so order-service's rule of who
 * may read what applies unchanged. The truth after a reconnect, when pushes may have been missed.
 */
export const orderStatusFetcher =
  ({
    orderServiceUrl,
    token,
    timeoutMs = 5_000,
    fetch = globalThis.fetch,
  }: {
    orderServiceUrl: string;
    token: string;
    timeoutMs?: number;
    fetch?: typeof globalThis.fetch;
  }): FetchOrderStatus =>
  async (orderId) => {
    const response = await fetch(`${orderServiceUrl}/orders/${encodeURIComponent(orderId)}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status === 404) return { kind: 'not-found' };
    if (!response.ok) throw new Error(`GET /orders/${orderId} answered ${response.status}`);
    const order = (await response.json()) as {
      orderId: string;
      status: OrderStatus;
      statusVersion: number;
      updatedAt: string;
    };
    const { status, statusVersion, updatedAt: at } = order;
    return { kind: 'found', status: { orderId: order.orderId, status, statusVersion, at } };
  };
