// Benchmark of pattern 1 and the outbox: POST /orders throughput and latency, beside pgbench
// running a transaction of the same shape on the same PostgreSQL, and the relay's commit-to-
// confirm latency. Prints figures; asserts nothing. Usage: npm run bench:place-order
import { SERVICES } from '@pattern-shop/contracts';
import { loadPlaceOrder, type LoadResult, PLACE_ORDER_SKUS } from '../place-order/http-load.js';
import { prepareBenchProduct } from '../checkout/checkout-processes.js';
import { pgbenchPlaceOrderShape } from '../place-order/pgbench-place-order.js';
import { forgetBenchOrders } from '../place-order/forget-bench-orders.js';
import { measureRelayAtRate } from '../place-order/relay-at-rate.js';
import { cpuPerUnit, relayBesideBare } from '../place-order/relay-report.js';
import { cpuWhile } from '../place-order/cpu-while.js';
import { machineBusyTicks, TICKS_PER_SECOND } from '../checkout/cpu-usage.js';
import {
  type CustomerSession,
  guestSessionPool,
  infra,
  LOCAL_INFRA,
  queryServiceDb,
  ServiceProcess,
  waitFor,
} from '@pattern-shop/testing';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 15);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 32);
const RELAY_RATE = Number(process.env['BENCH_RELAY_RATE'] ?? 1000);
/** The guest customers the load orders as, made before it starts (POST /sessions/guest). */
const CUSTOMERS = Number(process.env['BENCH_CUSTOMERS'] ?? 200);
/** BENCH_RELAY_ONLY=1: only the relay alone at BENCH_RELAY_RATE orders/s (the first step). */
const RELAY_ONLY = process.env['BENCH_RELAY_ONLY'] === '1';
/** BENCH_CPU_PROF=<dir>: order-service writes a CPU profile there when it stops. */
const CPU_PROF = process.env['BENCH_CPU_PROF'];
/** Issue 20's targets for POST /orders: CPU per order across all processes, share of pgbench's rate. */
const POST_TARGET = { cpuMsPerOrder: 3, shareOfPgbench: 0.35 } as const;
const ORDER_GROUPS = [
  'order-service',
  'inventory-service',
  'postgres',
  'rabbitmq',
  'kafka',
  'load generator',
] as const;

const show = (label: string, r: LoadResult) =>
  console.log(
    `${label.padEnd(34)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50} ms  p90 ${r.p90} ms  p99 ${r.p99} ms  max ${r.max} ms  (${r.total} requests, ${r.failed} failed${r.failed > 0 ? `: ${r.failures}` : ''})`,
  );

/** CPU per accepted order of each process group and in all, against the target. */
const cpuPerOrder = (cpuSeconds: ReadonlyMap<string, number>, orders: number): string => {
  const { total, text } = cpuPerUnit(cpuSeconds, ORDER_GROUPS, orders, 'ms');
  const met = total <= POST_TARGET.cpuMsPerOrder ? 'met' : 'not met';
  return `CPU per accepted order, saturated run and its relaying: ${text} (target: at most ${POST_TARGET.cpuMsPerOrder} ms: ${met})`;
};

const outboxDrained = () =>
  waitFor(
    'the relay to drain the outbox',
    async () => {
      const [row] = await queryServiceDb<{ n: number }>(
        'order-service',
        'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
      );
      return row?.n === 0 ? true : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 500 },
  );

/** Commit-to-confirm latency of the rows written since `since`, from the outbox itself. */
const relayLatency = async (since: Date) => {
  await outboxDrained();
  const [row] = await queryServiceDb<{ rows: number; p50: number; p99: number; max: number }>(
    'order-service',
    `SELECT count(*)::int AS rows,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max
       FROM (SELECT extract(epoch FROM published_at - created_at) * 1000 AS ms FROM outbox WHERE created_at >= $1) t`,
    [since],
  );
  return row;
};

/** The relay alone at the target rate, the orders' rows written by pgbench (no HTTP load). */
const relayAlone = async (relayPid: number): Promise<void> => {
  const figures = await measureRelayAtRate({
    ordersPerSecond: RELAY_RATE,
    seconds: SECONDS,
    relayPid,
  });
  for (const line of relayBesideBare(RELAY_RATE, SECONDS, figures)) console.log(line);
};

const main = async (): Promise<void> => {
  console.log(
    `bench: ${SECONDS} s per run, ${CONNECTIONS} connections; starting infrastructure and apps...`,
  );
  await infra('up');
  const quiet = { LOG_LEVEL: 'warn' };
  // It measures the write path at saturation with no checkout behind it, so every saga waits:
  // the saga-backlog bound would refuse nearly all of it (docs/patterns/01, "Under load").
  // The relay-alone step routes its rows to an exchange and a topic of the bench's own, which
  // order-service's broker identities may not reach (docs/security.md): here it logs in as the operator.
  const orderService = ServiceProcess.start(
    'order-service',
    {
      ...quiet,
      ORDER_MAX_SAGAS_IN_FLIGHT: '100000000',
      RABBITMQ_URL: LOCAL_INFRA.rabbitmqUrl,
      KAFKA_USERNAME: LOCAL_INFRA.kafkaOperatorSasl.username,
      KAFKA_PASSWORD: LOCAL_INFRA.kafkaOperatorSasl.password,
    },
    { nodeArguments: CPU_PROF === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] },
  );
  const apps = [ServiceProcess.start('inventory-service', quiet), orderService];
  let customers: CustomerSession[] = [];
  try {
    await Promise.all(apps.map((app) => app.waitUntilReady()));
    // First, while no saga of this run can time out and add work of its own.
    await relayAlone(orderService.pid ?? NaN);
    if (RELAY_ONLY) return;
    const baseUrl = `http://127.0.0.1:${SERVICES['order-service'].port}`;
    for (const sku of PLACE_ORDER_SKUS) await prepareBenchProduct(sku, 10_000_000);
    customers = await guestSessionPool(baseUrl, CUSTOMERS, (made, of) =>
      console.log(`guest customers: ${made}/${of}`),
    );
    await loadPlaceOrder(baseUrl, customers, { connections: 8, seconds: 3 }); // warm-up: JIT, pools

    // CPU from the first request until the relay has published what the run wrote.
    const labels = new Map([
      [orderService.pid ?? NaN, 'order-service'],
      [apps[0]?.pid ?? NaN, 'inventory-service'],
      [process.pid, 'load generator'],
    ]);
    const { result: saturation, cpuSeconds } = await cpuWhile(labels, async () => {
      const result = await loadPlaceOrder(baseUrl, customers, {
        connections: CONNECTIONS,
        seconds: SECONDS,
      });
      await outboxDrained();
      return result;
    });
    show('POST /orders, saturated', saturation);
    console.log(cpuPerOrder(cpuSeconds, saturation.total - saturation.failed));
    const half = await loadPlaceOrder(baseUrl, customers, {
      connections: CONNECTIONS,
      seconds: SECONDS,
      rate: Math.round(saturation.rps / 2),
    });
    show('POST /orders, at half saturation', half);

    const relayRate = Math.min(RELAY_RATE, Math.floor(saturation.rps * 0.9));
    const since = new Date();
    const relayRun = await loadPlaceOrder(baseUrl, customers, {
      connections: CONNECTIONS,
      seconds: SECONDS,
      rate: relayRate,
    });
    show(`POST /orders at ${relayRate}/s (relay run)`, relayRun);
    const relay = await relayLatency(since);
    console.log(
      `relay commit-to-confirm over ${relay?.rows} rows: p50 ${Number(relay?.p50).toFixed(1)} ms, p99 ${Number(relay?.p99).toFixed(1)} ms, max ${Number(relay?.max).toFixed(1)} ms`,
    );

    await Promise.all(apps.map((app) => app.stop()));
    // The machine's busy ticks, not PostgreSQL's: pgbench's backends end with it and take theirs along.
    const busyBefore = machineBusyTicks();
    const tps = await pgbenchPlaceOrderShape({ clients: CONNECTIONS, seconds: SECONDS });
    const machineMsPerTx =
      ((machineBusyTicks() - busyBefore) / TICKS_PER_SECOND / (tps * SECONDS)) * 1e3;
    console.log(
      `${'pgbench, same transaction shape'.padEnd(34)} ${tps.toFixed(0).padStart(6)} tx/s  (${machineMsPerTx.toFixed(2)} ms of the machine's CPU per transaction, pgbench and PostgreSQL)`,
    );
    const share = saturation.rps / tps;
    console.log(
      `POST /orders reaches ${(share * 100).toFixed(0)} % of the pgbench rate (target: at least ${POST_TARGET.shareOfPgbench * 100} %: ${share >= POST_TARGET.shareOfPgbench ? 'met' : 'not met'})`,
    );
  } finally {
    await Promise.all(apps.map((app) => app.stop()));
    const forgotten = await forgetBenchOrders(customers.map((customer) => customer.customerId));
    console.log(
      `cleaned up: ${forgotten.orders} bench orders deleted, ${forgotten.messages} messages purged from the queues the run filled`,
    );
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
