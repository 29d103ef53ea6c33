import type { EntityManager } from 'typeorm';
import type {
  CheckoutSagaState,
  OrderOutcome,
  SagaCommand,
  Transition,
} from '@pattern-shop/checkout-saga';
import {
  KAFKA_TOPICS,
  type MessageType,
  newEnvelope,
  type Published,
  type PublishedData,
  QUEUES,
  ROUTING_KEYS,
} from '@pattern-shop/contracts';
import {
  appendToOutbox,
  commandTo,
  type OutboxMessage,
  publishedEverywhere,
} from '@pattern-shop/messaging-outbox';
import { markOrderStatus } from '../persistence/order-rows.js';

/** Who caused the transition, so every message it sends names its correlation and cause. */
export type Cause = Readonly<{ correlationId: string; causationId: string }>;
export type EffectClock = Readonly<{ now: Date; newId: () => string }>;
/**
 * `commandsExpire` false for the weak variant `no-step-deadline`: a saga that never gives up on
 * a step must not have its commands refused as expired either.
 */
export type EffectSettings = EffectClock & Readonly<{ commandsExpire: boolean }>;

/** Each command has exactly one owner queue (DESIGN.md). */
const OWNER: Record<SagaCommand['type'], string> = {
  ChargePayment: QUEUES.paymentCommands,
  RefundPayment: QUEUES.paymentCommands,
  VoidPayment: QUEUES.paymentCommands,
  ReserveStock: QUEUES.inventoryCommands,
  ReleaseStock: QUEUES.inventoryCommands,
};

const envelopeOf = <T extends MessageType>(
  type: T,
  data: PublishedData<T>,
  orderId: string,
  cause: Cause,
  clock: EffectClock,
): Published<T> =>
  newEnvelope(type, {
    messageId: clock.newId(),
    occurredAt: clock.now,
    correlationId: cause.correlationId,
    causationId: cause.causationId,
    aggregateId: orderId,
    data,
  });

/**
 * Writes what a transition decided, in the caller's transaction: the commands to their owners,
 * the order's new status with its fact on both brokers, and a parked saga's message for people.
 * All of it commits with the saga's new state, or none of it does.
 */
export const applyTransitionEffects = async (
  tx: EntityManager,
  transition: Transition,
  cause: Cause,
  clock: EffectSettings,
): Promise<void> => {
  const { state } = transition;
  const messages: OutboxMessage[] = transition.commands.map((command) =>
    commandTo(
      OWNER[command.type],
      envelopeOf(command.type, command.data, state.orderId, cause, clock),
      { expiresAt: clock.commandsExpire && 'expiresAt' in command ? command.expiresAt : undefined },
    ),
  );
  if (transition.orderOutcome !== undefined) {
    messages.push(...(await changeOrderStatus(tx, state, transition.orderOutcome, cause, clock)));
  }
  if (transition.parked !== undefined) {
    const parked = envelopeOf(
      'CheckoutSagaParked',
      { orderId: state.orderId, ...transition.parked },
      state.orderId,
      cause,
      clock,
    );
    messages.push(commandTo(QUEUES.orderSagaParked, parked));
  }
  await appendToOutbox(tx, messages);
};

/** PENDING -> CONFIRMED or CANCELLED, once: a final status never changes back. */
const changeOrderStatus = async (
  tx: EntityManager,
  state: CheckoutSagaState,
  outcome: OrderOutcome,
  cause: Cause,
  clock: EffectClock,
): Promise<OutboxMessage[]> => {
  const reason =
    outcome.status === 'CANCELLED' ? outcome.reason : 'payment charged and stock reserved';
  const statusVersion = await markOrderStatus(tx, {
    orderId: state.orderId,
    status: outcome.status,
    reason,
    at: clock.now,
  });
  if (statusVersion === undefined) return []; // already final; the saga's own log says why it asked
  const common = {
    orderId: state.orderId,
    customerId: state.customerId,
    statusVersion,
  };
  const fact =
    outcome.status === 'CONFIRMED'
      ? envelopeOf(
          'OrderConfirmed',
          { ...common, totalCents: state.totalCents, currency: state.currency },
          state.orderId,
          cause,
          clock,
        )
      : envelopeOf(
          'OrderCancelled',
          { ...common, reason: outcome.reason },
          state.orderId,
          cause,
          clock,
        );
  const routingKey =
    outcome.status === 'CONFIRMED' ? ROUTING_KEYS.orderConfirmed : ROUTING_KEYS.orderCancelled;
  return publishedEverywhere(fact, { routingKey, topic: KAFKA_TOPICS.orders });
};
