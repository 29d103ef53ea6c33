import type { IHeaders, Kafka, Producer } from 'kafkajs';

export type KeyedKafkaMessage = Readonly<{
  topic: string;
  /** null: no key (a dead letter of a keyless record keeps it keyless). */
  key: string | null;
  value: string | Buffer;
  headers: Readonly<Record<string, string>>;
}>;

/**
 * A Kafka producer for messages that must not be lost or duplicated by the producer's own retries:
 * idempotent (the broker drops a retried duplicate), one request in flight (a retry never lands
 * behind a later batch, so per-key order holds) and `acks: -1` (every in-sync replica has it).
 * `send` resolves only once the cluster acknowledged every message.
 */
export class IdempotentProducer {
  private producer: Promise<Producer> | undefined;

  constructor(
    private readonly kafka: Kafka,
    /** Retries inside one `send`; once they run out the caller sees the error and decides. */
    private readonly retries = 3,
  ) {}

  async send(messages: readonly KeyedKafkaMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connected();
    try {
      await producer.sendBatch({ acks: -1, topicMessages: byTopic(messages) });
    } catch (error) {
      // After a failed send the producer's sequence numbers may no longer match the broker's;
      // a fresh producer gets a new producer id, so a resend is never mistaken for a duplicate.
      await this.reset();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.reset();
  }

  /** One producer at a time, connected once; concurrent sends share the connection attempt. */
  private connected(): Promise<Producer> {
    if (this.producer === undefined) {
      const connecting = this.connect();
      connecting.catch(() => {
        if (this.producer === connecting) this.producer = undefined;
      });
      this.producer = connecting;
    }
    return this.producer;
  }

  private async connect(): Promise<Producer> {
    const producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: this.retries },
    });
    try {
      await producer.connect();
      return producer;
    } catch (error) {
      await producer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private async reset(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await producer?.then((connected) => connected.disconnect()).catch(() => undefined);
  }
}

const byTopic = (messages: readonly KeyedKafkaMessage[]) => {
  const topics = new Map<
    string,
    { key: string | null; value: string | Buffer; headers: IHeaders }[]
  >();
  for (const { topic, key, value, headers } of messages) {
    const batch = topics.get(topic) ?? [];
    batch.push({ key, value, headers: { ...headers } });
    topics.set(topic, batch);
  }
  return [...topics].map(([topic, batch]) => ({ topic, messages: batch }));
};
