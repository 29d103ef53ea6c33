import type { ConfirmingPublisher } from '@pattern-shop/messaging-rabbitmq';
import type { IdempotentProducer } from '@pattern-shop/messaging-kafka';
import { type MessageSigner, signatureHeaders } from '@pattern-shop/messaging-signing';
import { endSpan, startProducerSpan } from '@pattern-shop/observability';
import type { Destination, OutboxRow } from './outbox-store.js';

/**
 * Puts rows on one broker. Resolves with one entry per row, in order: `undefined` once the broker
 * confirmed the row (it may be marked published), otherwise why not. Never rejects.
 */
export type OutboxPublisher = Readonly<{
  publish: (rows: readonly OutboxRow[]) => Promise<ReadonlyArray<Error | undefined>>;
}>;

/** A service may use one broker only; a row for a missing one fails with a clear error. */
export type OutboxPublishers = Readonly<Partial<Record<Destination, OutboxPublisher>>>;

/** Envelopes are small; a bound keeps a span small even if one is not. */
const ENVELOPE_ATTRIBUTE_LIMIT = 4_096;

/**
 * One PRODUCER span per row, a child of the work that wrote it (its stored `traceparent`); the
 * row goes out with headers naming that span, and the span ends with the broker's answer.
 */
const tracedRows = (rows: readonly OutboxRow[], system: 'rabbitmq' | 'kafka') =>
  rows.map((row) => {
    const { span, headers } = startProducerSpan(`${row.exchangeOrTopic} publish`, row.headers, {
      'messaging.system': system,
      'messaging.destination.name': row.exchangeOrTopic,
      'messaging.message.id': row.messageId,
      'messaging.message.type': row.type,
      'messaging.destination.routing_key': row.routingKeyOrKafkaKey,
      // The journey view (apps/web) shows the message that crossed each hop and finds it by order.
      'shop.aggregate.id': row.aggregateId,
      'shop.message.envelope': row.body.slice(0, ENVELOPE_ATTRIBUTE_LIMIT),
      'shop.outbox.attempts': row.attempts,
    });
    span.setAttribute('shop.message.headers', JSON.stringify(headers));
    return { row, span, headers };
  });

/**
 * Persistent messages on a confirm channel; a row counts as published once RabbitMQ acks it.
 * With a `signer`, each message is signed over the very bytes sent (docs/security.md).
 */
export const rabbitMqOutboxPublisher = (
  publisher: ConfirmingPublisher,
  service: string,
  signer?: MessageSigner,
): OutboxPublisher => ({
  publish: async (rows) => {
    const traced = tracedRows(rows, 'rabbitmq');
    const results = await publisher.publishAll(
      traced.map(({ row, headers }) => {
        const content = Buffer.from(row.body);
        return {
          exchange: row.exchangeOrTopic,
          routingKey: row.routingKeyOrKafkaKey,
          content,
          mandatory: row.mandatory,
          properties: {
            messageId: row.messageId,
            type: row.type,
            correlationId: row.headers['correlation-id'],
            contentType: 'application/json',
            appId: service,
            headers: signer
              ? { ...headers, ...signatureHeaders(signer, content, headers) }
              : headers,
          },
        };
      }),
    );
    traced.forEach(({ span }, index) => endSpan(span, results[index]));
    return results;
  },
});

/** One idempotent batch with `acks: -1`; the rows are confirmed or failed together. */
export const kafkaOutboxPublisher = (producer: IdempotentProducer): OutboxPublisher => ({
  publish: async (rows) => {
    const traced = tracedRows(rows, 'kafka');
    try {
      await producer.send(
        traced.map(({ row, headers }) => ({
          topic: row.exchangeOrTopic,
          key: row.routingKeyOrKafkaKey,
          value: row.body,
          headers,
        })),
      );
      traced.forEach(({ span }) => endSpan(span));
      return rows.map(() => undefined);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      traced.forEach(({ span }) => endSpan(span, failure));
      return rows.map(() => failure);
    }
  },
});
