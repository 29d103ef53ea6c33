import type { Channel, Options } from 'amqplib';
import { deadLetterQueueName, EXCHANGES, MESSAGE_HEADERS } from '@pattern-shop/contracts';
import {
  bindToDeadLetterExchange,
  deadLetterRouteTo,
  explainOlderRoute,
} from './dead-letter-exchange.js';
import type { DeliveryInfo } from './subscription-options.js';

/**
 * How every consumed durable queue is declared: quorum, dead-lettering to `Q.dlq`. RabbitMQ
 * refuses a second declaration with other arguments, so a sender that declares the queue it
 * sends to (to not lose commands sent before the owner first started) must use exactly these.
 */
export const consumedQueueOptions = (queue: string): Options.AssertQueue => ({
  durable: true,
  ...deadLetterRouteTo(deadLetterQueueName(queue)),
  arguments: { 'x-queue-type': 'quorum' },
});

/**
 * Declares command queues on `shop.commands`, each bound by its own name, with its dead-letter
 * queue. The owner declares them again when it subscribes (adding its retry queues); declaring
 * is idempotent, so whichever side starts first leaves the same topology.
 */
export const declareCommandQueues = async (
  channel: Channel,
  queues: readonly string[],
): Promise<void> => {
  await channel.assertExchange(EXCHANGES.commands, 'topic', { durable: true });
  for (const queue of queues) {
    await channel.assertQueue(deadLetterQueueName(queue), {
      durable: true,
      arguments: { 'x-queue-type': 'quorum' },
    });
    await channel.assertQueue(queue, consumedQueueOptions(queue)).catch(explainOlderRoute(queue));
    await channel.bindQueue(queue, EXCHANGES.commands, queue);
  }
  await bindToDeadLetterExchange(channel, queues.map(deadLetterQueueName));
};

/**
 * Where a consumer of a command queue (or of the saga's reply queue) subscribes: the queue, bound
 * to `shop.commands` by its own name, which is how the outbox's `commandTo` routes.
 */
export const commandQueueBinding = (queue: string) => ({
  queue,
  exchange: EXCHANGES.commands,
  routingKeys: [queue],
});

/** The W3C trace context a delivery carries, to pass on to the messages its handling sends. */
export const traceparentOf = (delivery: DeliveryInfo): string | undefined => {
  const header = delivery.headers[MESSAGE_HEADERS.traceparent];
  return typeof header === 'string' ? header : undefined;
};

/**
 * The instant after which a command's sender no longer wants it (the `expires-at` header), or
 * undefined: a command without the header, or with one that is not a date, never expires.
 */
export const expiresAtOf = (delivery: DeliveryInfo): Date | undefined => {
  const header = delivery.headers[MESSAGE_HEADERS.expiresAt];
  const expiresAt = typeof header === 'string' ? new Date(header) : undefined;
  return expiresAt === undefined || Number.isNaN(expiresAt.getTime()) ? undefined : expiresAt;
};
