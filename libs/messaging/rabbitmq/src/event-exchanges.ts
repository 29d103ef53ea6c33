import type { Channel } from 'amqplib';
import { EXCHANGES } from '@pattern-shop/contracts';

/**
 * The AMQP type of each system exchange, both durable topic exchanges. On `shop.events`
 * subscribers bind by pattern (`order.*`). On `shop.commands` each command queue binds exactly
 * its own name (`payment.commands`), so a command has one owner; a topic exchange used with exact
 * keys routes like a direct one, and one type for both lets every subscriber declare the
 * exchange it binds to the same way (a redeclaration with another type is refused by the broker).
 */
export const EXCHANGE_TYPES = {
  [EXCHANGES.events]: 'topic',
  [EXCHANGES.commands]: 'topic',
} as const;

/**
 * Declares `shop.events` and `shop.commands`, durable. `assertExchange` is idempotent, so every
 * publisher and consumer may call this on each new channel without coordinating who goes first.
 */
export const declareEventExchanges = async (channel: Channel): Promise<void> => {
  for (const [exchange, type] of Object.entries(EXCHANGE_TYPES)) {
    await channel.assertExchange(exchange, type, { durable: true });
  }
};

/** Where a subscriber of facts reads: its own queue, bound to `shop.events` by these keys. */
export const eventQueueBinding = (queue: string, routingKeys: readonly string[]) => ({
  queue,
  exchange: EXCHANGES.events,
  routingKeys,
});
