import type { BrokerIdentity, QueueUse } from './broker-identities.js';
import { DEAD_LETTER_EXCHANGE, EXCHANGES } from './messaging-names.js';

export type VhostPermissions = Readonly<{ configure: string; write: string; read: string }>;
export type TopicPermissions = Readonly<{ exchange: string; write: string; read: string }>;

/** A name as a regex of itself: RabbitMQ matches permissions as Erlang (PCRE) regexes. */
const escape = (name: string): string => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Matches exactly the given names; `^$` (nothing a service uses) when there are none. */
const exactly = (patterns: readonly string[]): string =>
  patterns.length === 0 ? '^$' : `^(${[...new Set(patterns)].join('|')})$`;

const RETRIES = '\\.retry\\.[0-9]+m?s';

/** The queue, its dead-letter queue and its retry queues (or each instance's queue). */
const queueFamily = ({ queue, retries, perInstance }: QueueUse): string =>
  perInstance === true
    ? `${escape(queue)}\\..+`
    : `${escape(queue)}(\\.dlq${retries ? `|${RETRIES}` : ''})?`;

/** What its consumer reads: the queue and its retry queues, not the dead letters (for people). */
const queueRead = ({ queue, retries, perInstance }: QueueUse): string =>
  perInstance === true
    ? `${escape(queue)}\\.(?!dlq$).+`
    : `${escape(queue)}${retries ? `(${RETRIES})?` : ''}`;

/** The keys it sends its own copies by on `shop.dead-letters`: its dead letters and retries. */
const copiesSent = ({ queue, retries, perInstance }: QueueUse): string =>
  perInstance === true || !retries
    ? `${escape(queue)}\\.dlq`
    : `${escape(queue)}(\\.dlq|${RETRIES})`;

/** The queue itself (each instance's queue), the one bound to an exchange. */
const queueItself = (use: QueueUse): string =>
  use.perInstance === true ? queueRead(use) : escape(use.queue);

const declared = ({ consumes, declaresAhead }: BrokerIdentity) => [...consumes, ...declaresAhead];
const publishesAnything = ({ publishes }: BrokerIdentity): boolean =>
  Object.values(publishes).some((keys) => (keys ?? []).length > 0);

/**
 * RabbitMQ's rules (docs: access control): declaring needs configure; a queue declared with a
 * dead-letter exchange also needs write on that exchange (`shop.dead-letters`) and read on the
 * queue; binding needs write on the queue and read on the exchange; publishing needs write on
 * the exchange. The outbox's publisher declares both system exchanges on every channel. Nothing
 * may write to the default exchange, where topic permissions would not apply.
 */
export const vhostPermissionsOf = (identity: BrokerIdentity): VhostPermissions => {
  const queues = declared(identity);
  const boundExchanges = queues.map(({ exchange }) => escape(exchange));
  const deadLetters = queues.length > 0 ? [escape(DEAD_LETTER_EXCHANGE)] : [];
  const publishedExchanges = publishesAnything(identity)
    ? Object.values(EXCHANGES).map(escape)
    : [];
  return {
    configure: exactly([
      ...boundExchanges,
      ...deadLetters,
      ...publishedExchanges,
      ...queues.map(queueFamily),
    ]),
    write: exactly([...deadLetters, ...publishedExchanges, ...queues.map(queueFamily)]),
    read: exactly([
      ...boundExchanges,
      ...deadLetters,
      ...identity.consumes.map(queueRead),
      ...identity.declaresAhead.map(queueItself),
    ]),
  };
};

/**
 * On each system topic exchange: the routing keys it may publish and bind by. Every exchange
 * gets an entry, since a user without one on an exchange may publish any key there. On
 * `shop.dead-letters` a key is a queue's name: a service sends copies only to its own dead-letter
 * and retry queues, never to a consumed queue, and binds only its own queues.
 */
export const topicPermissionsOf = (identity: BrokerIdentity): TopicPermissions[] => [
  ...Object.values(EXCHANGES).map((exchange) => ({
    exchange,
    write: exactly((identity.publishes[exchange] ?? []).map(escape)),
    read: exactly(
      declared(identity)
        .filter((use) => use.exchange === exchange)
        .flatMap((use) => use.routingKeys.map(escape)),
    ),
  })),
  {
    exchange: DEAD_LETTER_EXCHANGE,
    write: exactly(identity.consumes.map(copiesSent)),
    read: exactly(declared(identity).map(queueFamily)),
  },
];
