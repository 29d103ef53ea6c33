import type { OrderStatus } from '@pattern-shop/contracts';

/**
 * The wire protocol of realtime-gateway (pattern 6), shared by the gateway and its clients so the
 * two ends cannot drift apart. Socket.io event names first, then what each one carries.
 */
export const REALTIME_EVENTS = {
  /** Client → gateway, with ack: follow one order. */
  subscribe: 'subscribe',
  /** Client → gateway, with ack: follow every order of the customer a customer token names. */
  subscribeCustomer: 'subscribe-customer',
  /** Gateway → client: an order's status changed. */
  orderStatus: 'order.status',
  /** Gateway → client, every few seconds: proof that the connection still delivers. */
  heartbeat: 'heartbeat',
  /** Gateway → client: pushes may have been missed (its broker link came back); refetch. */
  resync: 'resync',
  /** Gateway → SSE client, last on the stream: the token behind it expired; the stream ends. */
  expired: 'expired',
} as const;

/** One status of one order; `statusVersion` orders them, so a newer version always wins. */
export type OrderStatusPush = Readonly<{
  orderId: string;
  status: OrderStatus;
  statusVersion: number;
  /** When the status changed (ISO-8601). */
  at: string;
}>;

export type Heartbeat = Readonly<{ at: string; seq: number }>;

export type SubscribeRequest = Readonly<{ orderId: string }>;

export type RealtimeErrorCode =
  | 'unauthorized' // no token, a forged one or an expired one
  | 'forbidden' // a valid token that does not cover what was asked
  | 'not-found' // no such order for this customer (someone else's answers the same)
  | 'invalid-request'
  | 'unavailable'; // order-service could not be asked; try again later

export type RealtimeError = Readonly<{ code: RealtimeErrorCode; message: string }>;

export type SubscribeAck =
  Readonly<{ ok: true; status?: OrderStatusPush }> | Readonly<{ ok: false; error: RealtimeError }>;

/** Socket.io rooms: one per order and one per customer. */
export const orderRoom = (orderId: string): string => `order:${orderId}`;
export const customerRoom = (customerId: string): string => `customer:${customerId}`;
