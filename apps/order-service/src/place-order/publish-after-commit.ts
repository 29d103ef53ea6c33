import type { BeforeApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { IdempotentProducer } from '@pattern-shop/messaging-kafka';
import {
  kafkaOutboxPublisher,
  messageHeaders,
  type OutboxMessage,
  type OutboxPublisher,
  type OutboxRow,
  rabbitMqOutboxPublisher,
} from '@pattern-shop/messaging-outbox';
import {
  ConfirmingPublisher,
  declareEventExchanges,
  type RabbitConnection,
} from '@pattern-shop/messaging-rabbitmq';
import type { Logger } from '@pattern-shop/observability';

/**
 * The weak variant `publish-after-commit` (docs/chaos.md), for the chaos lab only: the naive
 * "commit, then publish" that the outbox exists to replace. OrderPlaced goes straight to the
 * brokers once the order committed; a broker that is away, or a crash between the commit and the
 * publish, loses the fact for good, and nothing retries it.
 */
export class PublishAfterCommit implements BeforeApplicationShutdown {
  private readonly confirming: ConfirmingPublisher;
  private readonly producer: IdempotentProducer;
  private readonly publishers: Readonly<Record<OutboxMessage['destination'], OutboxPublisher>>;

  constructor(
    rabbit: RabbitConnection,
    kafka: Kafka,
    private readonly logger: Logger,
  ) {
    this.confirming = new ConfirmingPublisher(rabbit, { setup: declareEventExchanges });
    this.producer = new IdempotentProducer(kafka);
    this.publishers = {
      rabbitmq: rabbitMqOutboxPublisher(this.confirming, 'order-service'),
      kafka: kafkaOutboxPublisher(this.producer),
    };
  }

  /** Never rejects: what the brokers refused is logged as lost, which is the point. */
  async publish(messages: readonly OutboxMessage[]): Promise<void> {
    for (const message of messages) {
      const [failure] = await this.publishers[message.destination].publish([rowOf(message)]);
      if (failure === undefined) continue;
      const { messageId, type, aggregateId } = message.envelope;
      this.logger.warn(
        { messageId, type, orderId: aggregateId, destination: message.destination },
        `message lost: published after commit, and ${message.destination} refused it (${failure.message})`,
      );
    }
  }

  /** Before the connections close (RabbitMqModule's and KafkaModule's shutdown hooks). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.confirming.close();
    await this.producer.close();
  }
}

const rowOf = (message: OutboxMessage): OutboxRow => {
  const { envelope } = message;
  const rabbit = message.destination === 'rabbitmq';
  return {
    id: envelope.messageId,
    aggregateId: envelope.aggregateId,
    destination: message.destination,
    exchangeOrTopic: rabbit ? message.exchange : message.topic,
    routingKeyOrKafkaKey: rabbit ? message.routingKey : message.key,
    mandatory: rabbit ? (message.mandatory ?? false) : false,
    messageId: envelope.messageId,
    type: envelope.type,
    headers: messageHeaders(envelope, message.traceparent),
    body: JSON.stringify(envelope),
    attempts: 0,
    due: true,
  };
};
