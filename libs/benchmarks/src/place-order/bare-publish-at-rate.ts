import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { createKafkaClient } from '@pattern-shop/messaging-kafka';
import { LOCAL_INFRA } from '@pattern-shop/testing';
import { percentile } from '../realtime/realtime-load.js';

export type BarePublishFigures = Readonly<{
  messages: number;
  p50: number;
  p99: number;
  max: number;
}>;

export type BarePublishSettings = Readonly<{
  ordersPerSecond: number;
  seconds: number;
  exchange: string;
  topic: string;
  /** The body of every message, the same bytes the relay's rows carry. */
  payload: string;
}>;

const silent = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
};

/** How often due orders are published: the floor of the bare path's latency, kept small. */
const TICK_MS = 2;
/** Messages per Kafka request at most, well under the broker's 1 MB, as the relay's batch is. */
const KAFKA_BATCH = 500;

/**
 * The floor the relay is compared with: the same messages at the same rate to the same kinds of
 * destinations, with nothing else. Each order's two RabbitMQ messages go out persistent on a
 * confirm channel the moment they are due; its Kafka message joins the next `sendBatch` (acks -1,
 * idempotent, one request in flight, as the relay's producer). Latency runs from the moment a
 * message was due to its confirm, so a publisher falling behind shows in it.
 */
export const barePublishAtRate = async ({
  ordersPerSecond,
  seconds,
  exchange,
  topic,
  payload,
}: BarePublishSettings): Promise<BarePublishFigures> => {
  const rabbit = await connect(LOCAL_INFRA.rabbitmqUrl, { noDelay: true });
  const producer = createKafkaClient({
    clientId: 'bench-bare-publish',
    brokers: [LOCAL_INFRA.kafkaBrokers],
    logger: silent,
    login: LOCAL_INFRA.kafkaOperatorSasl,
  }).producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  try {
    const channel = await rabbit.createConfirmChannel();
    await producer.connect();
    const body = Buffer.from(payload);
    const orders = Math.round(ordersPerSecond * seconds);
    const latencies: number[] = [];
    const kafkaWaiting: { dueAt: number; key: string }[] = [];
    let kafkaInFlight = false;
    let failure: unknown;
    const sendKafka = (): void => {
      if (kafkaInFlight || kafkaWaiting.length === 0) return;
      const batch = kafkaWaiting.splice(0, KAFKA_BATCH);
      kafkaInFlight = true;
      producer
        .sendBatch({
          acks: -1,
          topicMessages: [
            {
              topic,
              messages: batch.map(({ key }) => ({
                key,
                value: body,
                headers: { 'correlation-id': 'bench' },
              })),
            },
          ],
        })
        .then(
          () => batch.forEach(({ dueAt }) => latencies.push(performance.now() - dueAt)),
          (error: unknown) => (failure = error),
        )
        .finally(() => {
          kafkaInFlight = false;
          sendKafka();
        });
    };
    const publishRabbit = (routingKey: string, type: string, dueAt: number): void => {
      const messageId = randomUUID();
      const properties = {
        persistent: true,
        messageId,
        type,
        contentType: 'application/json',
        headers: { 'message-id': messageId, type, 'correlation-id': 'bench' },
      };
      channel.publish(exchange, routingKey, body, properties, (error: unknown) => {
        if (error) failure = error;
        else latencies.push(performance.now() - dueAt);
      });
    };
    const startedAt = performance.now();
    let published = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const due = Math.min(
          orders,
          Math.floor(((performance.now() - startedAt) / 1_000) * ordersPerSecond),
        );
        for (; published < due; published++) {
          const dueAt = startedAt + (published * 1_000) / ordersPerSecond;
          publishRabbit('order.placed', 'OrderPlaced', dueAt);
          publishRabbit('payment.charge', 'ChargePayment', dueAt);
          kafkaWaiting.push({ dueAt, key: randomUUID() });
        }
        sendKafka();
        if (published === orders) {
          clearInterval(timer);
          resolve();
        }
      }, TICK_MS);
    });
    const deadline = Date.now() + 60_000;
    while (latencies.length < orders * 3 && failure === undefined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (failure !== undefined) throw failure;
    if (latencies.length < orders * 3)
      throw new Error(`bare publish: ${latencies.length} of ${orders * 3} confirmed in 60 s`);
    return {
      messages: latencies.length,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
    };
  } finally {
    await producer.disconnect().catch(() => undefined);
    await rabbit.close().catch(() => undefined);
  }
};
