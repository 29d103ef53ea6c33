import { ANALYTICS_RECORDED_TYPES, routesOf } from '../invariants/message-routes.js';
import type {
  CheckScope,
  HandledMessage,
  PublishedMessage,
  SystemSnapshot,
} from '../invariants/snapshot.js';
import { readRows } from './read-access.js';
import type { SystemAddresses } from './system-addresses.js';

type Database = keyof SystemAddresses['databases'];

/** The services with an outbox, and the database each keeps it in. */
const PUBLISHERS: ReadonlyArray<[service: string, database: Database]> = [
  ['order-service', 'orders'],
  ['payment-service', 'payments'],
  ['inventory-service', 'inventory'],
];

/** Where each service with an inbox keeps its `processed_messages`. */
const INBOXES: Readonly<Record<string, Database>> = {
  'order-service': 'orders',
  'payment-service': 'payments',
  'inventory-service': 'inventory',
  'email-service': 'email',
};

/** Rows published in the window, by the `published_at` index: never the whole table. */
const readPublished = async (
  addresses: SystemAddresses,
  [service, database]: [string, Database],
  scope: CheckScope,
): Promise<PublishedMessage[]> => {
  const rows = await readRows<{
    message_id: string;
    type: string;
    destination: 'rabbitmq' | 'kafka';
    exchange_or_topic: string;
    routing_key_or_kafka_key: string;
    aggregate_id: string;
    published_at: Date;
  }>(
    addresses.databases[database],
    `SELECT message_id::text, type, destination, exchange_or_topic, routing_key_or_kafka_key,
            aggregate_id, published_at
       FROM outbox WHERE published_at >= $1 AND published_at < $2`,
    [scope.from, scope.to],
  );
  return rows.map((row) => ({
    service,
    messageId: row.message_id,
    type: row.type,
    broker: row.destination,
    destination: row.exchange_or_topic,
    routingKey: row.routing_key_or_kafka_key,
    aggregateId: row.aggregate_id,
    publishedAt: row.published_at.toISOString(),
  }));
};

/** The inbox rows of one consumer among the given ids: primary-key lookups. */
const readInbox = async (url: string, consumer: string, ids: readonly string[]) =>
  (
    await readRows<{ message_id: string }>(
      url,
      'SELECT message_id FROM processed_messages WHERE consumer = $1 AND message_id = ANY($2)',
      [consumer, ids],
    )
  ).map((row) => ({ consumer, messageId: row.message_id }));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * analytics keeps no processed_messages: its dedupe is by business key, and each fact row keeps
 * the message id it was applied from, so those ids are its record (by order id, the rows' key).
 */
const readAnalyticsRecords = async (addresses: SystemAddresses, orderIds: readonly string[]) => {
  const schema = addresses.analyticsSchema.replaceAll('"', '');
  const ids = [...new Set(orderIds.filter((id) => UUID.test(id)))];
  const rows = await readRows<{ message_id: string | null }>(
    addresses.databases.analytics,
    `SELECT unnest(ARRAY[placed_message_id, confirmed_message_id, cancelled_message_id]) AS message_id
       FROM "${schema}".order_facts WHERE order_id = ANY($1::uuid[])
     UNION ALL
     SELECT message_id FROM "${schema}".refund_facts WHERE order_id = ANY($1::uuid[])`,
    [ids],
  );
  return rows.flatMap((row) =>
    row.message_id === null ? [] : [{ consumer: 'analytics', messageId: row.message_id }],
  );
};

/**
 * The window's published messages, and what their consumers recorded of them: each consumer's
 * inbox is asked only about the ids sent its way. Read after the run is quiet.
 */
export const readMessageLedger = async (
  addresses: SystemAddresses,
  scope: CheckScope,
): Promise<SystemSnapshot['messages']> => {
  const published = (
    await Promise.all(PUBLISHERS.map((publisher) => readPublished(addresses, publisher, scope)))
  ).flat();
  const sentTo = new Map<string, { service: string; messages: PublishedMessage[] }>();
  for (const message of published) {
    for (const route of routesOf(message)) {
      if (route.untracked?.(message) !== undefined) continue;
      const entry = sentTo.get(route.consumer) ?? { service: route.service, messages: [] };
      entry.messages.push(message);
      sentTo.set(route.consumer, entry);
    }
  }
  const reads = [...sentTo].map(([consumer, { service, messages }]): Promise<HandledMessage[]> => {
    const inbox = INBOXES[service];
    if (inbox !== undefined) {
      const ids = messages.map((message) => message.messageId);
      return readInbox(addresses.databases[inbox], consumer, ids);
    }
    if (consumer === 'analytics') {
      const recorded = messages.filter((m) => ANALYTICS_RECORDED_TYPES.includes(m.type));
      return readAnalyticsRecords(
        addresses,
        recorded.map((m) => m.aggregateId),
      );
    }
    throw new Error(`the checker does not know where ${consumer} (${service}) records messages`);
  });
  return { published, handled: (await Promise.all(reads)).flat() };
};
