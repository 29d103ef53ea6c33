import { randomUUID } from 'node:crypto';
import type { Kafka, Message } from 'kafkajs';

export type BenchTopics = Readonly<{ orders: string; payments: string; inventory: string }>;

/**
 * A realistic mix of facts for `events` events: per order OrderPlaced, PaymentCharged,
 * StockReserved, OrderConfirmed; every tenth order is declined and cancelled instead. Each fact
 * is a full envelope as the outbox relay writes it, keyed by order id.
 */
export function* benchEvents(
  topics: BenchTopics,
  events: number,
): Generator<{ topic: string; message: Message }> {
  const day = Date.UTC(2099, 0, 1);
  let written = 0;
  for (let n = 0; written < events; n++) {
    const orderId = randomUUID();
    const at = new Date(day + (n % 1_440) * 60_000).toISOString();
    const lines = [
      { sku: `BENCH-${n % 50}`, quantity: 1 + (n % 3), unitPriceCents: 999 },
      { sku: `BENCH-${(n * 7) % 50}`, quantity: 1, unitPriceCents: 2_500 },
    ];
    const totalCents = lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
    const customer = { orderId, customerId: `bench-${n % 1_000}` };
    const money = { amountCents: totalCents, currency: 'EUR' };
    const facts: Array<[string, string, object]> = [
      [
        topics.orders,
        'OrderPlaced',
        {
          ...customer,
          lines,
          totalCents,
          currency: 'EUR',
          availabilityChecked: true,
          statusVersion: 1,
        },
      ],
    ];
    if (n % 10 === 9) {
      facts.push([
        topics.payments,
        'PaymentDeclined',
        { orderId, ...money, reason: 'card declined' },
      ]);
      facts.push([
        topics.orders,
        'OrderCancelled',
        { ...customer, statusVersion: 2, reason: 'payment declined' },
      ]);
    } else {
      facts.push([
        topics.payments,
        'PaymentCharged',
        { orderId, paymentId: randomUUID(), ...money },
      ]);
      facts.push([
        topics.inventory,
        'StockReserved',
        { orderId, lines: lines.map(({ sku, quantity }) => ({ sku, quantity })) },
      ]);
      facts.push([
        topics.orders,
        'OrderConfirmed',
        { ...customer, statusVersion: 2, totalCents, currency: 'EUR' },
      ]);
    }
    for (const [topic, type, data] of facts) {
      if (written++ >= events) return;
      const messageId = randomUUID();
      const envelope = {
        messageId,
        type,
        version: 1,
        occurredAt: at,
        correlationId: orderId,
        causationId: orderId,
        aggregateId: orderId,
        data,
      };
      yield {
        topic,
        message: {
          key: orderId,
          value: JSON.stringify(envelope),
          headers: { 'message-id': messageId, type, version: '1', 'correlation-id': orderId },
        },
      };
    }
  }
}

/** Writes the events in large batches with acks=all; resolves once the cluster has all of them. */
export const produceBenchEvents = async (
  kafka: Kafka,
  topics: BenchTopics,
  events: number,
): Promise<number> => {
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  let batch = new Map<string, Message[]>();
  let size = 0;
  const flush = async () => {
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...batch].map(([topic, messages]) => ({ topic, messages })),
    });
    batch = new Map();
    size = 0;
  };
  try {
    for (const { topic, message } of benchEvents(topics, events)) {
      batch.set(topic, [...(batch.get(topic) ?? []), message]);
      if (++size >= 5_000) await flush();
    }
    if (size > 0) await flush();
    return events;
  } finally {
    await producer.disconnect();
  }
};

export type ConsumerRun = Readonly<{
  eventsPerSecond: number;
  /** CPU seconds of the consuming process from its first batch to its last. */
  cpuSeconds: number;
}>;

/** A bare kafkajs consumer (no decoding, no database): how fast the client alone reads the topics. */
export const bareConsumerRate = async (
  kafka: Kafka,
  groupId: string,
  topics: readonly string[],
  events: number,
): Promise<ConsumerRun> => {
  const consumer = kafka.consumer({ groupId, maxBytesPerPartition: 8 << 20, maxBytes: 64 << 20 });
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics], fromBeginning: true });
  let seen = 0;
  let firstAt = 0;
  let cpuAtFirst: NodeJS.CpuUsage | undefined;
  try {
    return await new Promise<ConsumerRun>((resolve, reject) => {
      consumer
        .run({
          partitionsConsumedConcurrently: 4,
          eachBatch: async ({ batch }) => {
            firstAt ||= Date.now();
            cpuAtFirst ??= process.cpuUsage();
            seen += batch.messages.length;
            if (seen < events) return;
            const cpu = process.cpuUsage(cpuAtFirst);
            resolve({
              eventsPerSecond: events / ((Date.now() - firstAt) / 1000),
              cpuSeconds: (cpu.user + cpu.system) / 1e6,
            });
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
};
