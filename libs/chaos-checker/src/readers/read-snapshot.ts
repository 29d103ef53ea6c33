import type { CheckScope, ClientRequest, SystemSnapshot } from '../invariants/snapshot.js';
import { readProjections, readReconciliation } from './analytics.reader.js';
import { readRabbitDeadLetters } from './dead-letters.reader.js';
import { readDeliveredMails, readSentEmails } from './email.reader.js';
import { type InitialStock, readStock } from './inventory.reader.js';
import { readKafka } from './kafka.reader.js';
import { readMessageLedger } from './message-ledger.reader.js';
import { readLedger, readPayments } from './money.reader.js';
import {
  readExistingOrderIds,
  readKeys,
  readOrders,
  readOutbox,
  readSagas,
} from './order-service.reader.js';
import { readConsumedQueues } from './queues.reader.js';
import { readPeriod } from './read-access.js';
import type { SystemAddresses } from './system-addresses.js';

export type SnapshotOptions = Readonly<{
  scope: CheckScope;
  /** The load generator's record, when there was one. */
  client?: readonly ClientRequest[] | undefined;
  /** Stock per SKU at the window's start, when the runner read it then. */
  initialStock?: InitialStock | undefined;
  /** The clock, passed in: the snapshot's time, and the end of the money periods. */
  now: Date;
}>;

/**
 * Reads the running system into a snapshot: the I/O shell around the pure rules. Each part goes
 * through the owning service's API where one exists, otherwise its own database role, read-only.
 */
export const readSnapshot = async (
  addresses: SystemAddresses,
  { scope, client, initialStock, now }: SnapshotOptions,
): Promise<SystemSnapshot> => {
  const orders = await readOrders(addresses, scope);
  const orderIds = orders.map((order) => order.orderId);
  // Money moves after an order is placed, so its periods run from the window's start to now.
  const money = readPeriod(scope.from, new Date(now.getTime() + 1_000));
  const { databases } = addresses;
  const [keys, sagas, payments, ledger, stock] = await Promise.all([
    readKeys(addresses, scope),
    readSagas(addresses, orderIds),
    readPayments(addresses, money),
    readLedger(addresses, money),
    readStock(addresses, scope.from, initialStock),
  ]);
  const inWindow = new Set(orderIds);
  const ordersOutsideWindow = await readExistingOrderIds(
    addresses,
    [...ledger, ...payments].map((money) => money.orderId).filter((id) => !inWindow.has(id)),
  );
  const outboxes = await Promise.all([
    readOutbox(databases.orders, 'order-service'),
    readOutbox(databases.payments, 'payment-service'),
    readOutbox(databases.inventory, 'inventory-service'),
  ]);
  // Read before the dead letters and queues, so a message dead-lettered meanwhile is still found.
  const messages = await readMessageLedger(addresses, scope);
  const [rabbitLetters, kafka, queues] = await Promise.all([
    readRabbitDeadLetters(addresses, scope.from),
    readKafka(addresses, scope.from),
    readConsumedQueues(addresses),
  ]);
  const [sentEmails, deliveredMails, projections, reconciliation] = await Promise.all([
    readSentEmails(addresses, orderIds),
    readDeliveredMails(addresses, orderIds),
    readProjections(addresses, orderIds),
    readReconciliation(addresses, scope),
  ]);
  return {
    scope,
    takenAt: now.toISOString(),
    orders,
    keys,
    sagas,
    payments,
    ledger,
    ordersOutsideWindow,
    stock,
    outbox: outboxes.flat(),
    deadLetters: [...rabbitLetters, ...kafka.deadLetters],
    messages,
    queues: [...queues, ...kafka.lag],
    sentEmails,
    deliveredMails,
    projections,
    reconciliation,
    client,
  };
};
