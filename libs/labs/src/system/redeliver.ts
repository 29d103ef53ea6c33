import { connect } from 'amqplib';
import { LOCAL_INFRA, queryServiceDb, waitFor } from '@pattern-shop/testing';
import { readSample } from './metrics.js';

type PublishedFact = Readonly<{
  exchange_or_topic: string;
  routing_key_or_kafka_key: string;
  message_id: string;
  type: string;
  headers: Record<string, string>;
  payload: unknown;
}>;

/** The fact order-service's relay published for this order, from its outbox; once it is out. */
export const publishedFact = (orderId: string, type: string): Promise<PublishedFact> =>
  waitFor(
    `order-service to publish ${type} for order ${orderId}`,
    async () => {
      const [row] = await queryServiceDb<PublishedFact>(
        'order-service',
        `SELECT exchange_or_topic, routing_key_or_kafka_key, message_id, type, headers, payload
           FROM outbox
          WHERE aggregate_id = $1 AND type = $2 AND destination = 'rabbitmq'
            AND published_at IS NOT NULL
          ORDER BY id LIMIT 1`,
        [orderId, type],
      );
      return row;
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );

/** The mail each fact sends (apps/email-service's templates). */
const TEMPLATE_OF: Record<string, string> = {
  OrderConfirmed: 'order-confirmed',
  OrderCancelled: 'order-cancelled',
};

const settledByEmail = () =>
  readSample('email-service', 'rabbitmq_messages_handled_total', {
    queue: 'email.order-events',
    outcome: 'handled',
  });

/**
 * Delivers an order's fact again, same message id, headers and body, as RabbitMQ does after a
 * consumer died before its ack or the relay died before marking the row: at-least-once delivery.
 * Waits until email-service has settled the copies, so what follows sees their effect; on a
 * stack busy with other orders its counter can run ahead (`npm run lab -- reset` waits for quiet).
 */
export const redeliverFact = async (
  orderId: string,
  type: string,
  copies: number,
  log: (line: string) => void,
): Promise<PublishedFact> => {
  const fact = await publishedFact(orderId, type);
  // The first delivery settled, or its ack could be counted as a copy's below.
  await waitFor(
    `email-service to have handled the first ${type} of order ${orderId}`,
    async () => {
      const rows = await queryServiceDb(
        'email-service',
        'SELECT 1 FROM sent_emails WHERE order_id = $1 AND template = $2',
        [orderId, TEMPLATE_OF[type] ?? ''],
      );
      return rows.length > 0 ? true : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );
  const before = await settledByEmail();
  const connection = await connect(LOCAL_INFRA.rabbitmqUrl);
  try {
    const channel = await connection.createConfirmChannel();
    for (let i = 0; i < copies; i++) {
      channel.publish(
        fact.exchange_or_topic,
        fact.routing_key_or_kafka_key,
        Buffer.from(JSON.stringify(fact.payload)),
        {
          messageId: fact.message_id,
          type: fact.type,
          correlationId: fact.headers['correlation-id'],
          contentType: 'application/json',
          appId: 'lab-redeliver',
          headers: fact.headers,
          persistent: true,
        },
      );
    }
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
  log(
    `${type} ${fact.message_id} of order ${orderId} delivered ${copies} more time(s) to ${fact.exchange_or_topic} (${fact.routing_key_or_kafka_key})`,
  );
  await waitFor(
    'email-service to settle the copies',
    async () => ((await settledByEmail()) - before >= copies ? true : undefined),
    { timeoutMs: 30_000, intervalMs: 250 },
  );
  log('email-service settled them (rabbitmq_messages_handled_total{queue="email.order-events"})');
  return fact;
};
