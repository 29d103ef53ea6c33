import type { Channel } from 'amqplib';
import { deadLetterQueueName, retryQueueName } from '@pattern-shop/contracts';
import {
  bindToDeadLetterExchange,
  deadLetterRouteTo,
  explainOlderRoute,
} from './dead-letter-exchange.js';

export type SubscriberTopology = Readonly<{
  queue: string;
  exchange: string;
  routingKeys: readonly string[];
  /** One retry queue `<queue>.retry.<delay>` per delay. */
  retryDelaysMs: readonly number[];
  /** Classic, exclusive, auto-delete: a queue of this connection alone (see SubscriptionOptions). */
  exclusive?: boolean | undefined;
  /** Default `<queue>.dlq`. */
  deadLetterQueue?: string | undefined;
}>;

/**
 * Exchange, `Q` with its dead-letter route, `Q.dlq`, the retry queues and the bindings:
 * idempotent, repeated on every channel open, so a fresh broker is ready without manual steps.
 */
export const declareSubscriberTopology = async (
  channel: Channel,
  { queue, exchange, routingKeys, retryDelaysMs, exclusive, deadLetterQueue }: SubscriberTopology,
): Promise<void> => {
  const deadLetters = deadLetterQueue ?? deadLetterQueueName(queue);
  // Quorum queues replicate, and count deliveries (`x-delivery-count`) for crash-loop parking.
  const quorum = { 'x-queue-type': 'quorum' };
  await channel.assertExchange(exchange, 'topic', { durable: true });
  await channel.assertQueue(deadLetters, { durable: true, arguments: quorum });
  const deadLetterRoute = deadLetterRouteTo(deadLetters);
  // Quorum queues cannot be exclusive; an exclusive queue lives only as long as its connection.
  await channel
    .assertQueue(
      queue,
      exclusive === true
        ? { durable: false, exclusive: true, autoDelete: true, ...deadLetterRoute }
        : { durable: true, ...deadLetterRoute, arguments: quorum },
    )
    .catch(explainOlderRoute(queue));
  const retryQueues: string[] = [];
  for (const delayMs of retryDelaysMs) {
    // Classic, not quorum: per-message `expiration` (the jitter) is a classic queue feature.
    // Nothing consumes a retry queue; an expired message goes back to `Q` by its dead-letter route.
    const retryQueue = retryQueueName(queue, delayMs);
    await channel
      .assertQueue(retryQueue, { durable: true, messageTtl: delayMs, ...deadLetterRouteTo(queue) })
      .catch(explainOlderRoute(retryQueue));
    retryQueues.push(retryQueue);
  }
  await bindToDeadLetterExchange(channel, [queue, deadLetters, ...retryQueues]);
  for (const routingKey of routingKeys) await channel.bindQueue(queue, exchange, routingKey);
};
