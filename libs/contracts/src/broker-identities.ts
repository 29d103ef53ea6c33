import { EXCHANGES, QUEUES, ROUTING_KEYS } from './messaging-names.js';
import type { ServiceName } from './services.js';

/** A queue a service declares, and the keys by which it is bound to `exchange`. */
export type QueueUse = Readonly<{
  queue: string;
  exchange: string;
  routingKeys: readonly string[];
  /** Whether its consumer has retry queues `<queue>.retry.<delay>`. */
  retries: boolean;
  /** One exclusive queue `<queue>.<instance>` per process, dead letters to `<queue>.dlq`. */
  perInstance?: boolean;
}>;

/**
 * What one service does on RabbitMQ, the one source its broker permissions are derived from
 * (docs/security.md, Broker identities): the queues it consumes, the queues it declares ahead of
 * their owner so that what it sends waits there, and the routing keys it publishes per exchange.
 */
export type BrokerIdentity = Readonly<{
  user: ServiceName;
  consumes: readonly QueueUse[];
  declaresAhead: readonly QueueUse[];
  publishes: Readonly<Partial<Record<string, readonly string[]>>>;
}>;

const commandQueue = (queue: string, retries: boolean): QueueUse => ({
  queue,
  exchange: EXCHANGES.commands,
  routingKeys: [queue],
  retries,
});

const PRODUCT_FACTS = [ROUTING_KEYS.productAdded, ROUTING_KEYS.productPriceChanged];
const productReplica = (retries: boolean): QueueUse => ({
  queue: QUEUES.orderProductEvents,
  exchange: EXCHANGES.events,
  routingKeys: PRODUCT_FACTS,
  retries,
});

export const BROKER_IDENTITIES: readonly BrokerIdentity[] = [
  {
    user: 'order-service',
    consumes: [commandQueue(QUEUES.orderSagaReplies, true), productReplica(true)],
    declaresAhead: [
      commandQueue(QUEUES.paymentCommands, false),
      commandQueue(QUEUES.inventoryCommands, false),
      // Its own, read by people only (the dead-letters CLI); it sends the notes there.
      commandQueue(QUEUES.orderSagaParked, false),
    ],
    publishes: {
      [EXCHANGES.events]: [
        ROUTING_KEYS.orderPlaced,
        ROUTING_KEYS.orderConfirmed,
        ROUTING_KEYS.orderCancelled,
      ],
      [EXCHANGES.commands]: [
        QUEUES.paymentCommands,
        QUEUES.inventoryCommands,
        QUEUES.orderSagaParked,
      ],
    },
  },
  {
    user: 'inventory-service',
    consumes: [commandQueue(QUEUES.inventoryCommands, true)],
    declaresAhead: [productReplica(false)],
    publishes: {
      [EXCHANGES.events]: [
        ROUTING_KEYS.stockReserved,
        ROUTING_KEYS.stockReservationFailed,
        ROUTING_KEYS.stockReleased,
        ...PRODUCT_FACTS,
      ],
      [EXCHANGES.commands]: [QUEUES.orderSagaReplies],
    },
  },
  {
    user: 'payment-service',
    consumes: [commandQueue(QUEUES.paymentCommands, true)],
    declaresAhead: [],
    publishes: {
      [EXCHANGES.events]: [
        ROUTING_KEYS.paymentCharged,
        ROUTING_KEYS.paymentDeclined,
        ROUTING_KEYS.paymentRefunded,
        ROUTING_KEYS.paymentRefundFailed,
      ],
      [EXCHANGES.commands]: [QUEUES.orderSagaReplies],
    },
  },
  {
    user: 'email-service',
    consumes: [
      {
        queue: QUEUES.emailOrderEvents,
        exchange: EXCHANGES.events,
        routingKeys: [ROUTING_KEYS.orderConfirmed, ROUTING_KEYS.orderCancelled],
        retries: true,
      },
    ],
    declaresAhead: [],
    publishes: {},
  },
  {
    user: 'realtime-gateway',
    consumes: [
      {
        queue: QUEUES.realtimeOrderEvents,
        exchange: EXCHANGES.events,
        routingKeys: [
          ROUTING_KEYS.orderPlaced,
          ROUTING_KEYS.orderConfirmed,
          ROUTING_KEYS.orderCancelled,
        ],
        retries: false,
        perInstance: true,
      },
    ],
    declaresAhead: [],
    publishes: {},
  },
];

export const brokerIdentityOf = (user: string): BrokerIdentity => {
  const identity = BROKER_IDENTITIES.find((candidate) => candidate.user === user);
  if (identity === undefined) throw new Error(`${user} has no RabbitMQ identity`);
  return identity;
};

/** The local development password of a service's RabbitMQ user; never used outside a laptop. */
export const brokerDevPassword = (user: string): string => `${user}_dev`;
