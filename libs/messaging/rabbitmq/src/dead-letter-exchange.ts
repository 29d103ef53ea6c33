import type { Channel } from 'amqplib';
import { DEAD_LETTER_EXCHANGE } from '@pattern-shop/contracts';

/** The dead-letter route of a queue whose dead letters (or expired retries) go to `target`. */
export const deadLetterRouteTo = (target: string) => ({
  deadLetterExchange: DEAD_LETTER_EXCHANGE,
  deadLetterRoutingKey: target,
});

/**
 * Declares `shop.dead-letters` and binds each queue to it by its own name, which is how retries,
 * dead letters and expired retries reach it; idempotent, repeated on every channel open.
 */
export const bindToDeadLetterExchange = async (
  channel: Channel,
  queues: readonly string[],
): Promise<void> => {
  await channel.assertExchange(DEAD_LETTER_EXCHANGE, 'topic', { durable: true });
  for (const queue of queues) await channel.bindQueue(queue, DEAD_LETTER_EXCHANGE, queue);
};

/**
 * Names the fix when the broker refuses `queue` because an older tree declared it dead-lettering
 * through the default exchange: RabbitMQ never changes a queue's arguments, a migration must.
 */
export const explainOlderRoute =
  (queue: string) =>
  (error: unknown): never => {
    const message = error instanceof Error ? error.message : String(error);
    if (!message.includes("inequivalent arg 'x-dead-letter-exchange'")) throw error;
    throw new Error(
      `${queue} was declared by an older Pattern Shop, dead-lettering through the default exchange: stop the apps and run \`npm run rabbitmq:migrate\` (./bin/run and ./bin/test run it). The broker said: ${message}`,
    );
  };
