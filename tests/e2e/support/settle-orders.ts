import { isFinal, isParked, type CheckoutSagaStatus } from '@pattern-shop/checkout-saga';
import { queryServiceDb, type ServiceProcess, waitFor } from '@pattern-shop/testing';
import { retrySaga, startCheckoutStack } from './checkout-stack.js';

type Unfinished = Readonly<{ order_id: string; status: CheckoutSagaStatus }>;

/** The database's clock, which stamps the sagas: where a file's window of orders starts. */
export const orderDatabaseNow = async (): Promise<Date> => {
  const [row] = await queryServiceDb<{ now: Date }>('order-service', 'SELECT now() AS now');
  if (row === undefined) throw new Error('the order database did not tell its time');
  return row.now;
};

/** Sagas of these orders, or started since `since` (a browser's orders too); none before migrations. */
const sagasOf = async (orderIds: ReadonlySet<string>, since: Date): Promise<Unfinished[]> => {
  const [table] = await queryServiceDb<{ exists: boolean }>(
    'order-service',
    `SELECT to_regclass('checkout_sagas') IS NOT NULL AS exists`,
  );
  if (table?.exists !== true) return [];
  return queryServiceDb<Unfinished>(
    'order-service',
    `SELECT order_id, status FROM checkout_sagas WHERE order_id = ANY($1) OR started_at >= $2`,
    [[...orderIds], since],
  );
};

const unfinishedSagas = async (orderIds: ReadonlySet<string>, since: Date) =>
  (await sagasOf(orderIds, since)).filter((row) => !isFinal(row.status));

const SERVICES_WITH_AN_OUTBOX = ['order-service', 'payment-service', 'inventory-service'] as const;

/**
 * Messages about these orders for RabbitMQ that an app committed to its outbox and stopped before
 * its relay sent: the next file's app would send them, into queues that file does not clean.
 */
const unsentAbout = async (orderIds: readonly string[]): Promise<string[]> =>
  (
    await Promise.all(
      SERVICES_WITH_AN_OUTBOX.map(async (service) =>
        (
          await queryServiceDb<{ aggregate_id: string; type: string }>(
            service,
            `SELECT aggregate_id, type FROM outbox
             WHERE published_at IS NULL AND destination = 'rabbitmq' AND aggregate_id = ANY($1::text[])`,
            [orderIds],
          ).catch((error: Error) => {
            // Before an app's first start its database has no outbox table yet.
            if (/relation "outbox" does not exist/.test(error.message)) return [];
            throw error;
          })
        ).map((row) => `${service} ${row.type} ${row.aggregate_id}`),
      ),
    )
  ).flat();

/**
 * Lets the system finish the checkouts a file started and left open, e.g. one that ran
 * order-service without payment-service: the checkout stack charges what is still queued, voids
 * what passed its deadline and retries what parked, as a person would. Left open, their deadlines
 * would pass in a later file and send commands into its queues and windows. The stack also sends
 * what an app of the file committed to its outbox and stopped before sending. Returns every order
 * of the file, also those placed through a browser, whose messages the caller then takes.
 */
export const settleOpenCheckouts = async (
  orderIds: ReadonlySet<string>,
  since: Date,
): Promise<string[]> => {
  const sagas = await sagasOf(orderIds, since);
  const all = sagas.map((row) => row.order_id);
  const open = sagas.filter((row) => !isFinal(row.status));
  const everyOrder = [...new Set([...orderIds, ...all])];
  if (open.length === 0 && (await unsentAbout(everyOrder)).length === 0) return all;
  const ids = new Set(open.map((row) => row.order_id));
  // No drain first: what is queued is what it comes to finish, and it waits for exactly that.
  const stack: Record<string, ServiceProcess> = await startCheckoutStack({ drainFirst: false });
  try {
    for (const row of open) if (isParked(row.status)) await retrySaga(row.order_id);
    await waitFor(
      `the ${ids.size} checkouts this file left open to finish, and its orders' messages sent`,
      async () => {
        const still = [
          ...(await unfinishedSagas(ids, new Date('9999-01-01'))).map(
            (row) => `${row.order_id} ${row.status}`,
          ),
          ...(await unsentAbout(everyOrder)),
        ];
        if (still.length === 0) return true;
        throw new Error(`still open: ${still.slice(0, 5).join(', ')}`);
      },
      { timeoutMs: 60_000 },
    );
  } finally {
    await Promise.all(Object.values(stack).map((app) => app.stop()));
  }
  return all;
};
