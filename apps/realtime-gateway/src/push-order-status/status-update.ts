import type { OrderCancelled, OrderConfirmed, OrderPlaced } from '@pattern-shop/contracts';
import type { OrderStatusPush } from '@pattern-shop/realtime-client';

/** The facts that change what a customer sees of an order. */
export type OrderStatusFact = OrderPlaced | OrderConfirmed | OrderCancelled;

/** A push and who may receive it: the order's followers and its customer's. */
export type StatusUpdate = Readonly<{ push: OrderStatusPush; customerId: string }>;

/** Somewhere clients listen (socket.io rooms, SSE streams); answers how many received it. */
export type StatusChannel = Readonly<{ deliver: (update: StatusUpdate) => number }>;

const STATUS_OF = {
  OrderPlaced: 'PENDING',
  OrderConfirmed: 'CONFIRMED',
  OrderCancelled: 'CANCELLED',
} as const;

export const isOrderStatusFact = (envelope: { type: string }): envelope is OrderStatusFact =>
  Object.hasOwn(STATUS_OF, envelope.type);

/** Pure: the push a fact becomes. `at` is when the status changed, not when it was pushed. */
export const statusUpdateOf = (fact: OrderStatusFact): StatusUpdate => ({
  customerId: fact.data.customerId,
  push: {
    orderId: fact.data.orderId,
    status: STATUS_OF[fact.type],
    statusVersion: fact.data.statusVersion,
    at: fact.occurredAt,
  },
});
