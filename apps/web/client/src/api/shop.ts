import type { OrderStatusPush } from '@pattern-shop/realtime-client';
import { callApi } from './http';
import { currentSession } from './session';

export type OrderStatus = OrderStatusPush['status'];

export type Product = Readonly<{
  sku: string;
  name: string;
  priceCents: number;
  currency: string;
  stock: number;
}>;
export type CartLine = Readonly<{ sku: string; quantity: number }>;
export type PlacedOrder = Readonly<{ orderId: string; status: OrderStatus }>;
export type Money = Readonly<{ amountCents: number; currency: string }>;
export type OrderSummary = Readonly<{
  orderId: string;
  status: OrderStatus;
  statusVersion: number;
  total: Money;
  placedAt: string;
  updatedAt: string;
}>;
export type OrderView = OrderSummary &
  Readonly<{
    lines: ReadonlyArray<{ sku: string; quantity: number; unitPriceCents: number }>;
    history: ReadonlyArray<{
      status: OrderStatus;
      statusVersion: number;
      reason: string;
      changedAt: string;
    }>;
  }>;
export type ClientSettings = Readonly<{ realtimeGatewayUrl: string }>;

const withToken = async () => (await currentSession()).token;

export const shop = {
  settings: () => callApi<ClientSettings>('/api/settings'),
  catalogue: () => callApi<{ items: Product[] }>('/api/catalogue'),
  order: async (orderId: string) =>
    callApi<OrderView>(`/api/orders/${encodeURIComponent(orderId)}`, { token: await withToken() }),
  history: async () =>
    callApi<{ items: OrderSummary[] }>('/api/orders?limit=50', { token: await withToken() }),
  /** One checkout: the same key on every try, so the shop places one order at most. */
  checkout: async (lines: readonly CartLine[], idempotencyKey: string) =>
    callApi<PlacedOrder>('/api/orders', {
      method: 'POST',
      token: await withToken(),
      headers: { 'idempotency-key': idempotencyKey },
      body: { items: lines },
    }),
};

export const formatPrice = (cents: number, currency: string): string =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).format(cents / 100);
