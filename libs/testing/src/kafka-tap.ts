import { randomUUID } from 'node:crypto';
import { type Consumer, Kafka, logLevel } from 'kafkajs';
import { LOCAL_INFRA } from './local-environment.js';

export type KafkaRecord = Readonly<{
  key: string | null;
  headers: Record<string, string>;
  value: unknown;
}>;

export type KafkaTap = Readonly<{
  /** Everything written to the topic since the tap was made, so far. */
  read: () => Promise<readonly KafkaRecord[]>;
  close: () => Promise<void>;
}>;

/**
 * Collects everything written to a topic from the moment of the call on. Only the end offsets
 * are taken now; the consumer starts at the first `read()` and seeks to them. So a tap survives a
 * Kafka outage in between: nothing is connected while the broker is away.
 */
export const tapTopic = async (topic: string): Promise<KafkaTap> => {
  const kafka = new Kafka({
    clientId: 'test-tap',
    brokers: [LOCAL_INFRA.kafkaBrokers],
    sasl: LOCAL_INFRA.kafkaOperatorSasl,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const records: KafkaRecord[] = [];
  let consumer: Consumer | undefined;

  const start = async (): Promise<Consumer> => {
    const attempt = kafka.consumer({
      groupId: `test-tap-${randomUUID()}`,
      // A disconnect waits for the fetch in flight: kafkajs's 5-s long poll would hold each close.
      maxWaitTimeInMs: 250,
      retry: { restartOnFailure: async () => false },
    });
    try {
      await attempt.connect();
      await attempt.subscribe({ topic, fromBeginning: false });
      await attempt.run({
        eachMessage: async ({ message }) => {
          const headers = Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(value)]),
          );
          records.push({
            key: message.key?.toString() ?? null,
            headers,
            value: JSON.parse(message.value?.toString() ?? 'null'),
          });
        },
      });
      for (const { partition, offset } of ends) attempt.seek({ topic, partition, offset });
      return attempt;
    } catch (error) {
      await attempt.disconnect().catch(() => undefined);
      throw error;
    }
  };

  return {
    read: async () => {
      consumer ??= await start();
      return records;
    },
    close: async () => {
      await consumer?.disconnect();
    },
  };
};
