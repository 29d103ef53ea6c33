// Benchmark of pattern 6: how many socket.io connections one realtime-gateway process holds, and
// the push latency at that load: from publishing an order fact on shop.events to its receipt by
// the subscribed client (the gateway alone), then, with the connections still open, from the
// status commit in order-service to the receipt, on real orders through the real saga (outbox
// relay, RabbitMQ, gateway). Loopback only; stops by itself. Prints figures; asserts nothing.
// Usage: npm run bench:realtime  (BENCH_CONNECTIONS, BENCH_PUSHES, BENCH_PUSH_RATE,
// BENCH_SAGA_ORDERS, BENCH_SAGA_RATE to change it; BENCH_SAGA_ORDERS=0 skips the saga phase)
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { connect } from 'amqplib';
import { envelopes, EXCHANGES, QUEUES, ROUTING_KEYS, SERVICES } from '@pattern-shop/contracts';
import { type BenchClient, openClients, percentile } from '../realtime/realtime-load.js';
import { pushPathBreakdown } from '../realtime/push-path-breakdown.js';
import { measureSagaPushLatency } from '../realtime/saga-push-latency.js';
import {
  LOCAL_INFRA,
  type OtlpReceiver,
  ServiceProcess,
  startOtlpReceiver,
} from '@pattern-shop/testing';

const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10_000);
const PUSHES = Number(process.env['BENCH_PUSHES'] ?? 2_000);
const PUSH_RATE = Number(process.env['BENCH_PUSH_RATE'] ?? 200);
const PORT = process.env['BENCH_GATEWAY_PORT'] ?? '3196';
const SAGA_ORDERS = Number(process.env['BENCH_SAGA_ORDERS'] ?? 200);
const SAGA_RATE = Number(process.env['BENCH_SAGA_RATE'] ?? 10);
/** BENCH_TRACE=1: the apps export traces to a receiver in this process; prints where time goes. */
const TRACE = process.env['BENCH_TRACE'] === '1';
const DEADLINE_MS = 10 * 60_000;

const rssMiB = (pid: number | undefined): string => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/);
  return line ? `${(Number(line[1]) / 1024).toFixed(0)} MiB` : 'unknown';
};

let tracing: Record<string, string> = {};
let receiver: OtlpReceiver | undefined;

const main = async (): Promise<void> => {
  if (TRACE) {
    receiver = await startOtlpReceiver();
    tracing = {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
  }
  setTimeout(() => {
    console.error(`bench: gave up after ${DEADLINE_MS / 60_000} min`);
    process.exit(2);
  }, DEADLINE_MS).unref();
  const gateway = ServiceProcess.start('realtime-gateway', {
    PORT,
    LOG_LEVEL: 'warn',
    ...tracing,
    ...(process.env['BENCH_HEARTBEAT_INTERVAL_MS']
      ? { HEARTBEAT_INTERVAL_MS: process.env['BENCH_HEARTBEAT_INTERVAL_MS'] }
      : {}),
  });
  const rabbit = await connect(LOCAL_INFRA.rabbitmqUrl, { noDelay: true });
  let clients: BenchClient[] = [];
  try {
    await gateway.waitUntilReady();
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const onPush = ({ orderId }: { orderId: string }) => {
      const start = sentAt.get(orderId);
      if (start !== undefined) latencies.push(performance.now() - start);
    };
    const opening = performance.now();
    clients = await openClients(gateway.baseUrl, { count: CONNECTIONS, batch: 250, onPush });
    const openSeconds = (performance.now() - opening) / 1000;
    console.log(
      `connections: ${clients.length} open and subscribed in ${openSeconds.toFixed(1)} s; gateway RSS ${rssMiB(gateway.pid)}`,
    );

    const channel = await rabbit.createConfirmChannel();
    for (let i = 0; i < PUSHES; i++) {
      const client = clients[(i * 7919) % clients.length]; // a different client each time
      if (client === undefined) break;
      const { orderId } = client;
      const fact = envelopes.OrderConfirmed({
        messageId: randomUUID(),
        occurredAt: new Date(),
        correlationId: `bench-${i}`,
        causationId: `bench-${i}`,
        aggregateId: orderId,
        data: {
          orderId,
          customerId: client.customerId,
          statusVersion: 2 + i,
          totalCents: 100,
          currency: 'EUR',
        },
      });
      sentAt.set(orderId, performance.now());
      channel.publish(
        EXCHANGES.events,
        ROUTING_KEYS.orderConfirmed,
        Buffer.from(JSON.stringify(fact)),
        {
          contentType: 'application/json',
          messageId: fact.messageId,
          type: fact.type,
        },
      );
      await new Promise((resolve) => setTimeout(resolve, 1000 / PUSH_RATE));
    }
    await channel.waitForConfirms();
    const waitUntil = Date.now() + 10_000;
    while (latencies.length < PUSHES && Date.now() < waitUntil) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const metrics = await (await fetch(`${gateway.baseUrl}/metrics`)).text();
    const open = metrics.match(/realtime_open_connections\{transport="socketio"[^}]*\} (\d+)/)?.[1];
    console.log(
      `push latency, publish to receipt, ${latencies.length}/${PUSHES} pushes at ${PUSH_RATE}/s with ${clients.length} connections: ` +
        `p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${percentile(latencies, 100).toFixed(1)} ms`,
    );
    console.log(`gateway reports ${open} open socket.io connections; RSS ${rssMiB(gateway.pid)}`);
    if (SAGA_ORDERS > 0) await sagaPhase(gateway.baseUrl, clients.length);
  } finally {
    clients.forEach(({ socket }) => socket.disconnect());
    // The facts went to shop.events, so email-service's queue got them too; nobody consumed them.
    const purged = await rabbit
      .createChannel()
      .then((channel) => channel.purgeQueue(QUEUES.emailOrderEvents))
      .catch(() => ({ messageCount: 0 }));
    console.log(
      `cleaned up: ${purged.messageCount} bench facts purged from ${QUEUES.emailOrderEvents}`,
    );
    await rabbit.close().catch(() => undefined);
    await gateway.stop();
  }
};

/** Status commit to receipt on real orders, with the bench's connections still open. */
const sagaPhase = async (gatewayUrl: string, connections: number): Promise<void> => {
  const stack = (
    ['payment-provider', 'payment-service', 'inventory-service', 'order-service'] as const
  ).map((name) => ServiceProcess.start(name, { LOG_LEVEL: 'warn', ...tracing }));
  try {
    await Promise.all(stack.map((app) => app.waitUntilReady()));
    const figures = await measureSagaPushLatency(
      {
        gatewayUrl,
        orderServiceUrl: `http://127.0.0.1:${SERVICES['order-service'].port}`,
        inventoryUrl: `http://127.0.0.1:${SERVICES['inventory-service'].port}`,
      },
      { orders: SAGA_ORDERS, perSecond: SAGA_RATE },
    );
    const { latenciesMs: ms } = figures;
    console.log(
      `push latency, status commit to receipt, ${figures.received}/${figures.orders} orders through the saga at ${SAGA_RATE}/s with ${connections} other connections: ` +
        `p50 ${percentile(ms, 50).toFixed(0)} ms, p99 ${percentile(ms, 99).toFixed(0)} ms, max ${percentile(ms, 100).toFixed(0)} ms`,
    );
  } finally {
    await Promise.all(stack.map((app) => app.stop()));
  }
  if (receiver !== undefined) {
    for (const line of pushPathBreakdown(receiver.spans)) console.log(line);
    await receiver.close();
  }
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
