import type { ReconciliationOrder } from '@pattern-shop/contracts';
import type {
  CheckScope,
  KeyRecord,
  OrderRecord,
  OutboxRow,
  SagaRecord,
} from '../invariants/snapshot.js';
import { readAllPages, readRows } from './read-access.js';
import type { SystemAddresses } from './system-addresses.js';

/** The window's orders, through order-service's reconciliation API (what the nightly job reads too). */
export const readOrders = async (
  addresses: SystemAddresses,
  scope: CheckScope,
): Promise<OrderRecord[]> => {
  const period = { from: new Date(scope.from), to: new Date(scope.to) };
  const orders = await readAllPages<ReconciliationOrder>(
    addresses.apps.orders,
    period,
    addresses.serviceToken,
  );
  return orders.map((order) => ({
    orderId: order.orderId,
    customerId: order.customerId,
    status: order.status,
    totalCents: order.totalCents,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    lines: order.lines.map(({ sku, quantity }) => ({ sku, quantity })),
  }));
};

/** Idempotency keys have no API: read-only SQL through order-service's role. */
export const readKeys = async (
  addresses: SystemAddresses,
  scope: CheckScope,
): Promise<KeyRecord[]> => {
  const rows = await readRows<{
    customer_id: string;
    idempotency_key: string;
    response_status: number | null;
    order_id: string | null;
    created_at: Date;
  }>(
    addresses.databases.orders,
    `SELECT customer_id, idempotency_key, response_status, response_body->>'orderId' AS order_id,
            created_at
       FROM idempotency_keys WHERE created_at >= $1 AND created_at < $2`,
    [scope.from, scope.to],
  );
  return rows.map((row) => ({
    customerId: row.customer_id,
    key: row.idempotency_key,
    responseStatus: row.response_status,
    orderId: row.order_id,
    createdAt: row.created_at.toISOString(),
  }));
};

/** The sagas of the given orders; the saga API lists one state at a time, without paging. */
export const readSagas = async (
  addresses: SystemAddresses,
  orderIds: readonly string[],
): Promise<SagaRecord[]> => {
  const rows = await readRows<{ order_id: string; status: string; updated_at: Date }>(
    addresses.databases.orders,
    'SELECT order_id, status, updated_at FROM checkout_sagas WHERE order_id = ANY($1::uuid[])',
    [orderIds],
  );
  return rows.map((row) => ({
    orderId: row.order_id,
    status: row.status,
    updatedAt: row.updated_at.toISOString(),
  }));
};

/** Unpublished outbox rows of one service, whenever written: an outbox is empty once quiet. */
export const readOutbox = async (databaseUrl: string, service: string): Promise<OutboxRow[]> => {
  const rows = await readRows<{ id: string; type: string; created_at: Date }>(
    databaseUrl,
    'SELECT id::text AS id, type, created_at FROM outbox WHERE published_at IS NULL ORDER BY outbox.id',
  );
  return rows.map((row) => ({
    service,
    id: row.id,
    type: row.type,
    createdAt: row.created_at.toISOString(),
  }));
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Which of these order ids order-service has at all (whenever created): read-only SQL. */
export const readExistingOrderIds = async (
  addresses: SystemAddresses,
  orderIds: readonly string[],
): Promise<string[]> => {
  const candidates = [...new Set(orderIds.filter((id) => UUID.test(id)))];
  if (candidates.length === 0) return [];
  const rows = await readRows<{ id: string }>(
    addresses.databases.orders,
    'SELECT id FROM orders WHERE id = ANY($1::uuid[])',
    [candidates],
  );
  return rows.map((row) => row.id);
};

export type OutboxRowOf = Readonly<{
  destination: string;
  publishedAt: string | null;
  attempts: number;
  lastError: string | null;
}>;

/** The outbox rows one order's fact of this type became, published or not. */
export const readOutboxRowsOf = async (
  databaseUrl: string,
  aggregateId: string,
  type: string,
): Promise<OutboxRowOf[]> => {
  const rows = await readRows<{
    destination: string;
    published_at: Date | null;
    attempts: number;
    last_error: string | null;
  }>(
    databaseUrl,
    `SELECT destination, published_at, attempts, last_error FROM outbox
      WHERE aggregate_id = $1 AND type = $2 ORDER BY id`,
    [aggregateId, type],
  );
  return rows.map((row) => ({
    destination: row.destination,
    publishedAt: row.published_at?.toISOString() ?? null,
    attempts: row.attempts,
    lastError: row.last_error,
  }));
};
