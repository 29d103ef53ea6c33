import {
  type MessageEnvelope,
  newEnvelope,
  portOf,
  QUEUES,
  type ServiceName,
} from '@pattern-shop/contracts';

/** The queues `poison` writes to: their consumers store each message id in their inbox. */
export const POISONABLE_QUEUES = [
  QUEUES.paymentCommands,
  QUEUES.inventoryCommands,
  QUEUES.emailOrderEvents,
] as const;
export type PoisonableQueue = (typeof POISONABLE_QUEUES)[number];

/** Who consumes each queue, and how its retries are set (variable and default, or fixed). */
const CONSUMERS: Record<
  PoisonableQueue,
  Readonly<{ app: ServiceName; delays: string; attempts: string }>
> = {
  'payment.commands': {
    app: 'payment-service',
    delays: 'COMMAND_RETRY_DELAYS_MS, by default 1s, then 10s',
    attempts: 'COMMAND_MAX_ATTEMPTS, by default 3',
  },
  'inventory.commands': {
    app: 'inventory-service',
    delays: 'COMMAND_RETRY_DELAYS_MS, by default 1s, then 10s',
    attempts: '3',
  },
  'email.order-events': { app: 'email-service', delays: '1s, then 10s', attempts: '3' },
};

export type PoisonIds = Readonly<{ messageId: string; orderId: string; paymentId: string }>;

/**
 * A message that passes every check a consumer makes before handling (JSON, an envelope, data
 * valid for its type), so it is not dead-lettered at once as unhandleable. Its envelope's
 * message id ends in a NUL character, which PostgreSQL refuses to store in text: the inbox insert
 * that opens the handler's transaction fails on every attempt, before any effect, as a bug in a
 * handler would. The AMQP message id is the clean one, so the CLI finds the letter by it.
 */
export const poisonEnvelope = (
  queue: PoisonableQueue,
  { messageId, orderId, paymentId }: PoisonIds,
  now: Date,
): MessageEnvelope => {
  const fields = {
    messageId: `${messageId}\u0000`,
    occurredAt: now,
    correlationId: `poison-${messageId}`,
    causationId: `poison-${messageId}`,
    aggregateId: orderId,
  };
  const reason = 'a poison message made by dead-letters poison';
  switch (queue) {
    case 'payment.commands':
      // A refund of a payment that does not exist: even if handled, the provider is never asked.
      return newEnvelope('RefundPayment', {
        ...fields,
        data: { orderId, paymentId, amountCents: 100, currency: 'EUR', reason },
      });
    case 'inventory.commands':
      return newEnvelope('ReleaseStock', { ...fields, data: { orderId, reason } });
    case 'email.order-events':
      return newEnvelope('OrderCancelled', {
        ...fields,
        data: { orderId, customerId: 'poison-lesson', statusVersion: 1, reason },
      });
  }
};

/** What the person sees after `poison`: what was sent, what will happen, how to watch it. */
export const poisonReport = (queue: PoisonableQueue, envelope: MessageEnvelope): string[] => {
  const { app, delays, attempts } = CONSUMERS[queue];
  const id = envelope.messageId.replace('\u0000', '');
  return [
    `published poison message ${id} (${envelope.type} for order ${envelope.aggregateId}) to ${queue}`,
    '',
    `It is valid JSON and a valid ${envelope.type}, but its envelope's messageId ends in a`,
    `NUL character, which PostgreSQL refuses to store: ${app}'s inbox insert fails`,
    'on every attempt (invalid byte sequence for encoding "UTF8": 0x00), before any effect.',
    '',
    `What happens once ${app} runs (./bin/run):`,
    `  1. each failed attempt is copied to ${queue}.retry.<delay>, which hands it back`,
    `     after that delay (${delays});`,
    `  2. the last failed attempt (${attempts}) copies it to ${queue}.dlq`,
    '     with why it failed: about 11 s after it was published, with the default delays.',
    '',
    'How to watch it:',
    `  curl -s 127.0.0.1:${portOf(app)}/metrics | grep 'handled_total{queue="${queue}"'`,
    '    # outcome="retried" counts the failed attempts, outcome="dead_lettered" the landing',
    `  the queues ${queue}.retry.* and ${queue}.dlq in http://127.0.0.1:15672/#/queues`,
    `  npm run -s dead-letters -- list            # ${queue}.dlq grows by one`,
    `  npm run -s dead-letters -- show ${queue} ${id}`,
    `Then remove it: npm run -s dead-letters -- discard ${queue} --id ${id}`,
  ];
};
