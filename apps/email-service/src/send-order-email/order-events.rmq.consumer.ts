import {
  type OrderCancelled,
  type OrderConfirmed,
  QUEUES,
  ROUTING_KEYS,
} from '@pattern-shop/contracts';
import { eventQueueBinding, rabbitConsumer } from '@pattern-shop/messaging-rabbitmq';
import { SendOrderEmailHandler } from './send-order-email.handler.js';

/**
 * Subscribes `email.order-events` to order facts on `shop.events` (pattern 3: the publisher does
 * not know this queue exists). Each delivery is acked only after its transaction committed.
 */
export const OrderEventsConsumer = rabbitConsumer({
  binding: eventQueueBinding(QUEUES.emailOrderEvents, [
    ROUTING_KEYS.orderConfirmed,
    ROUTING_KEYS.orderCancelled,
  ]),
  inject: { mail: SendOrderEmailHandler },
  routes: {
    OrderConfirmed: ({ mail }, fact) => mail.handle(fact as OrderConfirmed),
    OrderCancelled: ({ mail }, fact) => mail.handle(fact as OrderCancelled),
  },
  report: { message: 'order email handled' },
});
