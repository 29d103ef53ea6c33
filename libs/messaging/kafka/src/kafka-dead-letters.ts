import { kafkaDeadLetterTopic } from '@pattern-shop/contracts';
import type { IdempotentProducer } from './idempotent-producer.js';
import type { StreamRecord } from './stream-consumer.js';

/** Where a dead letter came from, as headers beside the reason headers of the caller. */
export const SOURCE_HEADERS = {
  topic: 'x-source-topic',
  partition: 'x-source-partition',
  offset: 'x-source-offset',
  timestamp: 'x-source-timestamp',
  consumerGroup: 'x-consumer-group',
} as const;

export type DeadLetter = Readonly<{
  record: StreamRecord;
  /** Why it failed, e.g. `deadLetterHeaders(error, ...)` of @pattern-shop/messaging-inbox. */
  reasonHeaders: Readonly<Record<string, string>>;
}>;

/**
 * Puts records a consumer group can never apply on `<group>.dlq`: the original key, value and
 * headers, plus where it came from and why. Sent through the idempotent producer (acks=all) and
 * awaited, so the consumer commits past a poison record only once its dead letter is stored.
 */
export class KafkaDeadLetters {
  readonly topic: string;

  constructor(
    private readonly producer: IdempotentProducer,
    private readonly consumerGroup: string,
  ) {
    this.topic = kafkaDeadLetterTopic(consumerGroup);
  }

  async send(letters: readonly DeadLetter[]): Promise<void> {
    await this.producer.send(
      letters.map(({ record, reasonHeaders }) => ({
        topic: this.topic,
        key: record.key,
        value: record.value ?? '',
        headers: {
          ...record.headers,
          ...reasonHeaders,
          [SOURCE_HEADERS.topic]: record.topic,
          [SOURCE_HEADERS.partition]: String(record.partition),
          [SOURCE_HEADERS.offset]: String(record.offset),
          [SOURCE_HEADERS.timestamp]: new Date(record.timestamp).toISOString(),
          [SOURCE_HEADERS.consumerGroup]: this.consumerGroup,
        },
      })),
    );
  }
}
