import type { BackoffSettings } from './backoff.js';
import type { Clock } from './clock.js';
import type { ConnectionEvent } from './connection-events.js';
import type { FetchOrderStatus } from './fetch-order-status.js';
import type { OrderStatusPush, SubscribeAck } from './protocol.js';
import type { StatusSocketFactory } from './status-socket.js';

export type OrderStatusClientOptions = Readonly<{
  /** realtime-gateway, e.g. http://127.0.0.1:3006 */
  url: string;
  /** An order token (POST /orders hands it out) or a customer token. */
  token: string;
  /** Where `GET /orders/:id` answers the current status after each (re)connect. */
  orderServiceUrl: string;
  /** Orders to follow from the start; `follow` adds more. */
  orderIds?: readonly string[];
  /** Also follow every order of the customer (needs a customer token). */
  customer?: boolean;
  /** Called each time the shown status of an order changes, never with an older version. */
  onStatus: (status: OrderStatusPush) => void;
  onEvent?: (event: ConnectionEvent) => void;
  backoff?: BackoffSettings;
  /** Silence (no heartbeat, no push) after which the connection counts as dead. Default 8 s. */
  heartbeatTimeoutMs?: number;
  clock?: Clock;
  random?: () => number;
  createSocket?: StatusSocketFactory;
  fetchStatus?: FetchOrderStatus;
}>;

export type OrderStatusClient = Readonly<{
  /** What the client shows for the order now. */
  statusOf: (orderId: string) => OrderStatusPush | undefined;
  /** Follows one more order; resolves with the gateway's answer once subscribed. */
  follow: (orderId: string) => Promise<SubscribeAck>;
  close: () => void;
}>;

/** Twice the gateway's default heartbeat interval (3 s) and some slack. */
export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 8_000;
