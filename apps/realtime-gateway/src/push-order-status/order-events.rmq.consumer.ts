import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { deadLetterQueueName, QUEUES, ROUTING_KEYS } from '@pattern-shop/contracts';
import { eventQueueBinding, rabbitConsumer, type Route } from '@pattern-shop/messaging-rabbitmq';
import { SocketServer } from '../socket-server/socket-server.js';
import { PushOrderStatusHandler } from './push-order-status.handler.js';
import type { OrderStatusFact } from './status-update.js';

const uses = { pusher: PushOrderStatusHandler, sockets: SocketServer };

// decodeMessage checked the data against its type's schema, so the cast is safe.
const push: Route<typeof uses> = ({ pusher }, fact) => pusher.handle(fact as OrderStatusFact).push;

/**
 * One queue per gateway instance, `realtime.order-events.<host>-<id>`, exclusive and auto-deleted
 * with its connection and bound to the order facts on `shop.events`: every instance gets every
 * fact, so instances scale out with no socket.io adapter and no sticky routing of facts.
 * The price: facts published while this instance has no queue (its broker link is down) are not
 * delivered to it. Clients cover that: after the link comes back the gateway tells them to
 * `resync`, and every client refetches after its own reconnects.
 * No retry queues (a message could not come back to a queue that died with its connection);
 * a push cannot fail anyway. Only undecodable messages are dead-lettered, to the shared
 * durable `realtime.order-events.dlq`, so no per-instance dead-letter queue is left behind.
 */
export const OrderEventsConsumer = rabbitConsumer({
  binding: eventQueueBinding(
    `${QUEUES.realtimeOrderEvents}.${hostname()}-${randomUUID().slice(0, 8)}`,
    [ROUTING_KEYS.orderPlaced, ROUTING_KEYS.orderConfirmed, ROUTING_KEYS.orderCancelled],
  ),
  settings: {
    exclusive: true,
    deadLetterQueue: deadLetterQueueName(QUEUES.realtimeOrderEvents),
    maxAttempts: 1,
  },
  inject: uses,
  routes: { OrderPlaced: push, OrderConfirmed: push, OrderCancelled: push },
  // Consuming again after a lost link: facts of the gap went nowhere; clients refetch.
  onConsumingAgain: ({ sockets }) => sockets.resync(),
});
