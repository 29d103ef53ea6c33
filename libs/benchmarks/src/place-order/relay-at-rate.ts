import { connect } from 'amqplib';
import { Kafka, logLevel } from 'kafkajs';
import { LOCAL_INFRA, queryServiceDb, waitFor } from '@pattern-shop/testing';
import { runPgbench } from './pgbench-place-order.js';
import { barePublishAtRate, type BarePublishFigures } from './bare-publish-at-rate.js';
import { cpuWhile } from './cpu-while.js';

/** Where the bench's rows go: an exchange and a topic of its own, deleted afterwards. */
const EXCHANGE = 'bench.relay';
const SINK_QUEUE = 'bench.relay.sink';
const TOPIC = 'bench.relay';
const AGGREGATE_PREFIX = 'bench-relay-';
/** Rows of the warm-up (JIT, the producer's first connections, the relay catching up), not counted. */
const WARM_UP_PREFIX = 'bench-relay-warm-up-';
const WARM_UP_SECONDS = 3;

/** An envelope-sized body (the relay copies it as it is), about the size of a real OrderPlaced. */
const PAYLOAD = JSON.stringify({
  type: 'OrderPlaced',
  version: 1,
  data: { lines: Array.from({ length: 2 }, (_, i) => ({ sku: `SKU-${i}`, quantity: 1 })) },
  padding: 'x'.repeat(600),
});

// What one placed order leaves in the outbox: OrderPlaced for RabbitMQ and for Kafka, and the
// saga's first command, in one transaction that notifies the relay (as appendToOutbox does).
const script = (prefix: string) => `
SELECT '${prefix}' || gen_random_uuid() AS aid \\gset
BEGIN;
INSERT INTO outbox (aggregate_id, destination, exchange_or_topic, routing_key_or_kafka_key, message_id, type, headers, payload)
  VALUES (':aid', 'rabbitmq', '${EXCHANGE}', 'order.placed', gen_random_uuid(), 'OrderPlaced', '{"correlation-id":"bench"}', '${PAYLOAD}'),
         (':aid', 'kafka', '${TOPIC}', ':aid', gen_random_uuid(), 'OrderPlaced', '{"correlation-id":"bench"}', '${PAYLOAD}'),
         (':aid', 'rabbitmq', '${EXCHANGE}', 'payment.charge', gen_random_uuid(), 'ChargePayment', '{"correlation-id":"bench"}', '${PAYLOAD}');
SELECT pg_notify('outbox_appended', '');
COMMIT;
`;

export type RelayAtRateFigures = Readonly<{
  orders: number;
  rows: number;
  p50: number;
  p99: number;
  max: number;
  /** CPU seconds per group while the measured rows were written and relayed. */
  cpuSeconds: Map<string, number>;
  /** The same messages at the same rate through bare amqplib and kafkajs, right after. */
  bare: BarePublishFigures & { cpuSeconds: Map<string, number> };
}>;

/** The relay's PostgreSQL sessions: its pool (the API is idle here) and its commit listener. */
const relaySessions = async (): Promise<number[]> =>
  (
    await queryServiceDb<{ pid: number }>(
      'order-service',
      `SELECT pid FROM pg_stat_activity WHERE application_name IN ('order-service', 'outbox-wakeup')`,
    )
  ).map((row) => row.pid);

const drained = () =>
  waitFor(
    'the relay to publish the bench rows',
    async () => {
      const [row] = await queryServiceDb<{ n: number }>(
        'order-service',
        `SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL AND aggregate_id LIKE '${AGGREGATE_PREFIX}%'`,
      );
      return row?.n === 0 ? true : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 200 },
  );

/**
 * The relay alone at a fixed rate of orders: pgbench (a C client, so the writer costs little of
 * the shared cores) commits each order's three outbox rows into order-service's real outbox
 * table at `ordersPerSecond`, while the relay of the order-service process that is running
 * publishes them to a durable quorum queue and a Kafka topic of the bench's own. Latency is
 * commit-to-confirm from the rows themselves (`published_at - created_at`).
 */
export const measureRelayAtRate = async ({
  ordersPerSecond,
  seconds,
  relayPid,
}: {
  ordersPerSecond: number;
  seconds: number;
  /** order-service's pid, whose CPU is the relay's (nothing else runs in it during the step). */
  relayPid: number;
}): Promise<RelayAtRateFigures> => {
  const rabbit = await connect(LOCAL_INFRA.rabbitmqUrl, { noDelay: true });
  const kafka = new Kafka({
    clientId: 'bench-relay',
    brokers: [LOCAL_INFRA.kafkaBrokers],
    sasl: LOCAL_INFRA.kafkaOperatorSasl,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const channel = await rabbit.createChannel();
    await channel.assertExchange(EXCHANGE, 'topic', { durable: false, autoDelete: false });
    await channel.assertQueue(SINK_QUEUE, {
      durable: true,
      arguments: { 'x-queue-type': 'quorum' },
    });
    await channel.bindQueue(SINK_QUEUE, EXCHANGE, '#');
    await admin.createTopics({
      topics: [{ topic: TOPIC, numPartitions: 3 }],
      waitForLeaders: true,
    });

    // Four clients at a fixed rate: the writer, not the relay, sets the pace.
    const write = async (prefix: string, forSeconds: number): Promise<number> => {
      const stdout = await runPgbench('pgbench-relay.sql', script(prefix), [
        '-c',
        '4',
        '-j',
        '1',
        '-R',
        String(ordersPerSecond),
        '-T',
        String(forSeconds),
      ]);
      const processed = /number of transactions actually processed: (\d+)/.exec(stdout)?.[1];
      if (processed === undefined) throw new Error(`pgbench printed no count:\n${stdout}`);
      return Number(processed);
    };
    await write(WARM_UP_PREFIX, WARM_UP_SECONDS);
    await drained();
    const relayLabels = new Map([[relayPid, 'order-service']]);
    const { result: orders, cpuSeconds } = await cpuWhile(
      relayLabels,
      async () => {
        const written = await write(AGGREGATE_PREFIX, seconds);
        await drained();
        return written;
      },
      async () =>
        new Map([
          ...relayLabels,
          ...(await relaySessions()).map((pid): [number, string] => [pid, 'relay sessions']),
        ]),
    );
    await channel.purgeQueue(SINK_QUEUE);
    const bare = await cpuWhile(new Map([[process.pid, 'bare client']]), () =>
      barePublishAtRate({
        ordersPerSecond,
        seconds,
        exchange: EXCHANGE,
        topic: TOPIC,
        payload: PAYLOAD,
      }),
    );
    const [figures] = await queryServiceDb<{ rows: number; p50: number; p99: number; max: number }>(
      'order-service',
      `SELECT count(*)::int AS rows,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max
         FROM (SELECT extract(epoch FROM published_at - created_at) * 1000 AS ms
                 FROM outbox WHERE aggregate_id LIKE '${AGGREGATE_PREFIX}%'
                  AND aggregate_id NOT LIKE '${WARM_UP_PREFIX}%') t`,
    );
    return {
      orders,
      rows: Number(figures?.rows),
      p50: Number(figures?.p50),
      p99: Number(figures?.p99),
      max: Number(figures?.max),
      cpuSeconds,
      bare: { ...bare.result, cpuSeconds: bare.cpuSeconds },
    };
  } finally {
    await queryServiceDb(
      'order-service',
      `DELETE FROM outbox WHERE aggregate_id LIKE '${AGGREGATE_PREFIX}%'`,
    ).catch(() => undefined);
    await rabbit
      .createChannel()
      .then(async (cleanup) => {
        await cleanup.deleteQueue(SINK_QUEUE);
        await cleanup.deleteExchange(EXCHANGE);
      })
      .catch(() => undefined);
    await rabbit.close().catch(() => undefined);
    await admin.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
    await admin.disconnect();
  }
};
