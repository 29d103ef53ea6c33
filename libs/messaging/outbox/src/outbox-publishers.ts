import type { ConfirmingPublisher } from '@pattern-shop/messaging-rabbitmq';
import type { IdempotentProducer } from '@pattern-shop/messaging-kafka';
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

/** Persistent messages on a confirm channel; a row counts as published once RabbitMQ acks it. */
export const rabbitMqOutboxPublisher = (
  publisher: ConfirmingPublisher,
  service: string,
): OutboxPublisher => ({
  publish: (rows) =>
    publisher.publishAll(
      rows.map((row) => ({
        exchange: row.exchangeOrTopic,
        routingKey: row.routingKeyOrKafkaKey,
        content: Buffer.from(row.body),
        mandatory: row.mandatory,
        properties: {
          messageId: row.messageId,
          type: row.type,
          correlationId: row.headers['correlation-id'],
          contentType: 'application/json',
          appId: service,
          headers: row.headers,
        },
      })),
    ),
});

/** One idempotent batch with `acks: -1`; the rows are confirmed or failed together. */
export const kafkaOutboxPublisher = (producer: IdempotentProducer): OutboxPublisher => ({
  publish: async (rows) => {
    try {
      await producer.send(
        rows.map((row) => ({
          topic: row.exchangeOrTopic,
          key: row.routingKeyOrKafkaKey,
          value: row.body,
          headers: row.headers,
        })),
      );
      return rows.map(() => undefined);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      return rows.map(() => failure);
    }
  },
});
