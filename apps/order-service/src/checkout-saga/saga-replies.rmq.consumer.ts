import { DataSource } from 'typeorm';
import type { CheckoutSagaInput } from '@pattern-shop/checkout-saga';
import { type MessageEnvelope, QUEUES } from '@pattern-shop/contracts';
import { handleOnce } from '@pattern-shop/messaging-inbox';
import {
  commandQueueBinding,
  PermanentMessageError,
  rabbitConsumer,
} from '@pattern-shop/messaging-rabbitmq';
import { CheckoutSagaRuntime } from './checkout-saga.runtime.js';

export const SAGA_REPLY_SETTINGS = Symbol('SAGA_REPLY_SETTINGS');

type Saga = Readonly<{ dataSource: DataSource; runtime: CheckoutSagaRuntime }>;

/** Advances the reply's saga in the inbox's transaction; an order without a saga never will. */
const advanceSaga = async ({ dataSource, runtime }: Saga, reply: MessageEnvelope) => {
  // decodeMessage checked `data` against the catalogue schema of this type and version.
  const input = { type: reply.type, data: reply.data } as CheckoutSagaInput;
  await handleOnce(dataSource, QUEUES.orderSagaReplies, reply.messageId, async (tx) => {
    const outcome = await runtime.advance(tx, reply.aggregateId, input, reply.messageId);
    if (outcome.kind === 'unknown-saga') {
      throw new PermanentMessageError(`no checkout saga for order ${reply.aggregateId}`);
    }
  });
};

/**
 * Consumes `order.saga-replies` (bound to `shop.commands`): each reply advances its order's saga
 * through the inbox, so a redelivered reply has no second effect, and is acked only after the
 * saga's new state and its next commands committed together.
 */
export const SagaRepliesConsumer = rabbitConsumer({
  binding: commandQueueBinding(QUEUES.orderSagaReplies),
  settings: SAGA_REPLY_SETTINGS,
  inject: { dataSource: DataSource, runtime: CheckoutSagaRuntime },
  routes: {
    PaymentCharged: advanceSaga,
    PaymentDeclined: advanceSaga,
    PaymentRefunded: advanceSaga,
    PaymentRefundFailed: advanceSaga,
    PaymentVoided: advanceSaga,
    PaymentVoidFailed: advanceSaga,
    StockReserved: advanceSaga,
    StockReservationFailed: advanceSaga,
  },
  // A compensation's receipt the saga does not wait for.
  noted: ['StockReleased'],
});
