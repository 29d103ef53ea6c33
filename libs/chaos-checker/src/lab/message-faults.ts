import { EXCHANGES, KAFKA_TOPICS, QUEUES, ROUTING_KEYS } from '@pattern-shop/contracts';
import {
  CONSUMED_QUEUES,
  CONSUMED_TOPICS,
  DRIFT_PREFIX,
  driftedFact,
  POISON_PREFIX,
  poisonFor,
} from './planted-messages.js';
import type { Fault, FaultContext } from './scenario.js';

const cleanupPlanted =
  (prefix: string) =>
  async ({ messages, log }: FaultContext): Promise<void> => {
    const removed = await messages.removePlanted(prefix);
    log(`${removed} planted messages removed from RabbitMQ (Kafka's stay, before later windows)`);
  };

/** Two poison messages on every consumed queue and topic, once, at the start of the fault. */
export const poisonEverywhere = (describe: string): Fault => ({
  describe: `${describe} (2 each on ${CONSUMED_QUEUES.length} queues and ${CONSUMED_TOPICS.length} topics)`,
  inject: async ({ messages, log }) => {
    for (const { queue, type } of CONSUMED_QUEUES)
      await messages.plantOnQueue(queue, poisonFor(queue, type));
    for (const { topic, type } of CONSUMED_TOPICS)
      await messages.plantOnTopic(topic, poisonFor(topic, type));
    log('poison planted on every consumed queue and topic');
  },
  heal: async () => undefined,
  cleanup: cleanupPlanted(POISON_PREFIX),
});

/**
 * A producer deployed ahead of its consumers: OrderConfirmed version 99 on `shop.events` and on
 * `orders.events`, and ChargePayment version 99 on payment-service's queue.
 */
export const schemaDrift = (describe: string): Fault => ({
  describe: `${describe} (OrderConfirmed v99 on both brokers, ChargePayment v99)`,
  inject: async ({ messages, log }) => {
    const orderId = crypto.randomUUID();
    const customerId = 'chaos-lab-drift';
    const fact = { orderId, customerId, statusVersion: 2, totalCents: 1_000, currency: 'EUR' };
    // The field no v1 reader knows is why the producer bumped the version.
    const confirmed = { ...fact, giftWrap: true };
    await messages.plantOnExchange(
      EXCHANGES.events,
      ROUTING_KEYS.orderConfirmed,
      driftedFact(EXCHANGES.events, 'OrderConfirmed', confirmed),
    );
    await messages.plantOnTopic(KAFKA_TOPICS.orders, [
      driftedFact(KAFKA_TOPICS.orders, 'OrderConfirmed', confirmed),
    ]);
    const charge = { orderId, customerId, amountCents: 1_000, currency: 'EUR', giftWrap: true };
    await messages.plantOnQueue(QUEUES.paymentCommands, [
      driftedFact(QUEUES.paymentCommands, 'ChargePayment', charge),
    ]);
    log('version 99 published: OrderConfirmed on shop.events and orders.events, ChargePayment');
  },
  heal: async () => undefined,
  cleanup: cleanupPlanted(DRIFT_PREFIX),
});

/** Every delivery twice, on both brokers, while the fault lasts. */
export const duplicateStorm = (describe: string): Fault => {
  let stop: (() => Promise<string>) | undefined;
  return {
    describe: `${describe} (every RabbitMQ delivery and Kafka record twice)`,
    inject: async ({ messages, log }) => {
      stop = await messages.duplicateEverything();
      log('duplicate storm on: every consumed queue and topic gets each message twice');
    },
    heal: async ({ log }) => {
      const copied = await stop?.();
      stop = undefined;
      if (copied !== undefined) log(`duplicate storm off: ${copied}`);
    },
  };
};

/**
 * The consumer is cut from its broker while its queue fills; at heal the backlog is put back in
 * reverse order before the hop comes back, so later commands arrive before earlier ones.
 */
export const reversedBacklog = (queue: string, hop: string, describe: string): Fault => ({
  describe: `${describe} (${hop} cut, then ${queue}'s backlog reversed)`,
  inject: async ({ toxiproxy, log }) => {
    await toxiproxy.setEnabled(hop, false);
    log(`hop ${hop} cut; ${queue} fills up`);
  },
  heal: async ({ toxiproxy, messages, log }) => {
    try {
      log(`${await messages.reverseBacklog(queue)} messages of ${queue} put back reversed`);
    } finally {
      await toxiproxy.setEnabled(hop, true);
      log(`hop ${hop} restored`);
    }
  },
});
